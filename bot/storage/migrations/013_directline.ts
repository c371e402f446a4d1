import type { Migration } from './migration';

/** The built-in Direct Line endpoint's conversations and activities, shared by every instance. */
export const directLine: Migration = {
  id: '013_directline',
  statements: (dialect) => [
    `CREATE TABLE directline_conversations (
      id TEXT PRIMARY KEY,
      user_id TEXT NOT NULL,
      locale TEXT,
      sequence INTEGER NOT NULL DEFAULT 0,
      last_active ${dialect.bigint} NOT NULL
    )`,
    `CREATE TABLE directline_activities (
      conversation_id TEXT NOT NULL REFERENCES directline_conversations (id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      activity TEXT NOT NULL,
      PRIMARY KEY (conversation_id, seq)
    )`,
    'CREATE INDEX directline_idle ON directline_conversations (last_active)',
  ],
};
