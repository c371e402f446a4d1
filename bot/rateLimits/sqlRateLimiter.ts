import type { Database } from '../storage/database';
import { attemptDecision, secondsUntilFree, windowOf, type RateDecision, type RateLimiter } from './rateLimiter';

/**
 * Several instances: counters and attempts in the shared database, so spreading requests over
 * instances gains nothing. Fixed windows in `rate_limits`; attempts in `staff_signin_failures`
 * (the name it had when it counted failed sign-ins only).
 */
export class SqlRateLimiter implements RateLimiter {
  private lastPrune = 0;

  constructor(
    private readonly db: Database,
    private readonly clock: () => number = Date.now,
  ) {}

  async hit(key: string, limit: number, windowSeconds: number, now = this.clock()): Promise<RateDecision> {
    const { start, retryAfterSeconds } = windowOf(now, windowSeconds);
    const row = await this.db.get<{ count: number | string }>(
      `INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, 1)
       ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1
       RETURNING count`,
      [key, start],
    );
    if (now - this.lastPrune > 60_000) {
      this.lastPrune = now;
      await this.db.run('DELETE FROM rate_limits WHERE window_start < ?', [now - 24 * 3600 * 1000]);
    }
    return { allowed: Number(row?.count ?? 1) <= limit, retryAfterSeconds };
  }

  async reserve(key: string, limit: number, windowMs: number): Promise<RateDecision> {
    const now = this.clock();
    const wait = await this.db.transaction(async (tx) => {
      // Attempts for one key take turns: SQLite runs one write transaction at a time already;
      // PostgreSQL's READ COMMITTED would let two see the same count, so lock the key first.
      if (this.db.engine === 'postgres') await tx.get('SELECT pg_advisory_xact_lock(hashtext(?))', [`signin:${key}`]);
      const rows = await tx.all<{ at: number | string }>(
        'SELECT at FROM staff_signin_failures WHERE key = ? AND at > ? ORDER BY at DESC LIMIT ?',
        [key, now - windowMs, limit],
      );
      const wait = secondsUntilFree(rows.map((row) => Number(row.at)), limit, windowMs, now);
      if (wait > 0) return wait;
      await tx.run('INSERT INTO staff_signin_failures (key, at) VALUES (?, ?)', [key, now]);
      await tx.run('DELETE FROM staff_signin_failures WHERE at < ?', [now - windowMs]);
      return 0;
    });
    return attemptDecision(wait);
  }

  async forget(key: string): Promise<void> {
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
