import type { Migration } from './migration';

/** "Was this helpful?" answers, per FAQ entry and language. */
export const feedback: Migration = {
  id: '001_feedback',
  statements: (dialect) => [
    `CREATE TABLE feedback (
      id ${dialect.autoIncrementKey},
      entry_id TEXT NOT NULL,
      lang TEXT NOT NULL,
      helpful ${dialect.boolean} NOT NULL,
      surface TEXT NOT NULL,
      conversation_id TEXT,
      created_at TEXT NOT NULL
    )`,
    'CREATE INDEX feedback_entry ON feedback (entry_id)',
  ],
};
