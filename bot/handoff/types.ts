import type { EscalationGateway, TicketRequest } from '../../dialogs/ports';

export type { ConversationAddress, TranscriptLine, TriedSoFar } from '../../dialogs/ports';

/**
 * The contract between the conversation (dialogs, bot) and the Premium support handoff
 * (ticket store, staff console). The bot only knows this file; the data it names is plain
 * JSON (the conversation's address included), so no channel SDK type reaches the handoff.
 */
export type TicketStatus = 'open' | 'claimed' | 'resolved' | 'withdrawn';

/** A ticket as the escalation dialog asks for it (dialogs/ports.ts declares the shape). */
export type NewTicket = TicketRequest;

export interface Ticket extends NewTicket {
  /** Short public id shown to the user and staff, e.g. "PS-000042". */
  readonly id: string;
  readonly status: TicketStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly claimedBy?: string;
}

/** What the conversation side calls (the dialogs' EscalationGateway, and the bot's); the handoff module implements it. */
export interface HandoffGateway extends EscalationGateway {
  /** Creates the ticket; resolves only once it is committed to the database. */
  openTicket(input: NewTicket): Promise<Ticket>;
  /** The open or claimed ticket of a conversation, if any. */
  activeTicketFor(conversationId: string): Promise<Ticket | undefined>;
  /** A message the user wrote while their ticket is active: it goes to the staff. */
  addUserMessage(ticketId: string, text: string): Promise<void>;
  /** The user withdraws the request ("annuler ma demande"). */
  withdraw(ticketId: string): Promise<void>;
}
