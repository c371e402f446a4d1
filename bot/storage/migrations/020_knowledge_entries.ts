import type { Migration } from './migration';

/**
 * The knowledge base as staff edit it: one row per entry (its current content, published or not),
 * and the version every committed change increments, so an instance can tell whether it is current.
 * `published` shipped as INTEGER on both engines (the store writes 0 and 1), so it stays so.
 */
export const knowledgeEntries: Migration = {
  id: '020_knowledge_entries',
  statements: () => [
    `CREATE TABLE knowledge_entries (
      id TEXT PRIMARY KEY,
      content TEXT NOT NULL,
      published INTEGER NOT NULL,
      revision INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      created_by TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      updated_by TEXT NOT NULL
    )`,
    `CREATE TABLE knowledge_state (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      version INTEGER NOT NULL,
      updated_at TEXT
    )`,
    'INSERT INTO knowledge_state (id, version, updated_at) VALUES (1, 0, NULL)',
  ],
};
