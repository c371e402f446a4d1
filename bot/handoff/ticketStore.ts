import { randomUUID } from 'node:crypto';
import type { Language } from '../../knowledge';
import type { Database, Row, SqlExecutor } from '../storage/database';
import type { ConversationAddress, NewTicket, Ticket, TicketStatus, TranscriptLine, TriedSoFar } from './types';

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

export const TICKET_STATUSES: readonly TicketStatus[] = ['open', 'claimed', 'resolved', 'withdrawn'];

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
export interface WebhookTicket {
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

export interface SqlTicketStoreOptions {
  /** The current time; tests pass a fixed clock. */
  now?: () => Date;
  /** Write webhook events to the outbox table, in the same transaction as each change. */
  outbox?: boolean;
}

const PREFIX = 'PS-';

/** 42 → "PS-000042". */
export function formatTicketId(seq: number): string {
  return `${PREFIX}${String(seq).padStart(6, '0')}`;
}

const TICKET_COLUMNS =
  'seq, public_id, status, conversation_reference, conversation_id, channel_id, user_id, user_name, language, summary, contact, tried, transcript, claimed_by, created_at, updated_at';

/** The one TicketStore: portable SQL over the shared Database (SQLite or PostgreSQL). */
export class SqlTicketStore implements TicketStore {
  private readonly now: () => Date;
  private readonly outbox: boolean;

  constructor(
    private readonly db: Database,
    options: SqlTicketStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.outbox = options.outbox ?? false;
  }

  async create(input: NewTicket): Promise<Ticket> {
    const at = this.timestamp();
    return this.db.transaction(async (tx) => {
      const inserted = await tx.get<{ seq: number | string }>(
        `INSERT INTO tickets (status, conversation_reference, conversation_id, channel_id, user_id, user_name, language,
           summary, contact, tried, transcript, created_at, updated_at)
         VALUES ('open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq`,
        [
          JSON.stringify(input.conversationReference),
          input.conversationId,
          input.channelId,
          input.userId,
          input.userName ?? null,
          input.language,
          input.summary,
          input.contact,
          JSON.stringify({ faqShown: [...input.tried.faqShown], journeySteps: [...input.tried.journeySteps] }),
          JSON.stringify(input.transcript),
          at,
          at,
        ],
      );
      const seq = Number(inserted!.seq);
      await tx.run('UPDATE tickets SET public_id = ? WHERE seq = ?', [formatTicketId(seq), seq]);
      await this.logEvent(tx, seq, 'created', { id: 'user' }, undefined, 'open', at);
      const ticket = (await this.load(tx, formatTicketId(seq)))!;
      await this.enqueue(tx, 'ticket.created', ticket, at, undefined, true);
      return ticket;
    }, { durable: true }); // the user is told this number next: it must outlive even a power loss
  }

  async get(ticketId: string): Promise<Ticket | undefined> {
    return this.load(this.db, ticketId);
  }

  async detail(ticketId: string): Promise<TicketDetail | undefined> {
    const ticket = await this.get(ticketId);
    if (!ticket) return undefined;
    return { ...ticket, messages: await this.messages(ticketId) };
  }

  async list(statuses: readonly TicketStatus[] = [], limit = 500): Promise<Ticket[]> {
    const where = statuses.length ? `WHERE status IN (${statuses.map(() => '?').join(', ')})` : '';
    const rows = await this.db.all(
      `SELECT ${TICKET_COLUMNS} FROM tickets ${where} ORDER BY seq DESC LIMIT ?`,
      [...statuses, Math.max(1, Math.min(limit, 5000))],
    );
    return rows.map(toTicket).reverse();
  }

  async activeFor(conversationId: string): Promise<Ticket | undefined> {
    const row = await this.db.get(
      `SELECT ${TICKET_COLUMNS} FROM tickets WHERE conversation_id = ? AND status IN ('open', 'claimed') ORDER BY seq DESC LIMIT 1`,
      [conversationId],
    );
    return row ? toTicket(row) : undefined;
  }

