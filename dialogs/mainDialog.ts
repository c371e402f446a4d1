import type { TurnContext } from 'botbuilder';
import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { JourneyId, KnowledgeBase } from '../knowledge';
import { ConnectCustomerDialog } from './connectCustomerDialog';
import { ESCALATION_DIALOG, EscalationDialog, type EscalationLogger } from './escalationDialog';
import { FaqResponder } from './faqResponder';
import { asksForPerson, asksToWithdraw, isGreeting, isThanks, journeyTriggeredBy, recognizeInterruption, type Interruption } from './intents';
import { InterruptibleDialog, type JourneyResult } from './interruptibleDialog';
import { JOURNEY_DIALOGS, JOURNEY_MENU_KEYS, JOURNEY_TRIGGER_OPTIONS, journeyOptionsForEntry } from './journeys';
import { MissingTabDialog } from './missingTabDialog';
import type { AnswerFeedbackRecorder, EscalationGateway, QuestionRecorder, TakenSuggestionRecorder } from './ports';
import type { Replies } from './replies';
import { RoleAccessDialog } from './roleAccessDialog';
import type { ConversationMemory, Session } from './session';
import type { StringKey } from './strings';
import { matchesAny } from './text';
import { TwoFactorDialog } from './twoFactorDialog';
import { MENU_BUTTONS, sendWelcome } from './welcome';

export const MAIN_DIALOG = 'MAIN_DIALOG';
const MAIN_WATERFALL = 'MAIN_WATERFALL';

/** Where "was this helpful?" answers given in the chat are recorded as coming from. */
export const CHAT_SURFACE = 'chat';

/** What the main dialog is built from. */
export interface MainDialogDeps {
  readonly knowledge: () => KnowledgeBase;
  readonly session: Session;
  readonly replies: Replies;
  readonly feedback: AnswerFeedbackRecorder;
  /** Premium support; without it the bot says escalation is unavailable. */
  readonly handoff?: EscalationGateway;
  readonly logger?: EscalationLogger;
  /** Records each question asked in the chat for the staff analytics. */
  readonly analytics?: QuestionRecorder;
  /** Records the "did you mean" suggestions taken, as candidate phrasings for the staff. */
  readonly suggestions?: TakenSuggestionRecorder;
}

/**
 * One user message, routed: interruptions and buttons, the rules (a person asked for, a
 * journey's trigger phrase, greetings, thanks), then the FAQ. Journeys and the escalation
 * run as child dialogs; a journey's dead end, a "not helpful" and a second miss in a row
 * offer Premium support.
 */
export class MainDialog extends InterruptibleDialog {
  private readonly faq: FaqResponder;

  constructor(private readonly deps: MainDialogDeps) {
    super(MAIN_DIALOG, deps.session, deps.replies);
    this.faq = new FaqResponder(deps.knowledge, deps.session, deps.replies, deps.analytics, deps.suggestions);
    this.addDialog(new ConnectCustomerDialog(deps.session, deps.replies));
    this.addDialog(new TwoFactorDialog(deps.session, deps.replies));
    this.addDialog(new MissingTabDialog(deps.session, deps.replies));
    this.addDialog(new RoleAccessDialog(deps.session, deps.replies));
    this.addDialog(new EscalationDialog(deps.session, deps.replies, deps.handoff, deps.logger));
    this.addDialog(new WaterfallDialog(MAIN_WATERFALL, [this.routeStep.bind(this), this.afterStep.bind(this)]));
    this.initialDialogId = MAIN_WATERFALL;
  }

  /** Decides what the message asks for and answers it, or starts the journey or escalation it needs. */
  private async routeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const context = step.context;
    const text = (context.activity.text ?? '').trim();
    if (!text) return step.endDialog();
    const memory = await this.session.memory(context);
    const missesBefore = memory.misses;
    memory.misses = 0;
    const offered = memory.offered;
    delete memory.offered;

