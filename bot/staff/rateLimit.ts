import type { Database } from '../storage/database';

/**
 * Counts sign-in attempts per key (email + IP) in a sliding window; past the limit the key is
 * blocked until its oldest counted attempt leaves the window, and a success forgets the key.
 *
 * An attempt is counted before its password is checked, in the same step as the check of the
 * limit: checking first and counting the failure after the (slow) password check let 19
 * parallel attempts through a limit of 5. A success then forgets the count, as before.
 */
export interface SignInLimiter {
  /** Counts one attempt for `key`: 0 when it may go ahead, else the seconds until it may try again (nothing counted then). */
  reserve(key: string): Promise<number>;
  /** The password was right: the key's attempts are forgotten. */
  succeed(key: string): Promise<void>;
  /** The attempt was never judged (the server was too busy to check the password): it does not count. */
  refund(key: string): Promise<void>;
}

/** Seconds until the oldest of the `limit` latest attempts (`at`, newest first) leaves the window. */
function secondsUntilFree(newestFirst: readonly number[], limit: number, windowMs: number, now: number): number {
  if (newestFirst.length < limit) return 0;
  return Math.max(1, Math.ceil((newestFirst[limit - 1]! + windowMs - now) / 1000));
}

/** The sign-in limiter in memory: per instance, reset on restart (one instance, SQLite). */
export class AttemptLimiter implements SignInLimiter {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  // No await between the check and the count: one turn of the event loop, so atomic.
  async reserve(key: string): Promise<number> {
    const recent = this.recent(key);
    const wait = secondsUntilFree([...recent].reverse(), this.limit, this.windowMs, this.now());
    if (wait > 0) return wait;
    recent.push(this.now());
    this.attempts.set(key, recent);
    if (this.attempts.size > 10_000) this.sweep();
    return 0;
  }

  async succeed(key: string): Promise<void> {
    this.attempts.delete(key);
  }

  async refund(key: string): Promise<void> {
    this.attempts.get(key)?.pop();
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    return (this.attempts.get(key) ?? []).filter((at) => at > since);
  }

  private sweep(): void {
    for (const key of [...this.attempts.keys()]) {
      if (this.recent(key).length === 0) this.attempts.delete(key);
    }
  }
}

/**
 * The sign-in limiter in the shared database, so an attacker gains nothing by spreading over
 * instances. The table keeps the name it had when it counted failures only.
 */
export class SqlSignInLimiter implements SignInLimiter {
  constructor(
    private readonly db: Database,
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async reserve(key: string): Promise<number> {
    const now = this.now();
    return this.db.transaction(async (tx) => {
      // Attempts for one key take turns: SQLite runs one write transaction at a time already;
      // PostgreSQL's READ COMMITTED would let two see the same count, so lock the key first.
      if (this.db.engine === 'postgres') await tx.get('SELECT pg_advisory_xact_lock(hashtext(?))', [`signin:${key}`]);
      const rows = await tx.all<{ at: number | string }>(
        'SELECT at FROM staff_signin_failures WHERE key = ? AND at > ? ORDER BY at DESC LIMIT ?',
        [key, now - this.windowMs, this.limit],
      );
      const wait = secondsUntilFree(rows.map((row) => Number(row.at)), this.limit, this.windowMs, now);
      if (wait > 0) return wait;
      await tx.run('INSERT INTO staff_signin_failures (key, at) VALUES (?, ?)', [key, now]);
      await tx.run('DELETE FROM staff_signin_failures WHERE at < ?', [now - this.windowMs]);
      return 0;
    });
  }

  async succeed(key: string): Promise<void> {
    await this.db.run('DELETE FROM staff_signin_failures WHERE key = ?', [key]);
  }

  async refund(key: string): Promise<void> {
    // One row, the latest: the table has no id column, so each engine's own row address.
    const row = this.db.engine === 'postgres' ? 'ctid' : 'rowid';
    await this.db.run(
      `DELETE FROM staff_signin_failures WHERE ${row} IN (SELECT ${row} FROM staff_signin_failures WHERE key = ? ORDER BY at DESC LIMIT 1)`,
      [key],
    );
  }
}
