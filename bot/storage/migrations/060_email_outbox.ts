import type { Migration } from './migration';

/**
 * Issue 17, items 2 and 3: the supplier's conversation outlives the tab, and a reply reaches them
 * by e-mail when they have left.
 * - `email_outbox`: follow-up e-mails waiting to be sent (any instance sends them); `idem_key`
 *   is unique, so one ticket message is queued once however often it is offered.
 * - `directline_conversations.retain_until`: a conversation with a ticket is kept past the idle
 *   limit until then (ms), so the agent's reply and the e-mail's link find it.
 * - `directline_conversations.streamed_at`: when an instance last saw a stream open on the
 *   conversation (ms; NULL once its last stream there closed): "is the supplier connected"
 *   answered for every instance.
 */
export const emailOutbox: Migration = {
  id: '060_email_outbox',
  statements: (dialect) => [
    `CREATE TABLE email_outbox (
      id ${dialect.autoIncrementKey},
      idem_key TEXT NOT NULL UNIQUE,
      ticket_id TEXT NOT NULL,
      payload TEXT NOT NULL,
      created_at TEXT NOT NULL,
      next_attempt_at TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      locked_until TEXT,
      sending_since TEXT,
      sent_at TEXT,
      failed_at TEXT,
      last_error TEXT
    )`,
    'CREATE INDEX email_outbox_due ON email_outbox (sent_at, failed_at, next_attempt_at)',
    `ALTER TABLE directline_conversations ADD COLUMN retain_until ${dialect.bigint}`,
    `ALTER TABLE directline_conversations ADD COLUMN streamed_at ${dialect.bigint}`,
  ],
};