    if (asksToWithdraw(text)) return this.sayAndEnd(step, 'handoff.noActiveRequest');
    const interruption = recognizeInterruption(text);
    if (interruption) return this.interruptAtTop(step, interruption, memory);
    const journey = this.menuJourney(text);
    if (journey) return this.beginJourney(step, journey);
    if (this.pressed(text, 'menu.askQuestion')) return this.sayAndEnd(step, 'askQuestion.prompt');
    if (this.pressed(text, 'faq.helpfulYes') || this.pressed(text, 'faq.helpfulNo')) {
      return this.recordFeedback(step, memory, this.pressed(text, 'faq.helpfulYes'));
    }
    if (this.pressed(text, 'faq.walkThrough')) return this.walkThrough(step, memory);
    if (this.pressed(text, 'faq.noneOfThese')) return this.miss(step, memory, missesBefore);
    const asked = this.faq.entryByQuestion(text);
    if (asked) {
      await this.faq.acceptIfOffered(context, asked, offered);
      await this.faq.answer(context, asked);
      return step.endDialog();
    }
    if (asksForPerson(text)) return step.beginDialog(ESCALATION_DIALOG);
    const triggered = journeyTriggeredBy(text);
    if (triggered) return this.beginJourney(step, triggered, JOURNEY_TRIGGER_OPTIONS[triggered]);
    if (isGreeting(text)) return this.sayAndEnd(step, 'greeting.text', true);
    if (isThanks(text)) return this.sayAndEnd(step, 'thanks.text');
    const outcome = await this.faq.respond(context, text);
    if (outcome === 'missed') return this.miss(step, memory, missesBefore);
    return step.endDialog();
  }

  /** After a journey: its dead end offers Premium support. */
  private async afterStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as JourneyResult | undefined;
    if (result?.outcome === 'dead-end') await this.offerPremium(step.context);
    return step.endDialog();
  }

  /** The hook where escalation starts when the assistant can't help: an offer with a button. */
  private async offerPremium(context: TurnContext): Promise<void> {
    await this.replies.say(context, 'escalation.offer', undefined, ['menu.premium', 'menu.askQuestion']);
  }

  private async interruptAtTop(step: WaterfallStepContext, interruption: Interruption, memory: ConversationMemory): Promise<DialogTurnResult> {
    switch (interruption.kind) {
      case 'help':
        await this.replies.say(step.context, 'help.text', undefined, MENU_BUTTONS);
        break;
      case 'cancel':
        await this.replies.say(step.context, 'cancel.nothing');
        break;
      case 'restart':
        delete memory.lastAnswerId;
        await this.replies.say(step.context, 'restart.done');
        await sendWelcome(step.context, this.replies);
        break;
      case 'language':
        await this.session.setLanguage(step.context, interruption.language);
        await this.replies.say(step.context, 'language.switched');
        break;
    }
    return step.endDialog();
  }

  private async recordFeedback(step: WaterfallStepContext, memory: ConversationMemory, helpful: boolean): Promise<DialogTurnResult> {
    const entryId = memory.lastAnswerId;
    if (!entryId) return this.sayAndEnd(step, helpful ? 'thanks.text' : 'faq.rephrase');
    const context = step.context;
    await this.deps.feedback.record({
      entryId,
      language: await this.replies.language(context),
      helpful,
      surface: CHAT_SURFACE,
      conversationId: context.activity.conversation.id,
    });
    delete memory.lastAnswerId;
    if (helpful) return this.sayAndEnd(step, 'faq.feedbackThanks');
    await this.replies.say(context, 'faq.feedbackSorry');
    await this.offerPremium(context);
    return step.endDialog();
  }

  private async walkThrough(step: WaterfallStepContext, memory: ConversationMemory): Promise<DialogTurnResult> {
    const entry = memory.lastAnswerId ? this.deps.knowledge().get(memory.lastAnswerId) : undefined;
    if (!entry?.journey) {
      await sendWelcome(step.context, this.replies);
      return step.endDialog();
    }
    return this.beginJourney(step, entry.journey, journeyOptionsForEntry(entry.id));
  }

  /** Not understood: ask to rephrase; the second time in a row, offer Premium support. */
  private async miss(step: WaterfallStepContext, memory: ConversationMemory, missesBefore: number): Promise<DialogTurnResult> {
    memory.misses = missesBefore + 1;
    if (memory.misses >= 2) {
      memory.misses = 0;
      await this.offerPremium(step.context);
    } else {
      await this.replies.say(step.context, 'faq.rephrase');
    }
    return step.endDialog();
  }

  private async beginJourney(step: WaterfallStepContext, journey: JourneyId, options: object = {}): Promise<DialogTurnResult> {
    await this.session.recordStep(step.context, `${journey}: started`);
    return step.beginDialog(JOURNEY_DIALOGS[journey], options);
  }

  private menuJourney(text: string): JourneyId | undefined {
    return (Object.keys(JOURNEY_MENU_KEYS) as JourneyId[]).find((journey) => this.pressed(text, JOURNEY_MENU_KEYS[journey]));
  }

  private pressed(text: string, key: StringKey): boolean {
    return matchesAny(text, this.replies.strings.all(key));
  }

  private async sayAndEnd(step: WaterfallStepContext, key: StringKey, withMenu = false): Promise<DialogTurnResult> {
    await this.replies.say(step.context, key, undefined, withMenu ? MENU_BUTTONS : []);
    return step.endDialog();
  }
}
