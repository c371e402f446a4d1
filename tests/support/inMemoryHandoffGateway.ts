import type { HandoffGateway, NewTicket, Ticket } from '../../bot/handoff/types';

/** A HandoffGateway in memory, for the conversation's tests: tickets, forwarded messages, withdrawals. */
export class InMemoryHandoffGateway implements HandoffGateway {
  readonly tickets: Ticket[] = [];
  readonly userMessages: Array<{ ticketId: string; text: string }> = [];
  /** Makes the next openTicket fail, as a database outage would. */
  failNextOpen = false;

  async openTicket(input: NewTicket): Promise<Ticket> {
    if (this.failNextOpen) {
      this.failNextOpen = false;
      throw new Error('gateway: database unavailable');
    }
    const now = new Date().toISOString();
    const ticket: Ticket = { ...input, id: `PS-${String(this.tickets.length + 1).padStart(6, '0')}`, status: 'open', createdAt: now, updatedAt: now };
    this.tickets.push(ticket);
    return ticket;
  }

  async activeTicketFor(conversationId: string): Promise<Ticket | undefined> {
    return this.tickets.find((ticket) => ticket.conversationId === conversationId && (ticket.status === 'open' || ticket.status === 'claimed'));
  }

  async addUserMessage(ticketId: string, text: string): Promise<void> {
    this.userMessages.push({ ticketId, text });
  }

  async withdraw(ticketId: string): Promise<void> {
    this.update(ticketId, 'withdrawn');
  }

  /** What staff resolving the ticket would do. */
  resolve(ticketId: string): void {
    this.update(ticketId, 'resolved');
  }

  private update(ticketId: string, status: Ticket['status']): void {
    const index = this.tickets.findIndex((ticket) => ticket.id === ticketId);
    if (index < 0) throw new Error(`gateway: no ticket ${ticketId}`);
    this.tickets[index] = { ...this.tickets[index]!, status, updatedAt: new Date().toISOString() };
  }
}
