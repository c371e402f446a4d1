import type { Database } from './database';

/**
 * Where the two engines' DDL differs, and nothing else: a migration writes each statement once
 * and takes these words from the dialect it is rendered for. Queries need no dialect: the stores'
 * SQL (`?` placeholders, ON CONFLICT, RETURNING) runs unchanged on both engines.
 */
export interface SqlDialect {
  /** An auto-numbered primary key: the column's type and constraint. */
  readonly autoIncrementKey: string;
  /** A 64-bit integer: a reference to an auto-numbered key, or milliseconds since the epoch. */
  readonly bigint: string;
  /** A true/false column (SQLite stores 0 and 1). */
  readonly boolean: string;
  /** The false literal, for a boolean column's default. */
  readonly false: string;
  /** A double-precision floating-point number. */
  readonly double: string;
  /** Raw bytes (a file's content). */
  readonly bytes: string;
}

/** The dialect of each engine, by `Database.engine`. */
export const DIALECTS: Readonly<Record<Database['engine'], SqlDialect>> = {
  sqlite: {
    autoIncrementKey: 'INTEGER PRIMARY KEY AUTOINCREMENT',
    bigint: 'INTEGER',
    boolean: 'INTEGER',
    false: '0',
    double: 'REAL',
    bytes: 'BLOB',
  },
  postgres: {
    autoIncrementKey: 'BIGSERIAL PRIMARY KEY',
    bigint: 'BIGINT',
    boolean: 'BOOLEAN',
    false: 'FALSE',
    double: 'DOUBLE PRECISION',
    bytes: 'BYTEA',
  },
};
