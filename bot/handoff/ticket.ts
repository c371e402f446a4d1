import { TicketStateError } from './ticketErrors';
import type { Ticket, TicketStatus } from './types';

/**
 * A ticket's model beyond what the conversation side sees (types.ts): its messages, its
 * state-change log, who acts on it, its public id, and the state machine its changes follow.
 */

export type MessageAuthor = 'user' | 'staff' | 'system';

/** A message written on a ticket after it was opened. */
export interface TicketMessage {
  readonly id: number;
  readonly ticketId: string;
  readonly author: MessageAuthor;
  readonly authorName?: string;
  readonly text: string;
  readonly createdAt: string;
}

export type TicketEventType = 'created' | 'claimed' | 'message' | 'resolved' | 'withdrawn';

/** One entry of a ticket's state-change log. */
export interface TicketEvent {
  readonly type: TicketEventType;
  readonly actor?: string;
  readonly fromStatus?: TicketStatus;
  readonly toStatus: TicketStatus;
  readonly createdAt: string;
}

/** A ticket with everything written on it, as the staff console shows it. */
export interface TicketDetail extends Ticket {
  readonly messages: readonly TicketMessage[];
}

/** Who acts on a ticket: a staff member's email, "api" for integrations, or "user". */
export interface Actor {
  readonly id: string;
  readonly name?: string;
}

/** The ticket states from which each change is allowed. */
export const ALLOWED_FROM: Readonly<Record<'claim' | 'resolve' | 'withdraw' | 'message', readonly TicketStatus[]>> = {
  claim: ['open', 'claimed'],
  resolve: ['open', 'claimed'],
  withdraw: ['open', 'claimed'],
  message: ['open', 'claimed'],
};

/** A change of status a staff member, an integration or the user asks for. */
export type TicketChange = Exclude<keyof typeof ALLOWED_FROM, 'message'>;

export const TICKET_STATUSES: readonly TicketStatus[] = ['open', 'claimed', 'resolved', 'withdrawn'];

/**
 * Whether `change` by `actor` has anything to do on `ticket` as it is now: false for a claim by
 * the staff member who already holds it. Throws TicketStateError when the change does not apply.
 */
export function changeApplies(ticket: Ticket, change: TicketChange, actor: Actor): boolean {
  if (!ALLOWED_FROM[change].includes(ticket.status)) throw new TicketStateError(ticket.id, ticket.status, change);
  // Claiming a ticket someone else holds would silently take it from them.
  if (change === 'claim' && ticket.status === 'claimed') {
    if (ticket.claimedBy === actor.id) return false;
    throw new TicketStateError(ticket.id, ticket.status, `claim (held by ${ticket.claimedBy ?? 'someone else'})`);
  }
  return true;
}

const PREFIX = 'PS-';

/** 42 → "PS-000042". */
export function formatTicketId(seq: number): string {
  return `${PREFIX}${String(seq).padStart(6, '0')}`;
}

/** "PS-000042" (or "ps-42") → 42; anything else → undefined. */
export function parseTicketId(ticketId: string): number | undefined {
  const match = /^PS-(\d{1,12})$/i.exec(ticketId.trim());
  if (!match) return undefined;
  const seq = Number(match[1]);
  return Number.isSafeInteger(seq) && seq > 0 ? seq : undefined;
}
