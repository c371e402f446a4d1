import type { TurnContext } from 'botbuilder';
import type { KnowledgeBase } from '../knowledge';
import { saysYesOrNo } from './followUpIntents';
import { journeyAfterAnswer, journeyOfStep, nextBranch, withoutAdminTab, type JourneyStart } from './journeys';
import type { Replies } from './replies';
import type { ConversationMemory, Session } from './session';
import type { StringKey } from './strings';
import { MENU_BUTTONS } from './welcome';

/** "Could you rephrase?" in several wordings, each with examples from other FAQ entries. */
const REPHRASES: ReadonlyArray<{ readonly key: StringKey; readonly examples: readonly string[] }> = [
  { key: 'faq.rephrase', examples: ['add-employee', 'missing-customer-tab', '2fa-enable'] },
  { key: 'faq.rephraseOther', examples: ['who-pays-me', 'connect-new-customer', 'access-pos-invoices'] },
  { key: 'faq.rephraseMore', examples: ['update-banking-info', 'check-customer-connection', '2fa-disable'] },
];

/** The misses in a row after which the assistant says what it covers, then offers Premium support. */
const SCOPE_AFTER_MISSES = 2;
const PREMIUM_AFTER_MISSES = 3;

/**
 * What follows when help did not land: a message not understood, "that didn't work", no Admin
 * tab, "not helpful". Each reply fits what was last said and done (conversation memory) and none
 * repeats the one before: other rephrasing examples, the scope before Premium support, and one
 * Premium offer at a time.
 */
export class FollowUps {
  constructor(
    private readonly knowledge: () => KnowledgeBase,
    private readonly session: Session,
    private readonly replies: Replies,
  ) {}

  /** Not understood: rephrase (pointing back at an answer just given), then the scope, then Premium support. */
  async miss(context: TurnContext, missesBefore: number): Promise<void> {
    const memory = await this.session.memory(context);
    memory.misses = missesBefore + 1;
    if (memory.misses >= PREMIUM_AFTER_MISSES) {
      memory.misses = 0;
      return this.offerPremium(context);
    }
    if (memory.misses >= SCOPE_AFTER_MISSES) return this.replies.say(context, 'fallback.scope', undefined, MENU_BUTTONS);
    if (await this.session.wasLastTurn(context, memory.answeredAt)) return this.replies.say(context, 'faq.missAfterAnswer');
    return this.replies.say(context, this.rephrase(memory));
  }

  /** Offers Premium support; right after an offer, only points at the button instead of pitching again. */
  async offerPremium(context: TurnContext, key: StringKey = 'escalation.offer'): Promise<void> {
    const memory = await this.session.memory(context);
    const again = await this.session.wasLastTurn(context, memory.premiumOfferedAt);
    memory.premiumOfferedAt = memory.turn;
    await this.replies.say(context, again ? 'escalation.stillAvailable' : key, undefined, ['menu.premium', 'menu.askQuestion']);
  }

  /**
   * A yes or no in words to the question asked in the previous turn: the offer of Premium support
   * (yes starts it), or "anything else?" (no ends the conversation). Undefined for anything else.
   */
  async yesOrNoTo(context: TurnContext, text: string): Promise<'escalate' | StringKey | undefined> {
    const yes = saysYesOrNo(text);
    if (yes === undefined) return undefined;
    const memory = await this.session.memory(context);
    if (await this.session.wasLastTurn(context, memory.premiumOfferedAt)) return yes ? 'escalate' : 'escalation.declined';
    if (await this.session.wasLastTurn(context, memory.anythingElseAt)) return yes ? 'askQuestion.prompt' : 'goodbye.text';
    return undefined;
  }

  /** Says `key`, which ends with "anything else?", and remembers it was asked. */
  async askAnythingElse(context: TurnContext, key: StringKey): Promise<void> {
    const memory = await this.session.memory(context);
    memory.anythingElseAt = memory.turn;
    await this.replies.say(context, key);
  }

  /** Whether Premium support was offered in the previous turn (its pitch is then not repeated). */
  async premiumJustOffered(context: TurnContext): Promise<boolean> {
    return this.session.wasLastTurn(context, (await this.session.memory(context)).premiumOfferedAt);
  }

  /**
   * "That didn't work": after an answer, its step-by-step journey if there is one and it was not
   * tried; after a journey step, the FAQ's next branch; otherwise Premium support, with the
   * failure recorded for the ticket. Returns the journey to start, if any.
   */
  async repair(context: TurnContext): Promise<JourneyStart | undefined> {
    const memory = await this.session.memory(context);
    const last = memory.last;
    if (!last) {
      // Asked once what is wrong and still nothing to go on: a person will do better than asking again.
      if (memory.askedWhatIsWrong) return void (await this.offerPremium(context, 'repair.stillStuck'));
      memory.askedWhatIsWrong = true;
      await this.replies.say(context, 'repair.what', undefined, MENU_BUTTONS);
      return undefined;
    }
    if (last.kind === 'answer') {
      const next = this.untriedJourney(memory, last.entryId);
      if (next) {
        await this.replies.say(context, 'repair.walkThrough');
        return next;
      }
      await this.session.recordFailure(context, last.entryId);
    } else {
      const next = nextBranch(last.step);
      if (next) {
        await this.replies.say(context, 'repair.nextStep');
        return next;
      }
      await this.session.recordFailure(context, journeyOfStep(last.step));
    }
    await this.offerPremium(context, 'repair.premium');
    return undefined;
  }

  /** An answer was "not helpful": its journey if it adds anything, else Premium support. */
  async notHelpful(context: TurnContext, entryId: string): Promise<JourneyStart | undefined> {
    const next = this.untriedJourney(await this.session.memory(context), entryId);
    if (next) {
      await this.replies.say(context, 'repair.walkThrough');
      return next;
    }
    await this.session.recordFailure(context, entryId);
    await this.offerPremium(context);
    return undefined;
  }

  /** "No Admin tab": the administrator branch, for the goal the last help was about (asked otherwise). */
  async noAdminTab(context: TurnContext): Promise<JourneyStart> {
    const { start, inContext } = withoutAdminTab((await this.session.memory(context)).last);
    if (inContext) await this.replies.say(context, 'repair.nextStep');
    return start;
  }

  private untriedJourney(memory: ConversationMemory, entryId: string): JourneyStart | undefined {
    const next = journeyAfterAnswer(entryId, this.knowledge().get(entryId)?.journey, 'failed');
    if (!next || memory.journeySteps.some((step) => journeyOfStep(step) === next.journey)) return undefined;
    return next;
  }

  /** The next wording in turn, skipping those whose examples were already answered in this conversation. */
  private rephrase(memory: ConversationMemory): StringKey {
    const start = (memory.rephrased ?? 0) % REPHRASES.length;
    memory.rephrased = (memory.rephrased ?? 0) + 1;
    const inTurn = REPHRASES.map((_, index) => REPHRASES[(start + index) % REPHRASES.length]!);
    const fresh = inTurn.find((rephrase) => !rephrase.examples.some((entryId) => memory.faqShown.includes(entryId)));
    return (fresh ?? inTurn[0]!).key;
  }
}
