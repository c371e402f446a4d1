/**
 * The one SQL layer under every store, on SQLite or PostgreSQL. No query builder (Kysely, Knex)
 * was brought in, for these reasons (issue 15):
 * - The stores' queries are already portable: ON CONFLICT, RETURNING, COALESCE and length() mean
 *   the same on both engines, so `?` → `$n` below is the only translation they need. A builder
 *   would translate nothing more, and the two engine-specific statements left (advisory locks and
 *   rowid/ctid in the sign-in limiter) would stay branches on `engine` under it too.
 * - What this file does is what a builder's driver layer would not: SQLite's one connection with
 *   statements and transactions taking turns, durable commits, the prepared-statement cache, NUL
 *   in PostgreSQL text. Those would move into a custom dialect, not go away.
 * - DDL: Kysely's schema builder leaves an auto-numbered key to a per-engine type (serial on
 *   PostgreSQL), so migrations would still branch; `dialect.ts` names the few differences once.
 * - Typing rows: each store declares the row it reads and maps it to its model in one function
 *   (e.g. `toTicket`, `toEntry`), which is where a builder's row types would have helped.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Pool, type PoolClient } from 'pg';

/** A row as the drivers return it. */
export type Row = Record<string, unknown>;
export type SqlValue = string | number | bigint | boolean | null | Buffer;

/** What a statement changed. */
interface RunResult {
  changes: number;
}

/** The SQL both engines share; `?` placeholders in statements, translated for PostgreSQL. */
export interface SqlExecutor {
  all<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  run(sql: string, params?: readonly SqlValue[]): Promise<RunResult>;
}

/**
 * One relational database behind the stores: SQLite (better-sqlite3, the embedded default)
 * or PostgreSQL (pg, for several instances). Stores write portable SQL with `?` placeholders
 * and keep engine-specific DDL in their migrations.
 */
export interface Database extends SqlExecutor {
  readonly engine: 'sqlite' | 'postgres';
  /**
   * Runs `work` in one transaction: all of it is committed, or none. `durable`: the commit is
   * on disk before this resolves, even against a power loss (a ticket whose number the user is told).
   */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>, options?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
}

interface TransactionOptions {
  readonly durable?: boolean;
}

/** `?` → `$1, $2, …` (no store puts a literal question mark in SQL text). */
function toPostgresPlaceholders(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}

/** Prepared statements kept per SQL text; the stores issue a few dozen distinct ones. */
const STATEMENT_CACHE_LIMIT = 500;

/** Runs statements on the one better-sqlite3 connection, synchronously. */
class SqliteExecutor implements SqlExecutor {
  // Preparing costs more than running a small statement (a profile of bot turns showed
  // `prepare` as the single largest item), and every store repeats the same statements.
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  constructor(protected readonly db: BetterSqlite3.Database) {}

  private prepare(sql: string): BetterSqlite3.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      // Ad hoc SQL (rare) must not grow the cache without end.
      if (this.statements.size >= STATEMENT_CACHE_LIMIT) this.statements.clear();
      this.statements.set(sql, statement);
    }
    return statement;
  }

  async all<T extends Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.prepare(sql).all(...normalize(params)) as T[];
  }

  async get<T extends Row>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return this.prepare(sql).get(...normalize(params)) as T | undefined;
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<RunResult> {
    const statement = this.prepare(sql);
    if (!statement.reader) return { changes: statement.run(...normalize(params)).changes };
    statement.all(...normalize(params));
    return { changes: 0 };
  }
}

/**
 * SQLite has one connection, so a statement issued while a transaction is open would join it.
 * Transactions therefore take turns in one queue, first come first served; a statement outside
 * a transaction runs at once when none is queued, and otherwise queues too, behind the ones
 * asked for before it and no others. (It used to wait until no transaction was open: under load
 * a new one had always opened by then, and some statements, so some bot turns, waited 16-27 s.)
 */
class SqliteDatabase implements Database {
  readonly engine = 'sqlite' as const;
  private readonly db: BetterSqlite3.Database;
  private readonly direct: SqliteExecutor;
  private turn: Promise<unknown> = Promise.resolve();
  /** Transactions and statements in the queue, the one running included. */
  private queued = 0;

