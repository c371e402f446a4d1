import { TextPrompt, type PromptOptions, type PromptValidator } from 'botbuilder-dialogs';
import type { TurnContext } from 'botbuilder';
import type { Replies } from '../replies';
import type { PromptSpec } from './promptSpec';

/** A TextPrompt whose question is a PromptSpec (passed as `validations`), rendered in the turn's language. */
export class LocalizedTextPrompt extends TextPrompt {
  constructor(
    dialogId: string,
    private readonly replies: Replies,
    validator?: PromptValidator<string>,
  ) {
    super(dialogId, validator);
  }

  protected override async onPrompt(context: TurnContext, state: { retries?: number }, options: PromptOptions, isRetry: boolean): Promise<void> {
    const spec = options.validations as PromptSpec;
    state.retries = isRetry ? (state.retries ?? 0) + 1 : 0;
    const retryKey = state.retries > 1 ? (spec.retryAgainKey ?? spec.retryKey) : spec.retryKey;
    const key = isRetry && retryKey ? retryKey : spec.key;
    await context.sendActivity(await this.replies.build(context, key, spec.vars, spec.buttons));
  }
}
