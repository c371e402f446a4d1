import type { Database } from '../storage/database';

/**
 * Counts failed attempts per key (email + IP) in a sliding window; past the limit the key is
 * blocked until its oldest failure leaves the window.
 */
export interface SignInLimiter {
  /** Seconds until `key` may try again, or 0 when it may now. */
  retryAfter(key: string): Promise<number>;
  fail(key: string): Promise<void>;
  succeed(key: string): Promise<void>;
}

/** The sign-in limiter in memory: per instance, reset on restart (one instance, SQLite). */
export class AttemptLimiter implements SignInLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async retryAfter(key: string): Promise<number> {
    const recent = this.recent(key);
    if (recent.length < this.limit) return 0;
    return Math.max(1, Math.ceil((recent[recent.length - this.limit]! + this.windowMs - this.now()) / 1000));
  }

  async fail(key: string): Promise<void> {
    const recent = this.recent(key);
    recent.push(this.now());
    this.failures.set(key, recent);
    if (this.failures.size > 10_000) this.sweep();
  }

  async succeed(key: string): Promise<void> {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    return (this.failures.get(key) ?? []).filter((at) => at > since);
  }

  private sweep(): void {
    for (const key of [...this.failures.keys()]) {
      if (this.recent(key).length === 0) this.failures.delete(key);
    }
  }
}

/** The sign-in limiter in the shared database, so an attacker gains nothing by spreading over instances. */
export class SqlSignInLimiter implements SignInLimiter {
  constructor(
    private readonly db: Database,
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async retryAfter(key: string): Promise<number> {
    const rows = await this.db.all<{ at: number | string }>(
      'SELECT at FROM staff_signin_failures WHERE key = ? AND at > ? ORDER BY at DESC LIMIT ?',
      [key, this.now() - this.windowMs, this.limit],
    );
    if (rows.length < this.limit) return 0;
    const oldestCounted = Number(rows[rows.length - 1]!.at);
    return Math.max(1, Math.ceil((oldestCounted + this.windowMs - this.now()) / 1000));
  }

  async fail(key: string): Promise<void> {
    const now = this.now();
    await this.db.run('INSERT INTO staff_signin_failures (key, at) VALUES (?, ?)', [key, now]);
    await this.db.run('DELETE FROM staff_signin_failures WHERE at < ?', [now - this.windowMs]);
  }

  async succeed(key: string): Promise<void> {
    await this.db.run('DELETE FROM staff_signin_failures WHERE key = ?', [key]);
  }
}
