import { randomBytes } from 'node:crypto';
import type { Database } from './database';

/**
 * A random key kept in the shared database: the first instance to ask creates it, every
 * other instance reads the same one. Never logged; readable by whoever can read the database.
 */
export async function sharedSecret(db: Database, name: string, bytes = 32): Promise<Buffer> {
  await db.run('INSERT INTO app_secrets (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING', [
    name,
    randomBytes(bytes).toString('base64'),
    new Date().toISOString(),
  ]);
  const row = await db.get<{ value: string }>('SELECT value FROM app_secrets WHERE name = ?', [name]);
  return Buffer.from(row!.value, 'base64');
}
