import type { ConversationReference } from 'botbuilder';
import type { Language } from '../../knowledge';

/**
 * The contract between the conversation (dialogs, bot) and the Premium support handoff
 * (ticket store, staff console). The bot only knows this file.
 */
export type TicketStatus = 'open' | 'claimed' | 'resolved' | 'withdrawn';

/** One line of the conversation kept with a ticket, as staff read it. */
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

export interface NewTicket {
  readonly conversationReference: Partial<ConversationReference>;
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

export interface Ticket extends NewTicket {
  /** Short public id shown to the user and staff, e.g. "PS-000042". */
  readonly id: string;
  readonly status: TicketStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly claimedBy?: string;
}

/** What the conversation side calls; the handoff module implements it. */
export interface HandoffGateway {
  /** Creates the ticket; resolves only once it is committed to the database. */
  openTicket(input: NewTicket): Promise<Ticket>;
  /** The open or claimed ticket of a conversation, if any. */
  activeTicketFor(conversationId: string): Promise<Ticket | undefined>;
  /** A message the user wrote while their ticket is active: it goes to the staff. */
  addUserMessage(ticketId: string, text: string): Promise<void>;
  /** The user withdraws the request ("annuler ma demande"). */
  withdraw(ticketId: string): Promise<void>;
}
