import { ListStyle, ChoicePrompt, recognizeChoices, type Choice, type FoundChoice, type PromptOptions, type PromptRecognizerResult } from 'botbuilder-dialogs';
import type { TurnContext } from 'botbuilder';
import type { Replies } from '../replies';
import type { StringKey } from '../strings';
import { messageText } from '../text';
import type { PromptSpec } from './promptSpec';

/** The prompt's own state between turns: how many retries in a row it said. */
interface RetryState {
  retries?: number;
}

const YES_NO: readonly string[] = ['choice.yes', 'choice.no'];

/**
 * A choice named in part is a few words. Longer, botbuilder's partial matching (and its number
 * recogniser) costs more than linear time: 80 KB of "1 - 1 - …" took 8 s.
 */
export const MAX_LOOSE_ANSWER_LENGTH = 200;

/**
 * The choices are buttons, never a numbered list, so a number in a message names no option:
 * botbuilder's default read "un employé m'a dit…" as option 1 ("Oui"), and "deux" of
 * "authentification à deux facteurs" as option 2.
 */
export const CHOICE_RECOGNIZER_OPTIONS = { recognizeNumbers: false, recognizeOrdinals: false } as const;

/** Other ways to say a choice, in both languages. */
const SYNONYMS: Partial<Record<StringKey, readonly string[]>> = {
  'choice.yes': ['oui', 'yes', 'ok', "d'accord", 'yep', 'ouais', 'y', 'o', 'yeah', 'yup', 'sure', 'bien sûr', 'oui oui', 'ouai'],
  'choice.no': ['non', 'no', 'nope', 'n', 'pas du tout', 'not at all', 'nan', 'nah', 'non non', 'nn'],
};

/**
 * A ChoicePrompt over resource keys: the buttons are shown in the turn's language, and an
 * answer in either language is recognised. The recognised `value` is the choice's key.
 */
export class LocalizedChoicePrompt extends ChoicePrompt {
  constructor(
    dialogId: string,
    private readonly replies: Replies,
  ) {
    super(dialogId);
    this.style = ListStyle.none;
    this.recognizerOptions = { ...CHOICE_RECOGNIZER_OPTIONS };
  }

  /** Prompt options asking `spec` with the choices `keys`. */
  static options(spec: PromptSpec, keys: readonly StringKey[], replies: Replies): PromptOptions {
    const choices: Choice[] = keys.map((key) => ({
      value: key,
      synonyms: [...replies.strings.all(key), ...(SYNONYMS[key] ?? [])],
    }));
    return { validations: { ...spec, buttons: keys }, choices, style: ListStyle.none };
  }

  /** The choice named, or when none is named in full, the one the words point to best (`recognizeChoiceLoosely`). */
  protected override async onRecognize(context: TurnContext, state: object, options: PromptOptions): Promise<PromptRecognizerResult<FoundChoice>> {
    const strict = await super.onRecognize(context, state, options);
    if (strict.succeeded) return strict;
    const loose = recognizeChoiceLoosely(messageText(context.activity), options.choices ?? []);
    return loose ? { succeeded: true, value: loose } : strict;
  }

  /** The question, or after an answer not understood a retry; a second retry in a row is worded differently. */
  protected override async onPrompt(context: TurnContext, state: RetryState, options: PromptOptions, isRetry: boolean): Promise<void> {
    const spec = options.validations as PromptSpec;
    state.retries = isRetry ? (state.retries ?? 0) + 1 : 0;
    const retryKey: StringKey = state.retries > 1 ? 'choice.retryAgain' : (spec.retryKey ?? 'choice.retry');
    await context.sendActivity(await this.replies.build(context, isRetry ? retryKey : spec.key, spec.vars, spec.buttons));
  }
}

/**
 * The choice a message points to best when it names none in full: "activer" for "Activer la 2FA",
 * "avec le lien" for "Inscrit avec le lien d'invitation"; none on a tie. Not for yes/no, where a
 * word of a longer sentence ("I do not know") would read as an answer.
 */
export function recognizeChoiceLoosely(text: string, choices: ReadonlyArray<string | Choice>): FoundChoice | undefined {
  if (text.length > MAX_LOOSE_ANSWER_LENGTH) return undefined;
  if (choices.some((choice) => typeof choice !== 'string' && YES_NO.includes(choice.value))) return undefined;
  // Accents folded on both sides: "desactiver" typed for "Désactiver la 2FA".
  const folded = choices.map((choice): Choice =>
    typeof choice === 'string' ? { value: choice, synonyms: [withoutAccents(choice)] } : { ...choice, synonyms: choice.synonyms?.map(withoutAccents) },
  );
  const best = new Map<string, FoundChoice>();
  for (const { resolution } of recognizeChoices(withoutAccents(text), folded, { ...CHOICE_RECOGNIZER_OPTIONS, allowPartialMatches: true })) {
    if ((best.get(resolution.value)?.score ?? -1) < resolution.score) best.set(resolution.value, resolution);
  }
  const [first, second] = [...best.values()].sort((a, b) => b.score - a.score);
  return first && (!second || first.score > second.score) ? first : undefined;
}

function withoutAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '');
}
