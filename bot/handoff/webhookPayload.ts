import { randomUUID } from 'node:crypto';
import type { Language } from '../../knowledge';
import type { MessageAuthor, TicketMessage } from './ticket';
import type { Ticket, TicketStatus, TranscriptLine, TriedSoFar } from './types';

/** A webhook event as it is written to the outbox (and later POSTed as JSON). */
export interface OutboxEvent {
  /** Stable across retries: the receiver's idempotency key. */
  readonly id: string;
  readonly type: 'ticket.created' | 'ticket.message' | 'ticket.resolved' | 'ticket.withdrawn';
  readonly occurredAt: string;
  readonly ticket: WebhookTicket;
  readonly message?: { author: MessageAuthor; authorName?: string; text: string; createdAt: string };
}

/** What an external ticketing system receives about a ticket (no conversation reference). */
interface WebhookTicket {
  id: string;
  status: TicketStatus;
  language: Language;
  summary: string;
  contact: string;
  conversationId: string;
  channelId: string;
  userId: string;
  userName?: string;
  tried: TriedSoFar;
  transcript?: readonly TranscriptLine[];
  claimedBy?: string;
  createdAt: string;
  updatedAt: string;
}

/** A new event, with its own id, about `ticket` (and the `message` written on it, if any). */
export function outboxEvent(
  type: OutboxEvent['type'],
  ticket: Ticket,
  at: string,
  message?: TicketMessage,
  withTranscript = false,
): OutboxEvent {
  return {
    id: randomUUID(),
    type,
    occurredAt: at,
    ticket: webhookTicket(ticket, withTranscript),
    ...(message
      ? {
          message: {
            author: message.author,
            ...(message.authorName ? { authorName: message.authorName } : {}),
            text: message.text,
            createdAt: message.createdAt,
          },
        }
      : {}),
  };
}

function webhookTicket(ticket: Ticket, withTranscript: boolean): WebhookTicket {
  return {
    id: ticket.id,
    status: ticket.status,
    language: ticket.language,
    summary: ticket.summary,
    contact: ticket.contact,
    conversationId: ticket.conversationId,
    channelId: ticket.channelId,
    userId: ticket.userId,
    ...(ticket.userName ? { userName: ticket.userName } : {}),
    tried: ticket.tried,
    ...(withTranscript ? { transcript: ticket.transcript } : {}),
    ...(ticket.claimedBy ? { claimedBy: ticket.claimedBy } : {}),
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
  };
}
