import { ListStyle, ChoicePrompt, type Choice, type PromptOptions } from 'botbuilder-dialogs';
import type { TurnContext } from 'botbuilder';
import type { Replies } from '../replies';
import type { StringKey } from '../strings';
import type { PromptSpec } from './promptSpec';

/** The prompt's own state between turns: how many retries in a row it said. */
interface RetryState {
  retries?: number;
}

/** Other ways to say a choice, in both languages. */
const SYNONYMS: Partial<Record<StringKey, readonly string[]>> = {
  'choice.yes': ['oui', 'yes', 'ok', "d'accord", 'yep', 'ouais', 'y', 'o'],
  'choice.no': ['non', 'no', 'nope', 'n', 'pas du tout', 'not at all'],
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
  }

  /** Prompt options asking `spec` with the choices `keys`. */
  static options(spec: PromptSpec, keys: readonly StringKey[], replies: Replies): PromptOptions {
    const choices: Choice[] = keys.map((key) => ({
      value: key,
      synonyms: [...replies.strings.all(key), ...(SYNONYMS[key] ?? [])],
    }));
    return { validations: { ...spec, buttons: keys }, choices, style: ListStyle.none };
  }

  /** The question, or after an answer not understood a retry; a second retry in a row is worded differently. */
  protected override async onPrompt(context: TurnContext, state: RetryState, options: PromptOptions, isRetry: boolean): Promise<void> {
    const spec = options.validations as PromptSpec;
    state.retries = isRetry ? (state.retries ?? 0) + 1 : 0;
    const retryKey: StringKey = state.retries > 1 ? 'choice.retryAgain' : (spec.retryKey ?? 'choice.retry');
    await context.sendActivity(await this.replies.build(context, isRetry ? retryKey : spec.key, spec.vars, spec.buttons));
  }
}
