import type { TurnContext } from 'botbuilder';
import type { AnswerFeedbackRecorder } from './ports';
import { saysYesOrNo } from './followUpIntents';
import type { Replies } from './replies';
import type { Session } from './session';

/** Where "was this helpful?" answers given in the chat are recorded as coming from. */
const CHAT_SURFACE = 'chat';

/** Feedback recorded on an answer, or none to record (no answer, or already rated). */
export type FeedbackOutcome = { readonly kind: 'recorded'; readonly entryId: string } | { readonly kind: 'unknown' };

/** "Was this answer helpful?", answered with its buttons or in words, recorded once per answer. */
export class AnswerFeedback {
  constructor(
    private readonly feedback: AnswerFeedbackRecorder,
    private readonly session: Session,
    private readonly replies: Replies,
  ) {}

  /** "oui", "pas vraiment" right after the question: its answer; otherwise undefined. */
  async inWords(context: TurnContext, text: string): Promise<boolean | undefined> {
    const memory = await this.session.memory(context);
    if (!memory.lastAnswerId || !(await this.session.wasLastTurn(context, memory.answeredAt))) return undefined;
    return saysYesOrNo(text);
  }

  /** Records the feedback on the last answer, which can then not be rated again. */
  async record(context: TurnContext, helpful: boolean): Promise<FeedbackOutcome> {
    const memory = await this.session.memory(context);
    const entryId = memory.lastAnswerId;
    if (!entryId) return { kind: 'unknown' };
    await this.feedback.record({
      entryId,
      language: await this.replies.language(context),
      helpful,
      surface: CHAT_SURFACE,
      conversationId: context.activity.conversation.id,
    });
    delete memory.lastAnswerId;
    return { kind: 'recorded', entryId };
  }
}
