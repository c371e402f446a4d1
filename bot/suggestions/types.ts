import type { Language } from '../../knowledge';
import type { Surface } from '../analytics/recorder';

/** A "did you mean …?" suggestion a supplier took: the question they typed and the entry they chose. */
export interface AcceptedSuggestion {
  /** As typed; e-mail addresses and phone numbers are removed before storing. */
  readonly text: string;
  /** The language the suggestion was offered in: the phrasing's language if approved. */
  readonly lang: Language;
  readonly entryId: string;
  readonly surface: Surface;
}

/**
 * Where accepted suggestions go (the SQL store; an array in tests). The bot and the widget's
 * route call it; `bestEffortSuggestions` makes it never reject, so recording never fails a turn.
 */
export interface SuggestionRecorder {
  recordAcceptance(accepted: AcceptedSuggestion): Promise<void>;
}

/** Accepted suggestions grouped as the staff review them: one question, one entry, one language. */
export interface CandidatePhrasing {
  readonly entryId: string;
  readonly lang: Language;
  /** How the question is grouped (case, spacing, accents and end punctuation aside); names the candidate in the API. */
  readonly key: string;
  /** The question as a supplier typed it (redacted): what becomes the phrasing if approved. */
  readonly text: string;
  /** How many times the suggestion was taken for this question. */
  readonly accepted: number;
  /** ISO time of the last time. */
  readonly lastSeen: string;
}

/** What a recorder reports its failures to. */
export interface SuggestionFailureLog {
  warn(details: object, message: string): void;
}

/** A recorder whose calls never reject: a failure is logged and the turn or request carries on. */
export function bestEffortSuggestions(recorder: SuggestionRecorder, log: SuggestionFailureLog): SuggestionRecorder {
  return {
    async recordAcceptance(accepted) {
      try {
        await recorder.recordAcceptance(accepted);
      } catch (error) {
        log.warn({ err: error }, 'suggestions: could not record an accepted suggestion');
      }
    },
  };
}
