import type { Migration } from './index';

/** "Was this helpful?" answers, per FAQ entry and language. */
export const feedback: Migration = {
  id: '001_feedback',
  sqlite: [
    `CREATE TABLE feedback (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      entry_id TEXT NOT NULL,
      lang TEXT NOT NULL,
      helpful INTEGER NOT NULL,
      surface TEXT NOT NULL,
      conversation_id TEXT,
      created_at TEXT NOT NULL
    )`,
    'CREATE INDEX feedback_entry ON feedback (entry_id)',
  ],
  postgres: [
    `CREATE TABLE feedback (
      id BIGSERIAL PRIMARY KEY,
      entry_id TEXT NOT NULL,
      lang TEXT NOT NULL,
      helpful BOOLEAN NOT NULL,
      surface TEXT NOT NULL,
      conversation_id TEXT,
      created_at TEXT NOT NULL
    )`,
    'CREATE INDEX feedback_entry ON feedback (entry_id)',
  ],
};
