import type { Migration } from './migration';

/**
 * Analytics: every question asked on any surface, and each conversation's outcome. Feedback
 * stays in `feedback` (001), which gains the question it answers. No names or e-mails here:
 * question text is redacted before it is stored.
 */
export const analytics: Migration = {
  id: '030_analytics',
  statements: (dialect) => [
    `CREATE TABLE analytics_questions (
      id TEXT PRIMARY KEY,
      surface TEXT NOT NULL,
      text TEXT NOT NULL,
      lang TEXT NOT NULL,
      top_entry_id TEXT,
      top_score ${dialect.double},
      confident ${dialect.boolean} NOT NULL,
      conversation_id TEXT,
      created_at TEXT NOT NULL
    )`,
    'CREATE INDEX analytics_questions_created ON analytics_questions (created_at)',
    `CREATE TABLE analytics_conversations (
      conversation_id TEXT PRIMARY KEY,
      surface TEXT NOT NULL,
      started_at TEXT NOT NULL,
      escalated_at TEXT,
      resolved_at TEXT,
      resolved_without_escalation ${dialect.boolean} NOT NULL DEFAULT ${dialect.false}
    )`,
    'CREATE INDEX analytics_conversations_started ON analytics_conversations (started_at)',
    'ALTER TABLE feedback ADD COLUMN question_id TEXT',
    'CREATE INDEX feedback_created ON feedback (created_at)',
  ],
};
