import type { TicketStatus } from './types';

/** No ticket with that id. */
export class TicketNotFoundError extends Error {
  constructor(readonly ticketId: string) {
    super(`tickets: no ticket ${JSON.stringify(ticketId.slice(0, 40))}`);
    this.name = 'TicketNotFoundError';
  }
}

/** The change does not apply to the ticket as it is now (e.g. a reply to a resolved ticket). */
export class TicketStateError extends Error {
  constructor(
    readonly ticketId: string,
    readonly status: TicketStatus,
    change: string,
  ) {
    super(`tickets: cannot ${change} ticket ${ticketId}: it is ${status}`);
    this.name = 'TicketStateError';
  }
}
