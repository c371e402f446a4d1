import type { Language } from '../knowledge';

/**
 * What the conversation needs from the server, declared here so that dialogs/ never imports
 * bot/: the server's classes implement these (bot/ imports this file, never the reverse).
 * Each port is as narrow as the dialogs' use of it; the data crossing it is plain JSON.
 */

/** One line of the conversation kept with a Premium support ticket, as staff read it. */
export interface TranscriptLine {
  readonly from: 'user' | 'bot';
  readonly text: string;
  readonly timestamp: string;
}

/** What the supplier already tried before asking for a person. */
export interface TriedSoFar {
  /** FAQ entry ids whose answers were shown. */
  readonly faqShown: readonly string[];
  /** Journey steps taken, e.g. "missing-tab: emails differ". */
  readonly journeySteps: readonly string[];
}

/** A party of a conversation (the user or the bot) as its channel names it. */
interface ConversationParty {
  readonly id: string;
  readonly name?: string;
  readonly aadObjectId?: string;
  readonly role?: string;
}

/**
 * Where a conversation lives on its channel, as JSON: what a proactive message needs to reach it
 * later (the fields of a Bot Framework conversation reference, kept as the channel produced them).
 */
export interface ConversationAddress {
  readonly channelId?: string;
  readonly serviceUrl?: string;
  readonly conversation?: {
    readonly id: string;
    readonly name?: string;
    readonly isGroup?: boolean;
    readonly conversationType?: string;
    readonly tenantId?: string;
  };
  readonly bot?: ConversationParty;
  readonly user?: ConversationParty;
  /** The activity the address was taken from. */
  readonly activityId?: string;
  readonly locale?: string;
}

/** What the escalation dialog hands over to open a Premium support ticket. */
export interface TicketRequest {
  readonly conversationReference: ConversationAddress;
  /** The channel's conversation id. */
  readonly conversationId: string;
  readonly channelId: string;
  readonly userId: string;
  readonly userName?: string;
  readonly language: Language;
  readonly summary: string;
  /** Validated contact email. */
  readonly contact: string;
  readonly tried: TriedSoFar;
  readonly transcript: readonly TranscriptLine[];
}

/** Premium support as the escalation dialog sees it. */
export interface EscalationGateway {
  /** Creates the ticket; resolves only once it is committed, with the id the user is told. */
  openTicket(request: TicketRequest): Promise<{ readonly id: string }>;
}

/** One question asked in the chat, with what the search made of it. */
interface ChatQuestion {
  readonly surface: 'chat';
  /** As the supplier typed it (the recorder removes contact details before storing). */
  readonly text: string;
  /** The language the answer was given in. */
  readonly lang: Language;
  /** The best hit's entry id, or null when nothing matched. */
  readonly topEntryId: string | null;
  /** The best hit's score in [0, 1], or null when nothing matched. */
  readonly topScore: number | null;
  /** Whether the search was confident enough to answer outright. */
  readonly confident: boolean;
  readonly conversationId?: string;
}

/** Records each question asked in the chat, for the staff analytics; never fails the turn. */
export interface QuestionRecorder {
  recordQuestion(question: ChatQuestion): Promise<unknown>;
}

/** A "was this helpful?" answer given in the chat about an FAQ entry. */
interface AnswerFeedback {
  readonly entryId: string;
  readonly language: Language;
  readonly helpful: boolean;
  /** Where the answer was shown, e.g. "chat". */
  readonly surface: string;
  readonly conversationId?: string;
}

/** Where the chat's "was this helpful?" answers go. */
export interface AnswerFeedbackRecorder {
  record(feedback: AnswerFeedback): Promise<void>;
}

/** A "did you mean …?" suggestion the supplier took in the chat: the question typed and the entry chosen. */
interface TakenSuggestion {
  readonly text: string;
  /** The language the suggestion was offered in. */
  readonly lang: Language;
  readonly entryId: string;
  readonly surface: 'chat';
}

/** Records the suggestions taken, as candidate phrasings for the staff; never fails the turn. */
export interface TakenSuggestionRecorder {
  recordAcceptance(accepted: TakenSuggestion): Promise<void>;
}