  async addMessage(ticketId: string, author: MessageAuthor, text: string, actor?: Actor): Promise<TicketMessage> {
    const at = this.timestamp();
    return this.db.transaction(async (tx) => {
      let ticket = await this.require(tx, ticketId);
      if (!ALLOWED_FROM.message.includes(ticket.status)) throw new TicketStateError(ticket.id, ticket.status, 'add a message to');
      const seq = parseTicketId(ticket.id)!;
      if (author === 'staff' && ticket.status === 'open' && actor) {
        ticket = await this.transition(tx, ticket, 'claimed', 'claimed', actor, at);
      }
      const inserted = await tx.get<{ id: number | string }>(
        'INSERT INTO ticket_messages (ticket_seq, author, author_name, text, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id',
        [seq, author, actor?.name ?? null, text, at],
      );
      await tx.run('UPDATE tickets SET updated_at = ? WHERE seq = ?', [at, seq]);
      await this.logEvent(tx, seq, 'message', actor ?? { id: author }, ticket.status, ticket.status, at);
      const message: TicketMessage = {
        id: Number(inserted!.id),
        ticketId: ticket.id,
        author,
        ...(actor?.name ? { authorName: actor.name } : {}),
        text,
        createdAt: at,
      };
      await this.enqueue(tx, 'ticket.message', { ...ticket, updatedAt: at }, at, message);
      return message;
    });
  }

  async claim(ticketId: string, actor: Actor): Promise<Ticket> {
    return this.change(ticketId, 'claim', 'claimed', 'claimed', actor);
  }

  async resolve(ticketId: string, actor: Actor): Promise<Ticket> {
    return this.change(ticketId, 'resolve', 'resolved', 'resolved', actor, 'ticket.resolved');
  }

  async withdraw(ticketId: string, actor: Actor): Promise<Ticket> {
    return this.change(ticketId, 'withdraw', 'withdrawn', 'withdrawn', actor, 'ticket.withdrawn');
  }

  async messages(ticketId: string): Promise<TicketMessage[]> {
    const seq = parseTicketId(ticketId);
    if (seq === undefined) return [];
    const rows = await this.db.all(
      'SELECT id, author, author_name, text, created_at FROM ticket_messages WHERE ticket_seq = ? ORDER BY id',
      [seq],
    );
    return rows.map((row) => ({
      id: Number(row.id),
      ticketId: formatTicketId(seq),
      author: row.author as MessageAuthor,
      ...(row.author_name ? { authorName: String(row.author_name) } : {}),
      text: String(row.text),
      createdAt: String(row.created_at),
    }));
  }

  async events(ticketId: string): Promise<TicketEvent[]> {
    const seq = parseTicketId(ticketId);
    if (seq === undefined) return [];
    const rows = await this.db.all(
      'SELECT type, actor, from_status, to_status, created_at FROM ticket_events WHERE ticket_seq = ? ORDER BY id',
      [seq],
    );
    return rows.map((row) => ({
      type: row.type as TicketEventType,
      ...(row.actor ? { actor: String(row.actor) } : {}),
      ...(row.from_status ? { fromStatus: row.from_status as TicketStatus } : {}),
      toStatus: row.to_status as TicketStatus,
      createdAt: String(row.created_at),
    }));
  }

  private async change(
    ticketId: string,
    change: keyof typeof ALLOWED_FROM,
    to: TicketStatus,
    event: TicketEventType,
    actor: Actor,
    outboxType?: OutboxEvent['type'],
  ): Promise<Ticket> {
    const at = this.timestamp();
    return this.db.transaction(async (tx) => {
      const ticket = await this.require(tx, ticketId);
      if (!ALLOWED_FROM[change].includes(ticket.status)) throw new TicketStateError(ticket.id, ticket.status, change);
      // Claiming a ticket someone else holds would silently take it from them.
      if (change === 'claim' && ticket.status === 'claimed') {
        if (ticket.claimedBy === actor.id) return ticket;
        throw new TicketStateError(ticket.id, ticket.status, `claim (held by ${ticket.claimedBy ?? 'someone else'})`);
      }
      const changed = await this.transition(tx, ticket, to, event, actor, at);
      if (outboxType) await this.enqueue(tx, outboxType, changed, at);
      return changed;
    });
  }

