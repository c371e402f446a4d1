import type { Language } from '../../knowledge';

/** Where a question was asked. */
export type Surface = 'chat' | 'widget' | 'teams' | 'api';

/** One question as a surface saw it, with what the search made of it. */
export interface QuestionEvent {
  surface: Surface;
  /** As the supplier typed it; e-mail addresses and phone numbers are removed before storing. */
  text: string;
  /** The language the answer was given in. */
  lang: Language;
  /** The best hit's entry id, or null when nothing matched. */
  topEntryId: string | null;
  /** The best hit's score in [0, 1], or null when nothing matched. */
  topScore: number | null;
  /** Whether the search was confident enough to answer outright. */
  confident: boolean;
  /** The bot conversation it belongs to (chat, Teams), for deflection and escalation figures. */
  conversationId?: string;
}

/**
 * What a "was this helpful?" answer is about: a recorded question (its top entry, unless
 * another entry is named), or an entry shown without a recorded question.
 */
export type FeedbackTarget =
  | { questionId: string; entryId?: string }
  | { entryId: string; lang: Language; surface: Surface; conversationId?: string };

/**
 * Records what suppliers ask and how it ends, for the staff analytics. Every surface
 * (chat, widget, Teams, API) reports through it; none of it stores contact details.
 * The store itself rejects on failure; `bestEffort` wraps it so that recording never fails
 * a request or a turn (that is what `App.analytics` is).
 */
export interface AnalyticsRecorder {
  /** Records a question; resolves with its id (for feedback about it), or undefined if it was not recorded. */
  recordQuestion(event: QuestionEvent): Promise<string | undefined>;
  /** Records a helpful / not helpful answer. */
  recordFeedback(target: FeedbackTarget, helpful: boolean): Promise<void>;
  /** The conversation was handed to Premium support. */
  markEscalated(conversationId: string): Promise<void>;
  /**
   * The conversation ended. `withoutEscalation`: the supplier's problem was solved by the
   * assistant alone (never counted as such once the conversation was escalated).
   */
  markResolved(conversationId: string, withoutEscalation: boolean): Promise<void>;
}

/** What bestEffort reports failures to. */
export interface FailureLog {
  warn(details: object, message: string): void;
  debug(details: object, message: string): void;
}

/**
 * A record naming something that does not exist (feedback on an unknown question id): the
 * client's mistake, not a failure of ours. Anonymous widget clients can send any id, so these
 * are logged at debug in one line, never as a warning with a stack each time.
 */
export class UnknownRecordTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownRecordTargetError';
  }
}

/** A recorder whose calls never reject: failures are logged and the caller carries on. */
export function bestEffort(recorder: AnalyticsRecorder, log: FailureLog): AnalyticsRecorder {
  const guard = async <T>(what: string, work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof UnknownRecordTargetError) log.debug({ reason: error.message }, `analytics: did not ${what}`);
      else log.warn({ err: error }, `analytics: could not ${what}`);
      return undefined;
    }
  };
  return {
    recordQuestion: (event) => guard('record a question', () => recorder.recordQuestion(event)).then((id) => id ?? undefined),
    recordFeedback: async (target, helpful) => void (await guard('record feedback', () => recorder.recordFeedback(target, helpful))),
    markEscalated: async (conversationId) => void (await guard('mark an escalation', () => recorder.markEscalated(conversationId))),
    markResolved: async (conversationId, withoutEscalation) =>
      void (await guard('mark a resolution', () => recorder.markResolved(conversationId, withoutEscalation))),
  };
}
