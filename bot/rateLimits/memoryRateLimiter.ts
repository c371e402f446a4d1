import { attemptDecision, secondsUntilFree, windowOf, type RateDecision, type RateLimiter } from './rateLimiter';

/** Keys past which the attempt log is swept of keys with no recent attempt. */
const ATTEMPT_SWEEP_SIZE = 10_000;

/** One process: counters and attempt logs in memory (per instance, reset on restart). */
export class MemoryRateLimiter implements RateLimiter {
  private readonly counts = new Map<string, { start: number; count: number }>();
  private readonly attempts = new Map<string, number[]>();
  private lastPrune = -Infinity;

  constructor(private readonly clock: () => number = Date.now) {}

  async hit(key: string, limit: number, windowSeconds: number, now = this.clock()): Promise<RateDecision> {
    const { start, retryAfterSeconds } = windowOf(now, windowSeconds);
    const current = this.counts.get(key);
    const count = current?.start === start ? current.count + 1 : 1;
    this.counts.set(key, { start, count });
    // At most once a second: with over 100,000 keys live in the current window (many clients or
    // conversations in one minute) a prune frees nothing, and scanning on every hit cost 2 ms each.
    if (this.counts.size > 100_000 && now - this.lastPrune >= 1000) {
      this.lastPrune = now;
      this.prune(start);
    }
    return { allowed: count <= limit, retryAfterSeconds };
  }

  // No await between the check and the count: one turn of the event loop, so atomic.
  async reserve(key: string, limit: number, windowMs: number): Promise<RateDecision> {
    const now = this.clock();
    const recent = this.recent(key, windowMs, now);
    const wait = secondsUntilFree([...recent].reverse(), limit, windowMs, now);
    if (wait > 0) return attemptDecision(wait);
    recent.push(now);
    this.attempts.set(key, recent);
    if (this.attempts.size > ATTEMPT_SWEEP_SIZE) this.sweep(windowMs, now);
    return attemptDecision(0);
  }

  async forget(key: string): Promise<void> {
    this.attempts.delete(key);
  }

  async refund(key: string): Promise<void> {
    this.attempts.get(key)?.pop();
  }

  private prune(currentStart: number): void {
    for (const [key, value] of this.counts) if (value.start < currentStart) this.counts.delete(key);
  }

  private recent(key: string, windowMs: number, now: number): number[] {
    return (this.attempts.get(key) ?? []).filter((at) => at > now - windowMs);
  }

  private sweep(windowMs: number, now: number): void {
    for (const key of [...this.attempts.keys()]) {
      if (this.recent(key, windowMs, now).length === 0) this.attempts.delete(key);
    }
  }
}