  /** Moves the ticket to `to` only if nobody changed its status meanwhile (safe across instances). */
  private async transition(
    tx: SqlExecutor,
    ticket: Ticket,
    to: TicketStatus,
    event: TicketEventType,
    actor: Actor,
    at: string,
  ): Promise<Ticket> {
    const seq = parseTicketId(ticket.id)!;
    const claimedBy = to === 'claimed' ? actor.id : (ticket.claimedBy ?? null);
    const result = await tx.run('UPDATE tickets SET status = ?, claimed_by = ?, updated_at = ? WHERE seq = ? AND status = ?', [
      to,
      claimedBy,
      at,
      seq,
      ticket.status,
    ]);
    if (result.changes !== 1) {
      const now = await this.require(tx, ticket.id);
      throw new TicketStateError(ticket.id, now.status, event);
    }
    await this.logEvent(tx, seq, event, actor, ticket.status, to, at);
    return { ...ticket, status: to, updatedAt: at, ...(claimedBy ? { claimedBy } : {}) };
  }

  private async logEvent(
    tx: SqlExecutor,
    seq: number,
    type: TicketEventType,
    actor: Actor,
    from: TicketStatus | undefined,
    to: TicketStatus,
    at: string,
  ): Promise<void> {
    await tx.run('INSERT INTO ticket_events (ticket_seq, type, actor, from_status, to_status, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
      seq,
      type,
      actor.id,
      from ?? null,
      to,
      at,
    ]);
  }

  private async enqueue(
    tx: SqlExecutor,
    type: OutboxEvent['type'],
    ticket: Ticket,
    at: string,
    message?: TicketMessage,
    withTranscript = false,
  ): Promise<void> {
    if (!this.outbox) return;
    const event: OutboxEvent = {
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
    await tx.run(
      'INSERT INTO handoff_outbox (event_id, type, payload, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, 0, ?, ?)',
      [event.id, type, JSON.stringify(event), at, at],
    );
  }

  private async require(tx: SqlExecutor, ticketId: string): Promise<Ticket> {
    const ticket = await this.load(tx, ticketId);
    if (!ticket) throw new TicketNotFoundError(ticketId);
    return ticket;
  }

  private async load(executor: SqlExecutor, ticketId: string): Promise<Ticket | undefined> {
    const seq = parseTicketId(ticketId);
    if (seq === undefined) return undefined;
    const row = await executor.get(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE seq = ?`, [seq]);
    return row ? toTicket(row) : undefined;
  }

  private timestamp(): string {
    return this.now().toISOString();
  }
}

/** "PS-000042" (or "ps-42") → 42; anything else → undefined. */
export function parseTicketId(ticketId: string): number | undefined {
  const match = /^PS-(\d{1,12})$/i.exec(ticketId.trim());
  if (!match) return undefined;
  const seq = Number(match[1]);
  return Number.isSafeInteger(seq) && seq > 0 ? seq : undefined;
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

function toTicket(row: Row): Ticket {
  const seq = Number(row.seq);
  return {
    id: formatTicketId(seq),
    status: row.status as TicketStatus,
    conversationReference: JSON.parse(String(row.conversation_reference)) as ConversationAddress,
    conversationId: String(row.conversation_id),
    channelId: String(row.channel_id),
    userId: String(row.user_id),
    ...(row.user_name ? { userName: String(row.user_name) } : {}),
    language: row.language as Language,
    summary: String(row.summary),
    contact: String(row.contact),
    tried: JSON.parse(String(row.tried)) as TriedSoFar,
    transcript: JSON.parse(String(row.transcript)) as TranscriptLine[],
    ...(row.claimed_by ? { claimedBy: String(row.claimed_by) } : {}),
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
  };
}
