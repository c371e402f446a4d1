import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KnowledgeModule } from '../../../bot/knowledgeEditing/module';
import { openPostgres, openSqlite, type Database } from '../../../bot/storage/database';
import { migrate } from '../../../bot/storage/migrate';
import { InProcessKnowledgeChanges } from '../../../knowledge/editing';
import { openKnowledge } from '../../support/knowledgeEditing';
import { createTestDatabase, postgresAvailable } from '../../support/postgres';

/** Two connections to one database, as two instances of the server have. */
interface SharedDatabase {
  readonly name: string;
  open(): Promise<{ first: Database; second: Database; dispose: () => Promise<void> }>;
}

const SHARED: SharedDatabase[] = [
  {
    name: 'postgres',
    async open() {
      if (!(await postgresAvailable())) throw new Error('tests: PostgreSQL is not reachable (see TEST_DATABASE_URL)');
      const created = await createTestDatabase();
      const first = await openPostgres(created.url);
      const second = await openPostgres(created.url);
      await migrate(first);
      return {
        first,
        second,
        async dispose() {
          await first.close();
          await second.close();
          await created.drop();
        },
      };
    },
  },
  {
    name: 'sqlite',
    // SQLite serves one process: its two "instances" share the one connection, as they would in it.
    async open() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-live-'));
      const first = openSqlite(path.join(dir, 'shared.sqlite'));
      await migrate(first);
      const second = first;
      return {
        first,
        second,
        async dispose() {
          await first.close();
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
];

describe.each(SHARED)('LiveKnowledge on two instances sharing $name', (shared) => {
  let dispose: () => Promise<void>;
  let first: KnowledgeModule;
  let second: KnowledgeModule;
  let changes: InProcessKnowledgeChanges;

  beforeEach(async () => {
    const opened = await shared.open();
    dispose = opened.dispose;
    changes = new InProcessKnowledgeChanges();
    first = await openKnowledge(opened.first, { changes });
    second = await openKnowledge(opened.second, { changes });
  });

  afterEach(async () => {
    await first.close();
    await second.close();
    await dispose();
  });

  it('seeds once: the second instance starts from the same version', () => {
    expect(second.live.version).toBe(first.live.version);
  });

  it('shows an edit made on the other instance after the notification’s reload', async () => {
    expect(second.live.current().search('quokka ledger').confident).toBe(false);
    const result = await first.editor.addPhrasings('update-banking-info', { lang: 'en', phrasings: ['quokka ledger'] }, 'alice');
    await second.live.settled();
    expect(second.live.version).toBe(result.version);
    expect(second.live.current().search('quokka ledger').hits[0]!.entry.id).toBe('update-banking-info');
    expect(second.live.current().search('quokka ledger').confident).toBe(true);
  });

  it('publishes an edit, here and on the other instance, by analyzing only the edited entry again', async () => {
    const before = [first.live.current(), second.live.current()];
    await first.editor.addPhrasings('update-banking-info', { lang: 'en', phrasings: ['quokka ledger'] }, 'alice');
    await second.live.settled();
    [first, second].forEach((instance, i) => {
      const previous = before[i]!.index.analyses;
      const current = instance.live.current().index.analyses;
      expect(current).not.toBe(previous);
      expect(current.filter((analysis) => previous.includes(analysis))).toHaveLength(previous.length - 1);
    });
  });

  it('catches up on reload() when a notification was missed', async () => {
    await second.close();
    await first.editor.addPhrasings('update-banking-info', { lang: 'en', phrasings: ['quokka ledger'] }, 'alice');
    await second.live.settled();
    expect(second.live.current().search('quokka ledger').confident).toBe(false);
    expect(await second.live.reload()).toBe(true);
    expect(second.live.current().search('quokka ledger').hits[0]!.entry.id).toBe('update-banking-info');
    expect(await second.live.reload()).toBe(false);
  });

  it('keeps both edits when both instances change the knowledge base at once', async () => {
    await Promise.all([
      first.editor.addPhrasings('update-banking-info', { lang: 'en', phrasings: ['quokka ledger'] }, 'alice'),
      second.editor.addPhrasings('payment-info', { lang: 'en', phrasings: ['wombat remittance'] }, 'bob'),
    ]);
    await first.live.settled();
    await second.live.settled();
    for (const instance of [first, second]) {
      expect(instance.live.version).toBe(await instance.repository.version());
      expect(instance.live.current().search('quokka ledger').hits[0]!.entry.id).toBe('update-banking-info');
      expect(instance.live.current().search('wombat remittance').hits[0]!.entry.id).toBe('payment-info');
    }
  });
});
