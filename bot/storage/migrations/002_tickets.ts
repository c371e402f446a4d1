import type { Migration } from './migration';

/**
 * Premium support tickets: the ticket, its messages, its state changes (an append-only log)
 * and the outbox the webhook worker delivers from. Timestamps are ISO 8601 text on both engines.
 */
export const tickets: Migration = {
  id: '002_tickets',
  statements: (dialect) => [
    `CREATE TABLE tickets (
      seq ${dialect.autoIncrementKey},
      public_id TEXT UNIQUE,
      status TEXT NOT NULL CHECK (status IN ('open', 'claimed', 'resolved', 'withdrawn')),
      conversation_reference TEXT NOT NULL,
      conversation_id TEXT NOT NULL,
      channel_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      user_name TEXT,
      language TEXT NOT NULL,
      summary TEXT NOT NULL,
      contact TEXT NOT NULL,
      tried TEXT NOT NULL,
      transcript TEXT NOT NULL,
      claimed_by TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`,
    'CREATE INDEX tickets_conversation ON tickets (conversation_id, status)',
    'CREATE INDEX tickets_status ON tickets (status, created_at)',
    `CREATE TABLE ticket_messages (
      id ${dialect.autoIncrementKey},
      ticket_seq ${dialect.bigint} NOT NULL REFERENCES tickets (seq),
      author TEXT NOT NULL CHECK (author IN ('user', 'staff', 'system')),
      author_name TEXT,
      text TEXT NOT NULL,
      created_at TEXT NOT NULL
    )`,
    'CREATE INDEX ticket_messages_ticket ON ticket_messages (ticket_seq, id)',
    `CREATE TABLE ticket_events (
      id ${dialect.autoIncrementKey},
      ticket_seq ${dialect.bigint} NOT NULL REFERENCES tickets (seq),
      type TEXT NOT NULL,
      actor TEXT,
      from_status TEXT,
      to_status TEXT NOT NULL,
      created_at TEXT NOT NULL
    )`,
    'CREATE INDEX ticket_events_ticket ON ticket_events (ticket_seq, id)',
    `CREATE TABLE handoff_outbox (
      id ${dialect.autoIncrementKey},
      event_id TEXT NOT NULL UNIQUE,
      type TEXT NOT NULL,
      payload TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at TEXT NOT NULL,
      locked_until TEXT,
      delivered_at TEXT,
      failed_at TEXT,
      last_error TEXT,
      created_at TEXT NOT NULL
    )`,
    'CREATE INDEX handoff_outbox_due ON handoff_outbox (delivered_at, failed_at, next_attempt_at)',
  ],
};
