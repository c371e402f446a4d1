import { DialogTurnStatus, recognizeChoices, type DialogContext, type DialogTurnResult, type PromptOptions } from 'botbuilder-dialogs';
import type { JourneyId } from '../knowledge';
import type { FaqResponder } from './faqResponder';
import { asAside, isDone, isFrustrated, lacksAdminTab, saysDontKnow, saysItFailed, saysYesOrNo } from './followUpIntents';
import { asksForPerson, asksToWithdraw, isGreeting, isThanks, journeyTriggeredBy, recognizeInterruption } from './intents';
import { CHOICE_PROMPT, NAME_PROMPT } from './interruptibleDialog';
import { handleCommand } from './interruptions';
import { JOURNEY_DIALOGS, journeyOfMenuButton } from './journeys';
import { CHOICE_RECOGNIZER_OPTIONS, MAX_LOOSE_ANSWER_LENGTH, recognizeChoiceLoosely } from './prompts/localizedChoicePrompt';
import type { PromptSpec } from './prompts/promptSpec';
import type { Replies } from './replies';
import type { Session } from './session';
import type { StringKey } from './strings';
import { matchesAny, messageText } from './text';

/** Refusals in a row after which a prompt stops asking. */
const MAX_RETRIES = 2;

/** A customer's name is a few words: longer, or with a question mark, it may be something else. */
const MAX_NAME_WORDS = 3;

/** What the router needs from the dialog hosting the journeys. */
export interface AsideHost {
  /** The escalation's id: its answers describe a problem, so only commands interrupt it. */
  readonly escalationDialogId: string;
  /** Leaves every child dialog and handles the message as a new one at the top. */
  leave(innerDc: DialogContext): Promise<DialogTurnResult>;
}

/**
 * The one place where a message sent while a journey waits at a prompt is routed. A valid
 * answer goes to the prompt. A command is obeyed. A request for a person, another problem,
 * "that didn't work" or anger leave the journey for the top-level routing. A question asked in
 * passing is answered, and the journey resumed where it was; a second one in a row means the
 * supplier moved on, and the journey is left.
 */
export class AsideRouter {
  constructor(
    private readonly session: Session,
    private readonly replies: Replies,
    private readonly faq: FaqResponder,
    private readonly host: AsideHost,
  ) {}

  /** Routes the turn's message; `undefined` when it is for the waiting prompt. */
  async route(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    const routed = await this.routeAside(innerDc);
    // An answer to the prompt ends a run of questions asked in passing.
    if (!routed) (await this.session.memory(innerDc.context)).asides = 0;
    return routed;
  }

  private async routeAside(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    const activity = innerDc.context.activity;
    const text = messageText(activity);
    if (!text) return undefined;
    const interruption = recognizeInterruption(text) ?? (asksToWithdraw(text) ? { kind: 'cancel' as const } : undefined);
    if (interruption) return handleCommand(innerDc, interruption, this.session, this.replies);
    if (innerDc.activeDialog?.id === this.host.escalationDialogId) return undefined;

    const prompt = waitingPrompt(innerDc);
    if (this.answersPrompt(text, prompt)) return undefined;
    // "j'ai pas l'onglet admin" answers "do you see the Admin tab?": the prompt is given its "No".
    if (prompt.spec?.key === 'roleAccess.askAdminTab' && lacksAdminTab(text)) {
      activity.text = await this.replies.text(innerDc.context, 'choice.no');
      return undefined;
    }
    const journey = journeyTriggeredBy(text) ?? journeyOfMenuButton(text, this.replies.strings);
    if (journey && journey === this.currentJourney(innerDc)) {
      await innerDc.repromptDialog();
      return { status: DialogTurnStatus.waiting };
    }
    const movesOn =
      journey !== undefined ||
      asksForPerson(text) ||
      saysItFailed(text) ||
      lacksAdminTab(text) ||
      isThanks(text) ||
      isDone(text) ||
      matchesAny(text, this.replies.strings.all('menu.askQuestion'));
    if (movesOn) return this.host.leave(innerDc);
    if (isFrustrated(text)) {
      // Anger and nothing else: acknowledged, and the question asked again.
      await this.replies.say(innerDc.context, 'frustration.ack');
      return this.resume(innerDc);
    }
    if (prompt.id === NAME_PROMPT && isNotAName(text)) return this.askAgain(innerDc, prompt);
    if (!text.includes('?') && this.answersLoosely(text, prompt)) return undefined;

    const aside = asAside(text);
    const match = aside.looksLikeQuestion ? await this.faq.confidentMatch(innerDc.context, aside.question) : undefined;
    // A question the FAQ can't answer for sure is still no customer's name.
    if (!match && prompt.id === NAME_PROMPT && aside.looksLikeQuestion) return this.askAgain(innerDc, prompt);
    // Asked twice already and still no answer: the supplier has moved on, the message is read as a new one.
    if (!match) return (prompt.state?.retries ?? 0) >= MAX_RETRIES ? this.host.leave(innerDc) : undefined;
    const memory = await this.session.memory(innerDc.context);
    if ((memory.asides ?? 0) >= 1) return this.host.leave(innerDc);
    memory.asides = (memory.asides ?? 0) + 1;
    await this.faq.answerInPassing(innerDc.context, match);
    return this.resume(innerDc);
  }

