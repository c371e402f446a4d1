import type { Database } from './database';
import { DIALECTS } from './dialect';
import { MIGRATIONS } from './migrations';
import type { Migration } from './migrations/migration';

/**
 * Applies, in order and once each, the migrations the database has not seen yet,
 * each in its own transaction with its record in schema_migrations. On PostgreSQL an
 * advisory lock makes instances starting together run them once.
 */
export async function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): Promise<string[]> {
  const applied: string[] = [];
  const ids = migrations.map((m) => m.id);
  if (new Set(ids).size !== ids.length) throw new Error('migrate: duplicate migration id');
  await db.run(
    'CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)',
  );
  const lock = db.engine === 'postgres';
  if (lock) await db.run('SELECT pg_advisory_lock(727274)');
  try {
    const done = new Set((await db.all<{ id: string }>('SELECT id FROM schema_migrations')).map((row) => row.id));
    for (const migration of [...migrations].sort((a, b) => a.id.localeCompare(b.id))) {
      if (done.has(migration.id)) continue;
      await db.transaction(async (tx) => {
        for (const statement of migration.statements(DIALECTS[db.engine])) await tx.run(statement);
        await tx.run('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)', [migration.id, new Date().toISOString()]);
      });
      applied.push(migration.id);
    }
  } finally {
    if (lock) await db.run('SELECT pg_advisory_unlock(727274)');
  }
  return applied;
}
