/**
 * One limiter shape for every limit of the server: the public per-client and per-conversation
 * limits count requests in fixed windows (`hit`), staff sign-in counts attempts in a sliding
 * window that a success forgets (`reserve`, `forget`, `refund`). Each has one implementation in
 * memory (one instance, SQLite) and one in the shared database (several instances, PostgreSQL).
 *
 * Hand-written, not rate-limiter-flexible: that library does serve better-sqlite3
 * (RateLimiterSQLite) and a pg Pool (RateLimiterPostgres), but (1) its windows start at a key's
 * first request, while ours are aligned to the clock and a refusal's Retry-After is the rest of
 * that window (tests/bot/rateLimits/rateLimiter.test.ts: 50 s at hh:mm:10); (2) it has no sliding
 * log of attempts, so "blocked until the oldest of the last 5 attempts leaves 15 minutes" becomes
 * "blocked until 15 minutes after the first" (tests/bot/rateLimits/attemptLimit.test.ts);
 * (3) it reads Date.now itself, so neither limit can be tested against a given clock; and
 * (4) it creates its own tables outside bot/storage/migrations. About 150 lines stay ours.
 */

/** The verdict on one more request or attempt. */
export interface RateDecision {
  readonly allowed: boolean;
  /** Seconds until one more would be allowed (the Retry-After value when refused). */
  readonly retryAfterSeconds: number;
}

/** A fixed-window limit per client, e.g. the searches of one address per minute. */
export interface RateLimitRule {
  /** Names the counter, e.g. "search". */
  readonly name: string;
  readonly limit: number;
  readonly windowSeconds: number;
}

/** Counts requests and attempts per key; keys are named apart by their callers (`search:1.2.3.4`). */
export interface RateLimiter {
  /**
   * Counts one request for `key` in the current fixed window of `windowSeconds` (aligned to the
   * clock). Refused requests count too: a flood keeps paying.
   */
  hit(key: string, limit: number, windowSeconds: number, now?: number): Promise<RateDecision>;
  /**
   * Counts one attempt for `key` if fewer than `limit` were counted within the last `windowMs`,
   * in the same step as the check: parallel attempts cannot overtake the limit. A refused
   * attempt is not counted; it may try again when the oldest of the `limit` latest leaves the window.
   */
  reserve(key: string, limit: number, windowMs: number): Promise<RateDecision>;
  /** Forgets the attempts of `key` (the password was right). */
  forget(key: string): Promise<void>;
  /** Un-counts the latest attempt of `key` (it was never judged). */
  refund(key: string): Promise<void>;
}

/** The clock-aligned fixed window `now` falls in, and the seconds left in it (at least 1). */
export function windowOf(now: number, windowSeconds: number): { start: number; retryAfterSeconds: number } {
  const size = windowSeconds * 1000;
  const start = Math.floor(now / size) * size;
  return { start, retryAfterSeconds: Math.max(1, Math.ceil((start + size - now) / 1000)) };
}

/** Seconds until the oldest of the `limit` latest attempts (`at`, newest first) leaves the window; 0 when under the limit. */
export function secondsUntilFree(newestFirst: readonly number[], limit: number, windowMs: number, now: number): number {
  if (newestFirst.length < limit) return 0;
  return Math.max(1, Math.ceil((newestFirst[limit - 1]! + windowMs - now) / 1000));
}

/** The decision for a sliding-window attempt that must wait `wait` seconds (0: allowed). */
export function attemptDecision(wait: number): RateDecision {
  return { allowed: wait === 0, retryAfterSeconds: wait };
}
