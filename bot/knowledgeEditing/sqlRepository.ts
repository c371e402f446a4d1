import { draftEntrySchema } from '../../knowledge/editing/draft';
import type {
  ChangeKind,
  ChangeRecord,
  EntryWrite,
  EvaluationDelta,
  KnowledgeRepository,
  KnowledgeSnapshot,
  StoredEntry,
} from '../../knowledge/editing/repository';
import type { Database, SqlExecutor } from '../storage/database';

interface EntryRow {
  [key: string]: unknown;
  id: string;
  content: string;
  published: number;
  revision: number;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

interface ChangeRow {
  [key: string]: unknown;
  seq: number | string;
  entry_id: string;
  revision: number;
  kind: string;
  author: string;
  at: string;
  content: string;
  published: number;
  knowledge_version: number;
  evaluation: string | null;
}

const ENTRY_COLUMNS = 'id, content, published, revision, created_at, created_by, updated_at, updated_by';

function toEntry(row: EntryRow): StoredEntry {
  return {
    id: row.id,
    content: draftEntrySchema.parse(JSON.parse(row.content)),
    published: Number(row.published) === 1,
    revision: Number(row.revision),
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

function toChange(row: ChangeRow): ChangeRecord {
  return {
    seq: Number(row.seq),
    entryId: row.entry_id,
    revision: Number(row.revision),
    kind: row.kind as ChangeKind,
    author: row.author,
    at: row.at,
    content: draftEntrySchema.parse(JSON.parse(row.content)),
    published: Number(row.published) === 1,
    version: Number(row.knowledge_version),
    evaluation: row.evaluation ? (JSON.parse(row.evaluation) as EvaluationDelta) : null,
  };
}

async function readVersion(db: SqlExecutor): Promise<number> {
  const row = await db.get<{ version: number }>('SELECT version FROM knowledge_state WHERE id = 1');
  return Number(row?.version ?? 0);
}

/** The edited knowledge base in the shared database (tables from migrations 020 and 021), on either engine. */
export class SqlKnowledgeRepository implements KnowledgeRepository {
  constructor(private readonly db: Database) {}

  version(): Promise<number> {
    return readVersion(this.db);
  }

  async snapshot(): Promise<KnowledgeSnapshot> {
    // Version, entries, version again: a commit in between shows as a moved version, and we read again.
    for (;;) {
      const version = await readVersion(this.db);
      const rows = await this.db.all<EntryRow>(`SELECT ${ENTRY_COLUMNS} FROM knowledge_entries ORDER BY id`);
      if ((await readVersion(this.db)) === version) return { version, entries: rows.map(toEntry) };
    }
  }

  async entry(id: string): Promise<StoredEntry | undefined> {
    const row = await this.db.get<EntryRow>(`SELECT ${ENTRY_COLUMNS} FROM knowledge_entries WHERE id = ?`, [id]);
    return row ? toEntry(row) : undefined;
  }

  async history(id: string): Promise<ChangeRecord[]> {
    const rows = await this.db.all<ChangeRow>(
      `SELECT seq, entry_id, revision, kind, author, at, content, published, knowledge_version, evaluation
       FROM knowledge_changes WHERE entry_id = ? ORDER BY seq`,
      [id],
    );
    return rows.map(toChange);
  }

  async commit(expectedVersion: number, writes: readonly EntryWrite[], at: string): Promise<number | undefined> {
    return this.db.transaction(async (tx) => {
      // The guarded increment also locks the state row on PostgreSQL, so writers take turns.
      const bumped = await tx.run('UPDATE knowledge_state SET version = version + 1, updated_at = ? WHERE id = 1 AND version = ?', [
        at,
        expectedVersion,
      ]);
      if (bumped.changes !== 1) return undefined;
      const version = expectedVersion + 1;
      for (const { entry, kind, evaluation } of writes) {
        const content = JSON.stringify(entry.content);
        const published = entry.published ? 1 : 0;
        await tx.run(
          `INSERT INTO knowledge_entries (${ENTRY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET content = excluded.content, published = excluded.published,
             revision = excluded.revision, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
          [entry.id, content, published, entry.revision, entry.createdAt, entry.createdBy, entry.updatedAt, entry.updatedBy],
        );
        await tx.run(
          `INSERT INTO knowledge_changes (entry_id, revision, kind, author, at, content, published, knowledge_version, evaluation)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [entry.id, entry.revision, kind, entry.updatedBy, at, content, published, version, evaluation ? JSON.stringify(evaluation) : null],
        );
      }
      return version;
    });
  }
}
