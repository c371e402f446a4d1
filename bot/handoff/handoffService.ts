import type { Logger } from '../logger';
import type { HandoffEvent, HandoffEvents } from './events';
import type { SupplierFollowUp } from './followUp';
import { handoffText } from './texts';
import type { Actor, TicketDetail, TicketMessage } from './ticket';
import type { TicketStore } from './ticketStore';
import type { ConversationAddress, HandoffGateway, NewTicket, Ticket, TicketStatus } from './types';

/**
 * Sends a message into the user's conversation at `address`, outside any turn; rejects when the
 * channel refuses it. The Bot Framework one is bot/botframework/proactiveSender.ts; tests pass a fake.
 */
export type ProactiveSender = (address: ConversationAddress, text: string) => Promise<void>;

export interface HandoffServiceDeps {
  store: TicketStore;
  events: HandoffEvents;
  send: ProactiveSender;
  logger: Logger;
  /** Called after each committed change that wrote a webhook event (wakes the worker). */
  onOutbox?: () => void;
  /** Keeps ticket conversations and e-mails suppliers who have left (none: neither). */
  followUp?: SupplierFollowUp;
  now?: () => Date;
}

/** A staff reply and whether it reached the user's conversation. */
export interface ReplyResult {
  readonly message: TicketMessage;
  readonly delivered: boolean;
}

/**
 * Premium support handoff: the gateway the conversation side calls, and the operations
 * staff perform from the console or the API. Every change is committed before anyone is told.
 */
export class HandoffService implements HandoffGateway {
  private readonly now: () => Date;

  constructor(private readonly deps: HandoffServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  get events(): HandoffEvents {
    return this.deps.events;
  }

  async openTicket(input: NewTicket): Promise<Ticket> {
    const ticket = await this.deps.store.create(input);
    this.changed('ticket.created', ticket.id, ticket.status);
    await this.deps.followUp?.opened(ticket);
    return ticket;
  }

  async activeTicketFor(conversationId: string): Promise<Ticket | undefined> {
    return this.deps.store.activeFor(conversationId);
  }

  async addUserMessage(ticketId: string, text: string): Promise<void> {
    await this.deps.store.addMessage(ticketId, 'user', text, { id: 'user' });
    const ticket = await this.deps.store.get(ticketId);
    this.changed('ticket.message', ticketId, ticket?.status ?? 'open');
  }

  async withdraw(ticketId: string): Promise<void> {
    const ticket = await this.deps.store.withdraw(ticketId, { id: 'user' });
    this.changed('ticket.withdrawn', ticket.id, ticket.status);
  }

  async list(statuses: readonly TicketStatus[] = [], limit?: number): Promise<Ticket[]> {
    return this.deps.store.list(statuses, limit);
  }

  async detail(ticketId: string): Promise<TicketDetail | undefined> {
    return this.deps.store.detail(ticketId);
  }

  async claim(ticketId: string, staff: Actor): Promise<Ticket> {
    const ticket = await this.deps.store.claim(ticketId, staff);
    this.changed('ticket.claimed', ticket.id, ticket.status);
    return ticket;
  }

  /** Stores the staff reply (claiming an open ticket), then sends it into the user's conversation. */
  async reply(ticketId: string, staff: Actor, text: string): Promise<ReplyResult> {
    const message = await this.deps.store.addMessage(ticketId, 'staff', text, staff);
    const ticket = (await this.deps.store.get(ticketId))!;
    this.changed('ticket.message', ticket.id, ticket.status);
    const shown = staff.name
      ? handoffText(ticket.language, 'staffReply', { agent: staff.name, text })
      : handoffText(ticket.language, 'staffReplyAnonymous', { text });
    const delivered = await this.deliver(ticket, shown);
    await this.deps.followUp?.replied(ticket, message, delivered);
    return { message, delivered };
  }

  /** Resolves the ticket and tells the user, in their language, that the assistant takes over again. */
  async resolve(ticketId: string, staff: Actor): Promise<Ticket & { delivered: boolean }> {
    const ticket = await this.deps.store.resolve(ticketId, staff);
    this.changed('ticket.resolved', ticket.id, ticket.status);
    const delivered = await this.deliver(ticket, handoffText(ticket.language, 'resolved', { ticketId: ticket.id }));
    await this.deps.followUp?.resolved(ticket, delivered);
    return { ...ticket, delivered };
  }

  /** A failed send is logged, not thrown: the message is stored and shows in the console. */
  private async deliver(ticket: Ticket, text: string): Promise<boolean> {
    try {
      await this.deps.send(ticket.conversationReference, text);
      return true;
    } catch (error) {
      this.deps.logger.warn(
        { err: error, ticketId: ticket.id, channelId: ticket.channelId },
        'handoff: could not send to the user conversation',
      );
      return false;
    }
  }

  private changed(type: HandoffEvent['type'], ticketId: string, status: TicketStatus): void {
    this.deps.events.publish({ type, ticketId, status, at: this.now().toISOString() });
    this.deps.onOutbox?.();
  }
}
