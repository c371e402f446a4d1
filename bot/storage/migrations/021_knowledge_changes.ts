import type { Migration } from './migration';

/**
 * Every change to a knowledge entry (seed, create, edit, phrasings, publish, unpublish, import):
 * who, when, the entry as it was afterwards, the knowledge version it made, and — when it changed
 * the live index — the evaluation set's top-1 and rejection before and after.
 */
export const knowledgeChanges: Migration = {
  id: '021_knowledge_changes',
  statements: (dialect) => [
    `CREATE TABLE knowledge_changes (
      seq ${dialect.autoIncrementKey},
      entry_id TEXT NOT NULL,
      revision INTEGER NOT NULL,
      kind TEXT NOT NULL,
      author TEXT NOT NULL,
      at TEXT NOT NULL,
      content TEXT NOT NULL,
      published INTEGER NOT NULL,
      knowledge_version INTEGER NOT NULL,
      evaluation TEXT
    )`,
    'CREATE INDEX knowledge_changes_entry ON knowledge_changes (entry_id, seq)',
  ],
};
