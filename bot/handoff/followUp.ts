import type { Language } from '../../knowledge';
import type { Logger } from '../logger';
import type { EmailOutbox } from './emailOutbox';
import type { TicketMessage } from './ticket';
import type { Ticket } from './types';

/**
 * A ticket's conversation is kept this long after its last event (opened, answered, resolved):
 * past the resume link's 7 days, with a day to spare for e-mail retries.
 */
const KEEP_TICKET_CONVERSATION_MS = 8 * 24 * 3600 * 1000;

/**
 * What the handoff needs from the channel a supplier chats in (the built-in web chat implements
 * it, bot/channels/web/followUpLinks.ts): whether the ticket's conversation is one it keeps, whether
 * the supplier is connected to it, keeping it past the idle limit, and a link that reopens it.
 */
export interface SupplierConversations {
  /** Whether the ticket's conversation is this server's web chat (only those get e-mails and are kept). */
  owns(ticket: Ticket): boolean;
  /** Whether a stream of the conversation is open on any instance now. */
  connected(conversationId: string): Promise<boolean>;
  /** Keeps the conversation until `until` (ms since the epoch); false when it is no longer kept. */
  keep(conversationId: string, until: number): Promise<boolean>;
  /** The link that reopens the conversation in the web chat, and how many days it works. */
  resumeLink(conversationId: string, userId: string, language: Language): Promise<{ url: string; validDays: number }>;
}

export interface FollowUpDeps {
  conversations: SupplierConversations;
  /** Absent when SMTP_URL is not set: conversations are still kept, no e-mail is sent. */
  outbox?: EmailOutbox;
  logger: Logger;
  now?: () => Date;
}

/**
 * Follow-up of a supplier who has left: their ticket's conversation is kept while the ticket
 * lives, and an agent's reply or the resolution goes out by e-mail as well when, at that moment,
 * no stream of the conversation is open on any instance (or the message could not be put in it).
 * Connected suppliers see the reply in the chat and get no e-mail. Never throws: the ticket
 * change is committed already, a failure here is logged.
 */
export class SupplierFollowUp {
  private readonly now: () => Date;

  constructor(private readonly deps: FollowUpDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** A ticket was opened: keep its conversation for the agent's answer. */
  async opened(ticket: Ticket): Promise<void> {
    await this.keep(ticket);
  }

  /** An agent replied; `delivered`: whether the reply reached the conversation. */
  async replied(ticket: Ticket, message: TicketMessage, delivered: boolean): Promise<boolean> {
    return this.follow(ticket, { kind: 'reply', key: `reply:${message.id}`, text: message.text }, delivered);
  }

  /** The ticket was resolved; `delivered`: whether the notice reached the conversation. */
  async resolved(ticket: Ticket, delivered: boolean): Promise<boolean> {
    return this.follow(ticket, { kind: 'resolved', key: `resolved:${ticket.id}` }, delivered);
  }

  private async keep(ticket: Ticket): Promise<boolean> {
    if (!this.deps.conversations.owns(ticket)) return false;
    try {
      return await this.deps.conversations.keep(ticket.conversationId, this.now().getTime() + KEEP_TICKET_CONVERSATION_MS);
    } catch (error) {
      this.deps.logger.warn({ err: error, ticketId: ticket.id }, 'handoff: could not keep the ticket\'s conversation');
      return false;
    }
  }

  /** Queues the e-mail when the supplier is away; true when queued. */
  private async follow(ticket: Ticket, what: { kind: 'reply' | 'resolved'; key: string; text?: string }, delivered: boolean): Promise<boolean> {
    const kept = await this.keep(ticket);
    const outbox = this.deps.outbox;
    if (!outbox || !kept) return false;
    try {
      if (delivered && (await this.deps.conversations.connected(ticket.conversationId))) return false;
      return await outbox.enqueue({
        ...what,
        ticketId: ticket.id,
        to: ticket.contact,
        language: ticket.language,
        conversationId: ticket.conversationId,
        userId: ticket.userId,
      });
    } catch (error) {
      this.deps.logger.error({ err: error, ticketId: ticket.id, key: what.key }, 'email: could not queue the follow-up');
      return false;
    }
  }
}
