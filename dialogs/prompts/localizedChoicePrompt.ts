import { ListStyle, ChoicePrompt, type Choice, type PromptOptions } from 'botbuilder-dialogs';
import type { TurnContext } from 'botbuilder';
import type { Replies } from '../replies';
import type { StringKey } from '../strings';
import type { PromptSpec } from './promptSpec';

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

  protected override async onPrompt(context: TurnContext, _state: unknown, options: PromptOptions, isRetry: boolean): Promise<void> {
    const spec = options.validations as PromptSpec;
    const key = isRetry ? (spec.retryKey ?? 'choice.retry') : spec.key;
    await context.sendActivity(await this.replies.build(context, key, spec.vars, spec.buttons));
  }
}