  constructor(file: string) {
    if (file !== ':memory:') keepPrivate(file);
    this.db = new BetterSqlite3(file);
    // WAL + synchronous=NORMAL: a committed write survives a killed process; only a power loss
    // can take the last commits, except durable ones (see transaction). FULL would fsync on every
    // commit, ~3 ms of blocked event loop each, several times per bot turn.
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.direct = new SqliteExecutor(this.db);
  }

  /** Runs `work` when everything queued before it is done; nothing else runs on the connection meanwhile. */
  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    this.queued++;
    const result = this.turn
      .catch(() => undefined)
      .then(async () => {
        try {
          return await work();
        } finally {
          this.queued--;
        }
      });
    this.turn = result;
    return result;
  }

  /** A statement outside a transaction: at once when the queue is empty (the usual case), else in turn. */
  private statement<T>(run: () => Promise<T>): Promise<T> {
    return this.queued === 0 ? run() : this.inTurn(run);
  }

  all<T extends Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.statement(() => this.direct.all<T>(sql, params));
  }

  get<T extends Row>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.statement(() => this.direct.get<T>(sql, params));
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<RunResult> {
    return this.statement(() => this.direct.run(sql, params));
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    return this.inTurn(async () => {
      // Inside the try: a BEGIN refused as busy (another connection writing) must not leave us "in" it.
      try {
        this.db.exec('BEGIN IMMEDIATE');
        const value = await work(this.direct);
        this.db.exec('COMMIT');
        // A checkpoint syncs the write-ahead log to disk first: the commit is then durable.
        if (options.durable) this.db.pragma('wal_checkpoint(PASSIVE)');
        return value;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  async close(): Promise<void> {
    await this.turn.catch(() => undefined);
    this.db.close();
  }
}

/** better-sqlite3 takes 0/1 for booleans. */
function normalize(params: readonly SqlValue[]): unknown[] {
  return params.map((value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value));
}

/**
 * PostgreSQL text cannot hold NUL (the query fails with "invalid byte sequence"), and any
 * supplier can type one: it is stored as U+FFFD, the replacement character, instead.
 */
function withoutNul(params: readonly SqlValue[]): unknown[] {
  return params.map((value) => (typeof value === 'string' && value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value));
}

class PostgresExecutor implements SqlExecutor {
  constructor(private readonly client: Pool | PoolClient) {}

  async all<T extends Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return (await this.client.query(toPostgresPlaceholders(sql), withoutNul(params))).rows as T[];
  }

  async get<T extends Row>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<RunResult> {
    const result = await this.client.query(toPostgresPlaceholders(sql), withoutNul(params));
    return { changes: result.rowCount ?? 0 };
  }
}

class PostgresDatabase extends PostgresExecutor implements Database {
  readonly engine = 'postgres' as const;

  constructor(readonly pool: Pool) {
    super(pool);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(new PostgresExecutor(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** Owner only: the database holds staff password hashes and conversation transcripts. */
const PRIVATE_FILE_MODE = 0o600;
const PRIVATE_DIR_MODE = 0o700;

/**
 * Creates the database's folder (0700) and file (0600) before SQLite opens it, and brings an
 * existing file, its -wal and -shm down to 0600: they were created 0644 (world-readable with the
 * usual umask) while the token signing key beside them was 0600. SQLite gives the -wal and -shm
 * it creates later the mode of the database file. A folder that already existed is left as it
 * is: it may be a volume an operator prepared for more than this.
 */
function keepPrivate(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
  fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE_MODE));
  for (const each of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      fs.chmodSync(each, PRIVATE_FILE_MODE);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

/** Opens SQLite at `file` (":memory:" for a throwaway one). */
export function openSqlite(file: string): Database {
  return new SqliteDatabase(file);
}

/** Connects to PostgreSQL; fails with a message naming DATABASE_URL when it can't. */
export async function openPostgres(url: string): Promise<Database> {
  const pool = new Pool({ connectionString: url, max: 10 });
  pool.on('error', () => undefined); // an idle client's error is reported on its next query
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new Error(`database: cannot connect to DATABASE_URL (${(error as Error).message})`);
  }
  return new PostgresDatabase(pool);
}

/** The configured database: PostgreSQL when DATABASE_URL is set, else SQLite in DATA_DIR. */
export async function openDatabase(options: { databaseUrl?: string; dataDir: string }): Promise<Database> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl)
    : openSqlite(path.join(options.dataDir, 'assistant.sqlite'));
}
