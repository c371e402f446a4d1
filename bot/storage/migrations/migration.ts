import type { SqlDialect } from '../dialect';

/**
 * Versioned schema changes, applied at start-up by `migrate`. Add a file per change, named and
 * id'd NNN_what, whose statements are written once and take what differs between the engines
 * from the dialect; never edit one that shipped (tests/bot/storage/migrations.test.ts holds
 * each shipped migration to the DDL it rendered when it shipped).
 */
export interface Migration {
  readonly id: string;
  /** The statements, in order, as `dialect`'s engine runs them. */
  readonly statements: (dialect: SqlDialect) => readonly string[];
}
