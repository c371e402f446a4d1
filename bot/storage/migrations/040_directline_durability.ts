import type { Migration } from './migration';

/**
 * Direct Line, issue 13. Sizes of stored activities (the per-conversation quota prunes by them,
 * reads skip rows too large to load); turns acknowledged but not yet run, so a crash between the
 * 200 and the bot's answer does not lose the message (claimed with a lease so one instance runs
 * each); stream tokens already used (a stream token opens one WebSocket).
 */
export const directLineDurability: Migration = {
  id: '040_directline_durability',
  statements: (dialect) => [
    'ALTER TABLE directline_activities ADD COLUMN size INTEGER NOT NULL DEFAULT 0',
    'UPDATE directline_activities SET size = length(activity)',
    `ALTER TABLE directline_conversations ADD COLUMN chars ${dialect.bigint} NOT NULL DEFAULT 0`,
    `UPDATE directline_conversations SET chars = (
      SELECT COALESCE(SUM(size), 0) FROM directline_activities a WHERE a.conversation_id = directline_conversations.id)`,
    `CREATE TABLE directline_pending_turns (
      activity_id TEXT PRIMARY KEY,
      conversation_id TEXT NOT NULL,
      activity TEXT NOT NULL,
      created ${dialect.bigint} NOT NULL,
      lease_owner TEXT,
      lease_until ${dialect.bigint} NOT NULL,
      leased_at ${dialect.bigint} NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 1
    )`,
    'CREATE INDEX directline_pending_lease ON directline_pending_turns (lease_until)',
    `CREATE TABLE directline_used_tokens (token_id TEXT PRIMARY KEY, expires_at ${dialect.bigint} NOT NULL)`,
  ],
};
