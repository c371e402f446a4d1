import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import type { Database } from '../storage/database';

/** Keys read or deleted per statement, well under both engines' parameter limits. */
const BATCH = 200;

function batches<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH) out.push(items.slice(i, i + BATCH));
  return out;
}

/**
 * botbuilder `Storage` for ConversationState and UserState in the shared database, so any
 * instance can serve any turn. Honours the Storage contract as MemoryStorage does: a write
 * without an eTag or with "*" overwrites; a write with a stale eTag fails and changes nothing.
 */
export class SqlStorage implements Storage {
  constructor(private readonly db: Database) {}

  // `| undefined`: botbuilder's callers are JavaScript-shaped, and MemoryStorage checks the same.
  async read(keys: string[] | undefined): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('SqlStorage: keys are required when reading');
    const items: StoreItems = {};
    for (const batch of batches([...new Set(keys)])) {
      const rows = await this.db.all<{ key: string; document: string; etag: string }>(
        `SELECT key, document, etag FROM bot_state WHERE key IN (${batch.map(() => '?').join(', ')})`,
        batch,
      );
      for (const row of rows) {
        // write() stores an item's JSON object; null spreads to nothing, as MemoryStorage would read it.
        const document = JSON.parse(row.document) as object | null;
        items[row.key] = { ...document, eTag: row.etag };
      }
    }
    return items;
  }

  async write(changes: StoreItems | undefined): Promise<void> {
    if (!changes) throw new ReferenceError('SqlStorage: changes are required when writing');
    const now = new Date().toISOString();
    await this.db.transaction(async (tx) => {
      for (const [key, item] of Object.entries(changes)) {
        const { eTag, ...rest } = (item ?? {}) as { eTag?: string };
        const document = JSON.stringify(rest);
        const etag = randomUUID();
        if (!eTag || eTag === '*') {
          await tx.run(
            `INSERT INTO bot_state (key, document, etag, updated_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (key) DO UPDATE SET document = excluded.document, etag = excluded.etag, updated_at = excluded.updated_at`,
            [key, document, etag, now],
          );
          continue;
        }
        const updated = await tx.run('UPDATE bot_state SET document = ?, etag = ?, updated_at = ? WHERE key = ? AND etag = ?', [
          document,
          etag,
          now,
          key,
          eTag,
        ]);
        if (updated.changes === 1) continue;
        // No row matched: either the item is new (MemoryStorage then saves it) or its eTag is stale.
        const inserted = await tx.run(
          'INSERT INTO bot_state (key, document, etag, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING',
          [key, document, etag, now],
        );
        if (inserted.changes !== 1) throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
      }
    });
  }

  async delete(keys: string[] | undefined): Promise<void> {
    if (!keys) throw new ReferenceError('SqlStorage: keys are required when deleting');
    for (const batch of batches([...new Set(keys)])) {
      await this.db.run(`DELETE FROM bot_state WHERE key IN (${batch.map(() => '?').join(', ')})`, batch);
    }
  }
}
