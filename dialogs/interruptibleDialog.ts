import {
  ComponentDialog,
  type DialogContext,
  type DialogTurnResult,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { z } from 'zod';
import { asksToWithdraw, recognizeInterruption } from './intents';
import { handleCommand } from './interruptions';
import { LocalizedChoicePrompt } from './prompts/localizedChoicePrompt';
import { LocalizedTextPrompt } from './prompts/localizedTextPrompt';
import type { PromptSpec } from './prompts/promptSpec';
import type { Replies } from './replies';
import type { Session } from './session';
import { messageText } from './text';
import type { StringKey, StringVars } from './strings';

export const CHOICE_PROMPT = 'CHOICE_PROMPT';
const EMAIL_PROMPT = 'EMAIL_PROMPT';
export const NAME_PROMPT = 'NAME_PROMPT';

/** The longest customer name or one-line answer accepted. */
const MAX_NAME_LENGTH = 120;

/** A valid email address, as zod sees it. */
export const emailSchema = z.email();

/** How a journey ended: "dead-end" means the FAQ has nothing more, so Premium support is offered. */
export interface JourneyResult {
  readonly outcome: 'done' | 'dead-end';
}

/**
 * The base of every dialog: it owns the prompts its subclasses ask with, and commands (help,
 * cancel, restart, menu, a language switch) interrupt it at any step when it runs on its own.
 * Under the main dialog, every message at a prompt is first routed by the AsideRouter.
 */
export abstract class InterruptibleDialog extends ComponentDialog {
  protected constructor(
    dialogId: string,
    protected readonly session: Session,
    protected readonly replies: Replies,
  ) {
    super(dialogId);
    this.addDialog(new LocalizedChoicePrompt(CHOICE_PROMPT, replies));
    this.addDialog(new LocalizedTextPrompt(EMAIL_PROMPT, replies, async (prompt) => this.validateEmail(prompt)));
    this.addDialog(new LocalizedTextPrompt(NAME_PROMPT, replies, async (prompt) => this.validateName(prompt)));
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const activity = innerDc.context.activity;
    const text = messageText(activity);
    const interruption = recognizeInterruption(text) ?? (asksToWithdraw(text) ? { kind: 'cancel' as const } : undefined);
    if (interruption) return handleCommand(innerDc, interruption, this.session, this.replies);
    return super.onContinueDialog(innerDc);
  }

  /** Asks a question answered with one of `choices` (resource keys); the step receives the chosen key. */
  protected askChoice(step: WaterfallStepContext, key: StringKey, choices: readonly StringKey[], vars?: StringVars): Promise<DialogTurnResult> {
    return step.prompt(CHOICE_PROMPT, LocalizedChoicePrompt.options({ key, vars }, choices, this.replies));
  }

  /** Asks for an email address; an invalid one is asked again, never accepted. */
  protected askEmail(step: WaterfallStepContext, key: StringKey, vars?: StringVars): Promise<DialogTurnResult> {
    const spec: PromptSpec = { key, vars, retryKey: 'email.retry', retryAgainKey: 'email.retryAgain' };
    return step.prompt(EMAIL_PROMPT, { validations: spec });
  }

  /** Asks for a short free-text answer, such as a customer's name. */
  protected askName(step: WaterfallStepContext, key: StringKey, retryKey: StringKey, retryAgainKey: StringKey): Promise<DialogTurnResult> {
    const spec: PromptSpec = { key, retryKey, retryAgainKey };
    return step.prompt(NAME_PROMPT, { validations: spec });
  }

  /** Sends a ready-to-send message, introduced by `introKey`, as its own activity so it can be copied. */
  protected async sendDraft(step: WaterfallStepContext, introKey: StringKey, draftKey: StringKey, vars: StringVars): Promise<void> {
    await this.replies.say(step.context, introKey);
    await this.replies.say(step.context, draftKey, vars);
  }

  private async validateEmail(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const value = prompt.recognized.value?.trim() ?? '';
    if (!emailSchema.safeParse(value).success) return false;
    prompt.recognized.value = value;
    return true;
  }

  private async validateName(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const value = prompt.recognized.value?.trim() ?? '';
    if (value.length === 0 || value.length > MAX_NAME_LENGTH || value.includes('\n')) return false;
    prompt.recognized.value = value;
    return true;
  }
}
