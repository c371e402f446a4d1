import type { Language } from '../../knowledge';
import { formatTicketId, type MessageAuthor, type TicketEvent, type TicketEventType, type TicketMessage } from './ticket';
import type { ConversationAddress, Ticket, TicketStatus, TranscriptLine, TriedSoFar } from './types';

/**
 * The ticket tables' rows as the drivers return them, each mapped to the model in one place.
 * Auto-numbered keys are BIGSERIAL on PostgreSQL, which pg returns as strings; the status and
 * author columns are held to their values by CHECK constraints, the others by this store alone.
 */

/** Every column of `tickets` that `toTicket` reads. */
export const TICKET_COLUMNS =
  'seq, public_id, status, conversation_reference, conversation_id, channel_id, user_id, user_name, language, summary, contact, tried, transcript, claimed_by, created_at, updated_at';

/** A `tickets` row, as `SELECT ${TICKET_COLUMNS}` reads it. */
export interface TicketRow {
  seq: number | string;
  status: TicketStatus;
  /** JSON. */
  conversation_reference: string;
  conversation_id: string;
  channel_id: string;
  user_id: string;
  user_name: string | null;
  language: Language;
  summary: string;
  contact: string;
  /** JSON. */
  tried: string;
  /** JSON. */
  transcript: string;
  claimed_by: string | null;
  created_at: string;
  updated_at: string;
  [column: string]: unknown;
}

/** A `ticket_messages` row without its ticket. */
export interface TicketMessageRow {
  id: number | string;
  author: MessageAuthor;
  author_name: string | null;
  text: string;
  created_at: string;
  [column: string]: unknown;
}

/** A `ticket_events` row without its ticket. */
export interface TicketEventRow {
  type: TicketEventType;
  actor: string | null;
  from_status: TicketStatus | null;
  to_status: TicketStatus;
  created_at: string;
  [column: string]: unknown;
}

/** A ticket as the model holds it: its public id from `seq`, its JSON columns parsed. */
export function toTicket(row: TicketRow): Ticket {
  const seq = Number(row.seq);
  return {
    id: formatTicketId(seq),
    status: row.status,
    conversationReference: JSON.parse(row.conversation_reference) as ConversationAddress,
    conversationId: row.conversation_id,
    channelId: row.channel_id,
    userId: row.user_id,
    ...(row.user_name ? { userName: row.user_name } : {}),
    language: row.language,
    summary: row.summary,
    contact: row.contact,
    tried: JSON.parse(row.tried) as TriedSoFar,
    transcript: JSON.parse(row.transcript) as TranscriptLine[],
    ...(row.claimed_by ? { claimedBy: row.claimed_by } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A message of the ticket `ticketId`. */
export function toTicketMessage(row: TicketMessageRow, ticketId: string): TicketMessage {
  return {
    id: Number(row.id),
    ticketId,
    author: row.author,
    ...(row.author_name ? { authorName: row.author_name } : {}),
    text: row.text,
    createdAt: row.created_at,
  };
}

/** An entry of a ticket's state-change log. */
export function toTicketEvent(row: TicketEventRow): TicketEvent {
  return {
    type: row.type,
    ...(row.actor ? { actor: row.actor } : {}),
    ...(row.from_status ? { fromStatus: row.from_status } : {}),
    toStatus: row.to_status,
    createdAt: row.created_at,
  };
}
