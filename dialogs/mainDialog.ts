import { WaterfallDialog, type DialogContext, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { KnowledgeBase } from '../knowledge';
import { AnswerFeedback } from './answerFeedback';
import { AsideRouter } from './asideRouter';
import { ConnectCustomerDialog } from './connectCustomerDialog';
import { ESCALATION_DIALOG, EscalationDialog, type EscalationLogger, type EscalationOptions } from './escalationDialog';
import { FaqResponder } from './faqResponder';
import { asAside, isDone, isFrustrated, lacksAdminTab, saysDontKnow, saysItFailed } from './followUpIntents';
import { FollowUps } from './followUps';
import { asksForPerson, asksToWithdraw, isGreeting, isThanks, journeyTriggeredBy, recognizeInterruption } from './intents';
import { handleCommandAtTop } from './interruptions';
import { InterruptibleDialog, type JourneyResult } from './interruptibleDialog';
import { JOURNEY_DIALOGS, JOURNEY_TRIGGER_OPTIONS, journeyAfterAnswer, journeyOfMenuButton, type JourneyStart } from './journeys';
import { MissingTabDialog } from './missingTabDialog';
import type { AnswerFeedbackRecorder, EscalationGateway, QuestionRecorder, TakenSuggestionRecorder } from './ports';
import type { ButtonSpec, Replies } from './replies';
import { RoleAccessDialog } from './roleAccessDialog';
import type { ConversationMemory, Session } from './session';
import type { StringKey } from './strings';
import { matchesAny, messageText } from './text';
import { TwoFactorDialog } from './twoFactorDialog';
import { MENU_BUTTONS, sendWelcome } from './welcome';

const MAIN_DIALOG = 'MAIN_DIALOG';
const MAIN_WATERFALL = 'MAIN_WATERFALL';

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
 * One user message, routed: commands and buttons, the rules (a person asked for, frustration,
 * no Admin tab, a journey's trigger phrase, "that didn't work", greetings, thanks), then the FAQ.
 * Journeys and the escalation run as child dialogs; while one waits at a prompt, the AsideRouter
 * decides what the message is for. A journey ends with "anything else?", or at a dead end with
 * an offer of Premium support.
 */
export class MainDialog extends InterruptibleDialog {
  private readonly faq: FaqResponder;
  private readonly followUps: FollowUps;
  private readonly answerFeedback: AnswerFeedback;
  private readonly asides: AsideRouter;

  constructor(private readonly deps: MainDialogDeps) {
    super(MAIN_DIALOG, deps.session, deps.replies);
    this.faq = new FaqResponder(deps.knowledge, deps.session, deps.replies, deps.analytics, deps.suggestions);
    this.followUps = new FollowUps(deps.knowledge, deps.session, deps.replies);
    this.answerFeedback = new AnswerFeedback(deps.feedback, deps.session, deps.replies);
    this.asides = new AsideRouter(deps.session, deps.replies, this.faq, {
      escalationDialogId: ESCALATION_DIALOG,
      leave: (innerDc) => this.leave(innerDc),
    });
    this.addDialog(new ConnectCustomerDialog(deps.session, deps.replies));
    this.addDialog(new TwoFactorDialog(deps.session, deps.replies));
    this.addDialog(new MissingTabDialog(deps.session, deps.replies));
    this.addDialog(new RoleAccessDialog(deps.session, deps.replies));
    this.addDialog(new EscalationDialog(deps.session, deps.replies, deps.handoff, deps.logger));
    this.addDialog(new WaterfallDialog(MAIN_WATERFALL, [this.routeStep.bind(this), this.afterStep.bind(this)]));
    this.initialDialogId = MAIN_WATERFALL;
  }

  /** A journey or the escalation waits at a prompt: the AsideRouter routes the message first. */
  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return (await this.asides.route(innerDc)) ?? innerDc.continueDialog();
  }

  /** Leaves the journey under way and routes the message as a new one. */
  private async leave(innerDc: DialogContext): Promise<DialogTurnResult> {
    await innerDc.cancelAllDialogs();
    return innerDc.beginDialog(MAIN_WATERFALL);
  }

  /** Decides what the message asks for and answers it, or starts the journey or escalation it needs. */
  private async routeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const context = step.context;
    const text = messageText(context.activity);
    if (!text) return step.endDialog();
    const memory = await this.session.memory(context);
    const missesBefore = memory.misses;
    memory.misses = 0;
    memory.asides = 0;

    if (asksToWithdraw(text)) return this.sayAndEnd(step, 'handoff.noActiveRequest');
    const interruption = recognizeInterruption(text);
    if (interruption) {
      await handleCommandAtTop(context, interruption, this.session, this.replies);
      return step.endDialog();
    }
    const pressed = await this.routeButton(step, text, memory, missesBefore);
    if (pressed) return pressed;
    const frustrated = isFrustrated(text);
    if (frustrated) await this.replies.say(context, 'frustration.ack');
    if (asksForPerson(text)) return this.escalate(step);
    if (lacksAdminTab(text)) return this.beginJourney(step, await this.followUps.noAdminTab(context));
    const triggered = journeyTriggeredBy(text);
    if (triggered) return this.beginJourney(step, { journey: triggered, options: JOURNEY_TRIGGER_OPTIONS[triggered] ?? {} });
    if (saysItFailed(text)) return this.repair(step);
    if (isGreeting(text)) return this.sayAndEnd(step, 'greeting.text', MENU_BUTTONS);
    if (isThanks(text)) {
      await this.followUps.askAnythingElse(context, 'thanks.text');
      return step.endDialog();
    }
    if (isDone(text)) return this.sayAndEnd(step, 'goodbye.text');
    const aside = asAside(text);
    // "jsp", "idk" ask nothing: searched, they matched an entry by a stray word.
    const outcome = saysDontKnow(text) ? 'missed' : await this.faq.respond(context, aside.marked ? aside.question : text);
    if (outcome !== 'missed') return step.endDialog();
    // Anger with nothing else recognisable: ask what is wrong rather than to rephrase.
    if (frustrated) return this.sayAndEnd(step, 'frustration.whatIsWrong', MENU_BUTTONS);
    await this.followUps.miss(context, missesBefore);
    return step.endDialog();
  }

  /** After a journey: "anything else?", or at its dead end an offer of Premium support. */
  private async afterStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as JourneyResult | undefined;
    if (result?.outcome === 'dead-end') await this.followUps.offerPremium(step.context);
    if (result?.outcome === 'done') await this.followUps.askAnythingElse(step.context, 'journey.anythingElse');
    return step.endDialog();
  }

  /** A button of the menu or of an answer (or its text typed); undefined when the message is none. */
  private async routeButton(step: WaterfallStepContext, text: string, memory: ConversationMemory, missesBefore: number) {
    const offered = memory.offered;
    delete memory.offered;
    const journey = journeyOfMenuButton(text, this.replies.strings);
    if (journey) return this.beginJourney(step, { journey, options: {} });
    if (this.pressed(text, 'menu.askQuestion')) return this.sayAndEnd(step, 'askQuestion.prompt');
    const helpful = this.pressed(text, 'faq.helpfulYes') || (this.pressed(text, 'faq.helpfulNo') ? false : await this.answerFeedback.inWords(step.context, text));
    if (helpful !== undefined) return this.recordFeedback(step, helpful);
    const reply = await this.followUps.yesOrNoTo(step.context, text);
    if (reply) return reply === 'escalate' ? this.escalate(step) : this.sayAndEnd(step, reply);
    if (this.pressed(text, 'faq.walkThrough')) return this.walkThrough(step, memory);
    const toOffer = await this.faq.replyToOffer(step.context, text, offered);
    if (toOffer === 'answered') return step.endDialog();
    if (toOffer === 'declined' || this.pressed(text, 'faq.noneOfThese')) {
      await this.followUps.miss(step.context, missesBefore);
      return step.endDialog();
    }
    const asked = this.faq.entryByQuestion(text);
    if (!asked) return undefined;
    await this.faq.acceptIfOffered(step.context, asked, offered);
    await this.faq.answer(step.context, asked);
    return step.endDialog();
  }

  /** Feedback on the last answer: thanks, or when it did not help, its journey or Premium support. */
  private async recordFeedback(step: WaterfallStepContext, helpful: boolean): Promise<DialogTurnResult> {
    const outcome = await this.answerFeedback.record(step.context, helpful);
    if (outcome.kind === 'unknown') return this.sayAndEnd(step, helpful ? 'thanks.text' : 'faq.rephrase');
    if (helpful) return this.sayAndEnd(step, 'faq.feedbackThanks');
    await this.replies.say(step.context, 'faq.feedbackSorry');
    const next = await this.followUps.notHelpful(step.context, outcome.entryId);
    return next ? this.beginJourney(step, next) : step.endDialog();
  }

  /** "Walk me through it": the journey of the last answer (feedback on it may have been given since). */
  private async walkThrough(step: WaterfallStepContext, memory: ConversationMemory): Promise<DialogTurnResult> {
    const entry = memory.last?.kind === 'answer' ? this.deps.knowledge().get(memory.last.entryId) : undefined;
    const next = entry && journeyAfterAnswer(entry.id, entry.journey);
    if (next) return this.beginJourney(step, next);
    await sendWelcome(step.context, this.replies);
    return step.endDialog();
  }

  private async repair(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const next = await this.followUps.repair(step.context);
    return next ? this.beginJourney(step, next) : step.endDialog();
  }

  /** Premium support; right after an offer, without pitching it a second time. */
  private async escalate(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options: EscalationOptions = { pitched: await this.followUps.premiumJustOffered(step.context) };
    return step.beginDialog(ESCALATION_DIALOG, options);
  }

  private async beginJourney(step: WaterfallStepContext, start: JourneyStart): Promise<DialogTurnResult> {
    await this.session.recordStep(step.context, `${start.journey}: started`);
    return step.beginDialog(JOURNEY_DIALOGS[start.journey], start.options);
  }

  private pressed(text: string, key: StringKey): boolean {
    return matchesAny(text, this.replies.strings.all(key));
  }

  private async sayAndEnd(step: WaterfallStepContext, key: StringKey, buttons: readonly ButtonSpec[] = []): Promise<DialogTurnResult> {
    await this.replies.say(step.context, key, undefined, buttons);
    return step.endDialog();
  }
}
