import type { Database, SqlExecutor } from '../storage/database';
import { ALLOWED_FROM, changeApplies, formatTicketId, parseTicketId } from './ticket';
import type { Actor, MessageAuthor, TicketChange, TicketDetail, TicketEvent, TicketEventType, TicketMessage } from './ticket';
import { TicketNotFoundError, TicketStateError } from './ticketErrors';
import { TICKET_COLUMNS, toTicket, toTicketEvent, toTicketMessage } from './ticketRows';
import type { TicketEventRow, TicketMessageRow, TicketRow } from './ticketRows';
import type { TicketStore } from './ticketStore';
import type { NewTicket, Ticket, TicketStatus } from './types';
import { outboxEvent, type OutboxEvent } from './webhookPayload';

export interface SqlTicketStoreOptions {
  /** The current time; tests pass a fixed clock. */
  now?: () => Date;
  /** Write webhook events to the outbox table, in the same transaction as each change. */
  outbox?: boolean;
}

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
    const rows = await this.db.all<TicketRow>(
      `SELECT ${TICKET_COLUMNS} FROM tickets ${where} ORDER BY seq DESC LIMIT ?`,
      [...statuses, Math.max(1, Math.min(limit, 5000))],
    );
    return rows.map(toTicket).reverse();
  }

  async activeFor(conversationId: string): Promise<Ticket | undefined> {
    const row = await this.db.get<TicketRow>(
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
    const rows = await this.db.all<TicketMessageRow>(
      'SELECT id, author, author_name, text, created_at FROM ticket_messages WHERE ticket_seq = ? ORDER BY id',
      [seq],
    );
    return rows.map((row) => toTicketMessage(row, formatTicketId(seq)));
  }

  async events(ticketId: string): Promise<TicketEvent[]> {
    const seq = parseTicketId(ticketId);
    if (seq === undefined) return [];
    const rows = await this.db.all<TicketEventRow>(
      'SELECT type, actor, from_status, to_status, created_at FROM ticket_events WHERE ticket_seq = ? ORDER BY id',
      [seq],
    );
    return rows.map(toTicketEvent);
  }

  private async change(
    ticketId: string,
    change: TicketChange,
    to: TicketStatus,
    event: TicketEventType,
    actor: Actor,
    outboxType?: OutboxEvent['type'],
  ): Promise<Ticket> {
    const at = this.timestamp();
    return this.db.transaction(async (tx) => {
      const ticket = await this.require(tx, ticketId);
      if (!changeApplies(ticket, change, actor)) return ticket;
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
    const event = outboxEvent(type, ticket, at, message, withTranscript);
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
    const row = await executor.get<TicketRow>(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE seq = ?`, [seq]);
    return row ? toTicket(row) : undefined;
  }

  private timestamp(): string {
    return this.now().toISOString();
  }
}