  /**
   * "oui", "jsp", "btw who pays me?" where a name is asked: a refused answer, counted as the prompt
   * counts its own retries (the second worded differently), so that refused twice already the
   * journey is left. Not counted, the same words came back forever to a supplier repeating himself.
   */
  private async askAgain(innerDc: DialogContext, prompt: WaitingPrompt): Promise<DialogTurnResult> {
    const retries = prompt.state?.retries ?? 0;
    if (retries >= MAX_RETRIES) return this.host.leave(innerDc);
    if (prompt.state) prompt.state.retries = retries + 1;
    const spec = prompt.spec;
    const key = spec && (retries >= 1 ? (spec.retryAgainKey ?? spec.retryKey) : spec.retryKey);
    if (spec) await this.replies.say(innerDc.context, key ?? spec.key, spec.vars, spec.buttons);
    return { status: DialogTurnStatus.waiting };
  }

  /** Offers to go on where the journey was: its pending question, asked again. */
  private async resume(innerDc: DialogContext): Promise<DialogTurnResult> {
    await this.replies.say(innerDc.context, 'journey.resume');
    await innerDc.repromptDialog();
    return { status: DialogTurnStatus.waiting };
  }

  /** A choice or button of the prompt, or an email address at a text prompt. */
  private answersPrompt(text: string, prompt: WaitingPrompt): boolean {
    const strings = this.replies.strings;
    const buttons = (prompt.spec?.buttons ?? []).flatMap((button) => (typeof button === 'string' ? strings.all(button) : [button.title]));
    // A choice's value is a resource key; its synonyms are words ("oui", "nope").
    const choices = (prompt.options?.choices ?? []).flatMap((choice) =>
      typeof choice === 'string' ? [choice] : [...strings.all(choice.value as StringKey), ...(choice.synonyms ?? [])],
    );
    if (matchesAny(text, [...buttons, ...choices])) return true;
    return prompt.id !== CHOICE_PROMPT && /^\S+@\S+$/.test(text);
  }

  /** "je veux désactiver la 2FA" at a choice, "Globex Industries" at a name: an answer in the user's words. */
  private answersLoosely(text: string, prompt: WaitingPrompt): boolean {
    if (prompt.id === NAME_PROMPT) return text.split(/\s+/).length <= MAX_NAME_WORDS;
    if (prompt.id !== CHOICE_PROMPT || text.length > MAX_LOOSE_ANSWER_LENGTH) return false;
    const choices = prompt.options?.choices ?? [];
    return recognizeChoices(text, choices, CHOICE_RECOGNIZER_OPTIONS).length > 0 || recognizeChoiceLoosely(text, choices) !== undefined;
  }

  private currentJourney(innerDc: DialogContext): JourneyId | undefined {
    const id = innerDc.activeDialog?.id;
    return (Object.keys(JOURNEY_DIALOGS) as JourneyId[]).find((journey) => JOURNEY_DIALOGS[journey] === id);
  }
}

/** The prompt at the bottom of the dialog stack, with what it asked. */
interface WaitingPrompt {
  readonly id?: string;
  readonly options?: PromptOptions;
  readonly spec?: PromptSpec;
  /** The prompt's own state: answers refused in a row, as the localized prompts count them. */
  readonly state?: { retries?: number };
}

/** Words that answer something else than "what is your customer's name?". */
function isNotAName(text: string): boolean {
  return saysDontKnow(text) || saysYesOrNo(text) !== undefined || isGreeting(text);
}

function waitingPrompt(innerDc: DialogContext): WaitingPrompt {
  let dc = innerDc;
  while (dc.child) dc = dc.child;
  const active = dc.activeDialog;
  const state = active?.state as { options?: PromptOptions; state?: { retries?: number } } | undefined;
  return { id: active?.id, options: state?.options, spec: state?.options?.validations as PromptSpec | undefined, state: state?.state };
}

