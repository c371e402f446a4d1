import type { Actor, MessageAuthor, TicketDetail, TicketEvent, TicketMessage } from './ticket';
import type { NewTicket, Ticket, TicketStatus } from './types';

/**
 * Tickets, their messages and their state changes. Every method that changes something
 * has committed it, in one transaction, before its promise resolves.
 */
export interface TicketStore {
  create(input: NewTicket): Promise<Ticket>;
  get(ticketId: string): Promise<Ticket | undefined>;
  /** The ticket with its messages, oldest first. */
  detail(ticketId: string): Promise<TicketDetail | undefined>;
  /** The newest `limit` tickets in the given states (all states when empty), listed oldest first. */
  list(statuses?: readonly TicketStatus[], limit?: number): Promise<Ticket[]>;
  /** The open or claimed ticket of a channel conversation, if any (the newest). */
  activeFor(conversationId: string): Promise<Ticket | undefined>;
  /** Adds a message; a staff message on an open ticket also claims it for that staff member. */
  addMessage(ticketId: string, author: MessageAuthor, text: string, actor?: Actor): Promise<TicketMessage>;
  claim(ticketId: string, actor: Actor): Promise<Ticket>;
  resolve(ticketId: string, actor: Actor): Promise<Ticket>;
  withdraw(ticketId: string, actor: Actor): Promise<Ticket>;
  messages(ticketId: string): Promise<TicketMessage[]>;
  events(ticketId: string): Promise<TicketEvent[]>;
}
