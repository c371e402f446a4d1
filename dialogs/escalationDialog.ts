import { ActivityTypes, EventFactory, TurnContext, type Activity, type Transcript } from 'botbuilder';
import { WaterfallDialog, type DialogTurnResult, type FoundChoice, type PromptValidatorContext, type WaterfallStepContext } from 'botbuilder-dialogs';
import { InterruptibleDialog } from './interruptibleDialog';
import type { EscalationGateway, TranscriptLine } from './ports';
import { LocalizedTextPrompt } from './prompts/localizedTextPrompt';
import type { PromptSpec } from './prompts/promptSpec';
import type { Replies } from './replies';
import type { Session } from './session';

export const ESCALATION_DIALOG = 'ESCALATION_DIALOG';
const ESCALATION_WATERFALL = 'ESCALATION_WATERFALL';
const SUMMARY_PROMPT = 'SUMMARY_PROMPT';

/** The longest one-line summary accepted. */
const MAX_SUMMARY_LENGTH = 300;

/** How the escalation ended; `ticketId` when a ticket was opened. */
interface EscalationResult {
  readonly outcome: 'opened' | 'declined' | 'unavailable' | 'failed';
  readonly ticketId?: string;
}

/** How the escalation starts: `pitched` when Premium support was just offered, so its pitch is not said again. */
export interface EscalationOptions {
  readonly pitched?: boolean;
}

/** Where a failure to send the handoff event is reported (the ticket exists regardless). */
export interface EscalationLogger {
  warn(details: object, message: string): void;
}

/** What the waterfall remembers between its steps. */
interface EscalationValues {
  summary?: string;
  contact?: string;
}

function values(step: WaterfallStepContext): EscalationValues {
  return step.values;
}

/**
 * Escalation to Premium support: what it is (from the FAQ), a one-line summary, a contact
 * email, a confirmation; then a ticket through the EscalationGateway, the Bot Framework
 * handoff initiation event with the transcript, and the ticket number for the user.
 */
export class EscalationDialog extends InterruptibleDialog {
  constructor(
    session: Session,
    replies: Replies,
    private readonly gateway?: EscalationGateway,
    private readonly logger?: EscalationLogger,
  ) {
    super(ESCALATION_DIALOG, session, replies);
    this.addDialog(new LocalizedTextPrompt(SUMMARY_PROMPT, replies, async (prompt) => this.validateSummary(prompt)));
    this.addDialog(
      new WaterfallDialog(ESCALATION_WATERFALL, [
        this.summaryStep.bind(this),
        this.contactStep.bind(this),
        this.confirmStep.bind(this),
        this.openStep.bind(this),
      ]),
    );
    this.initialDialogId = ESCALATION_WATERFALL;
  }

  /** Says what Premium support is (unless just offered) and asks for a one-line summary (or says it's unavailable). */
  private async summaryStep(step: WaterfallStepContext<EscalationOptions>): Promise<DialogTurnResult> {
    if (!this.gateway) {
      await this.replies.say(step.context, 'escalation.unavailable');
      return step.endDialog({ outcome: 'unavailable' } satisfies EscalationResult);
    }
    await this.replies.say(step.context, step.options.pitched ? 'escalation.introShort' : 'escalation.intro');
    const spec: PromptSpec = { key: 'escalation.askSummary', retryKey: 'escalation.summaryRetry' };
    return step.prompt(SUMMARY_PROMPT, { validations: spec });
  }

  /** Asks for the contact email. */
  private async contactStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    values(step).summary = step.result as string;
    return this.askEmail(step, 'escalation.askEmail');
  }

  /** Reads the request back and asks for confirmation. */
  private async confirmStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    values(step).contact = step.result as string;
    return this.askChoice(step, 'escalation.confirm', ['choice.yes', 'choice.no'], {
      summary: values(step).summary as string,
      contact: values(step).contact as string,
    });
  }

  /** Confirmed: opens the ticket, starts the handoff, gives the ticket number. */
  private async openStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if ((step.result as FoundChoice).value !== 'choice.yes') {
      await this.replies.say(step.context, 'escalation.declined');
      return step.endDialog({ outcome: 'declined' } satisfies EscalationResult);
    }
    const context = step.context;
    const activity = context.activity;
    const language = await this.replies.language(context);
    const transcript = await this.session.transcript(context);
    let ticketId: string;
    try {
      const ticket = await this.gateway!.openTicket({
        conversationReference: TurnContext.getConversationReference(activity),
        conversationId: activity.conversation.id,
        channelId: activity.channelId,
        userId: activity.from.id,
        ...(activity.from.name ? { userName: activity.from.name } : {}),
        language,
        summary: values(step).summary as string,
        contact: values(step).contact as string,
        tried: await this.session.triedSoFar(context),
        transcript,
      });
      ticketId = ticket.id;
    } catch (error) {
      this.logger?.warn({ err: error, conversation: activity.conversation.id }, 'escalation: ticket not opened');
      await this.replies.say(context, 'escalation.failed');
      return step.endDialog({ outcome: 'failed' } satisfies EscalationResult);
    }
    await this.sendHandoffInitiation(context, { ticketId, language, summary: values(step).summary as string }, transcript);
    await this.replies.say(context, 'escalation.created', { ticketId });
    return step.endDialog({ outcome: 'opened', ticketId } satisfies EscalationResult);
  }

  /** The handoff.initiate event, for a channel-side agent hub; some channels refuse events, which must not lose the ticket. */
  private async sendHandoffInitiation(
    context: TurnContext,
    handoffContext: { ticketId: string; language: string; summary: string },
    lines: readonly TranscriptLine[],
  ): Promise<void> {
    const activity = context.activity;
    const transcript: Transcript = {
      activities: lines.map(
        (line) =>
          ({
            type: ActivityTypes.Message,
            text: line.text,
            timestamp: new Date(line.timestamp),
            from: line.from === 'user' ? activity.from : activity.recipient,
            conversation: activity.conversation,
          }) as Activity,
      ),
    };
    try {
      await context.sendActivity(EventFactory.createHandoffInitiation(context, handoffContext, transcript));
    } catch (error) {
      this.logger?.warn({ err: error, ticketId: handoffContext.ticketId }, 'escalation: handoff event not delivered');
    }
  }

  private async validateSummary(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const value = prompt.recognized.value?.trim() ?? '';
    if (value.length === 0 || value.length > MAX_SUMMARY_LENGTH || value.includes('\n')) return false;
    prompt.recognized.value = value;
    return true;
  }
}
