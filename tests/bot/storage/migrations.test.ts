import { DIALECTS } from '../../../bot/storage/dialect';
import { MIGRATIONS } from '../../../bot/storage/migrations';
import shipped from './fixtures/migrationsDdl.json';

/**
 * A migration that shipped must never change what it runs: a database migrated by an older
 * release would differ from a fresh one. The fixture holds every shipped migration's statements
 * per engine as they were written out by hand, one set per engine, before the migrations were
 * written once over a dialect; a new migration is appended to it when it ships.
 */
const SHIPPED: Record<string, Record<'sqlite' | 'postgres', string[]>> = shipped;

const normalise = (statement: string): string => statement.replace(/\s+/g, ' ').trim();

describe('MIGRATIONS', () => {
  it('are exactly the shipped migrations, in the order they shipped', () => {
    expect(MIGRATIONS.map((migration) => migration.id)).toEqual(Object.keys(SHIPPED));
  });

  describe.each(['sqlite', 'postgres'] as const)('rendered for %s', (engine) => {
    it.each(MIGRATIONS.map((migration) => [migration.id, migration] as const))(
      'renders %s as the statements it shipped with',
      (id, migration) => {
        expect(migration.statements(DIALECTS[engine]).map(normalise)).toEqual(SHIPPED[id]?.[engine]);
      },
    );
  });
});
