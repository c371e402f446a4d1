import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPostgres, openSqlite, type Database } from '../../../bot/storage/database';
import { migrate } from '../../../bot/storage/migrate';
import { createTestDatabase, postgresAvailable } from '../../support/postgres';

/** A migrated database of each engine, so one suite runs against both. */
export interface EngineUnderTest {
  readonly name: 'sqlite' | 'postgres';
  open(): Promise<{ db: Database; dispose: () => Promise<void> }>;
}

export const ENGINES: EngineUnderTest[] = [
  {
    name: 'sqlite',
    async open() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-db-'));
      const db = openSqlite(path.join(dir, 'test.sqlite'));
      await migrate(db);
      return {
        db,
        async dispose() {
          await db.close();
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'postgres',
    async open() {
      if (!(await postgresAvailable())) throw new Error('tests: PostgreSQL is not reachable (see TEST_DATABASE_URL)');
      const created = await createTestDatabase();
      const db = await openPostgres(created.url);
      await migrate(db);
      return {
        db,
        async dispose() {
          await db.close();
          await created.drop();
        },
      };
    },
  },
];
