import { SqlFeedbackStore } from '../../../bot/faq/feedbackStore';
import { openPostgres, openSqlite, type Database } from '../../../bot/storage/database';
import { migrate } from '../../../bot/storage/migrate';
import { createTestDatabase, postgresAvailable } from '../../support/postgres';

const NOW = new Date('2026-11-28T10:00:00.000Z');

/** The same suite on each engine; PostgreSQL runs when a server answers (always under CI). */
const engines: Array<[string, () => Promise<{ db: Database; drop: () => Promise<void> }>]> = [
  ['SQLite', async () => ({ db: openSqlite(':memory:'), drop: async () => undefined })],
  [
    'PostgreSQL',
    async () => {
      const { url, drop } = await createTestDatabase();
      return { db: await openPostgres(url), drop };
    },
  ],
];

describe.each(engines)('SqlFeedbackStore on %s', (engine, open) => {
  let db: Database | undefined;
  let drop: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    if (engine === 'PostgreSQL' && !(await postgresAvailable())) return;
    ({ db, drop } = await open());
    await migrate(db);
  });
  afterAll(async () => {
    await db?.close();
    await drop();
  });

  it('records answers with the FAQ id, language, surface and conversation, and reads them back', async () => {
    if (!db) return;
    const store = new SqlFeedbackStore(db, () => NOW);
    await store.record({ entryId: '2fa-enable', language: 'fr', helpful: true, surface: 'chat', conversationId: 'c-1' });
    await store.record({ entryId: '2fa-enable', language: 'en', helpful: false, surface: 'chat' });
    await store.record({ entryId: 'who-pays-me', language: 'fr', helpful: true, surface: 'chat' });
    expect(await store.forEntry('2fa-enable')).toEqual([
      { entryId: '2fa-enable', language: 'fr', helpful: true, surface: 'chat', conversationId: 'c-1', createdAt: NOW.toISOString() },
      { entryId: '2fa-enable', language: 'en', helpful: false, surface: 'chat', createdAt: NOW.toISOString() },
    ]);
    expect(await store.forEntry('unknown')).toEqual([]);
  });
});
