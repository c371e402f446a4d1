import type { Migration } from './migration';

/**
 * Issue 17, item 4: files a supplier sends in a conversation (a screenshot, a PDF), kept in the
 * shared database so every instance serves them. A file belongs to its conversation (channel and
 * conversation id, as tickets record them), so a ticket shows the files sent before it was opened
 * too. The content type is the one read from the bytes, never the one the client declared.
 */
export const attachments: Migration = {
  id: '070_attachments',
  statements: (dialect) => [
    `CREATE TABLE attachments (
      id TEXT PRIMARY KEY,
      channel_id TEXT NOT NULL,
      conversation_id TEXT NOT NULL,
      name TEXT NOT NULL,
      content_type TEXT NOT NULL,
      size ${dialect.bigint} NOT NULL,
      sha256 TEXT NOT NULL,
      data ${dialect.bytes} NOT NULL,
      created_at TEXT NOT NULL
    )`,
    'CREATE INDEX attachments_conversation ON attachments (channel_id, conversation_id, created_at)',
    'CREATE INDEX attachments_created ON attachments (created_at)',
  ],
};
