import { MemoryRateLimiter } from './memoryRateLimiter';
import type { RateLimiter } from './rateLimiter';

/**
 * A limiter's sliding window bound to one limit: what the staff sign-in needs. An attempt is
 * counted before its password is checked, in the same step as the check of the limit: checking
 * first and counting the failure after the (slow) password check let 19 parallel attempts
 * through a limit of 5. A success then forgets the count.
 */
export class AttemptLimit {
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly limiter: RateLimiter = new MemoryRateLimiter(),
  ) {}

  /** Counts one attempt for `key`: 0 when it may go ahead, else the seconds until it may try again (nothing counted then). */
  async reserve(key: string): Promise<number> {
    return (await this.limiter.reserve(key, this.limit, this.windowMs)).retryAfterSeconds;
  }

  /** The password was right: the key's attempts are forgotten. */
  succeed(key: string): Promise<void> {
    return this.limiter.forget(key);
  }

  /** The attempt was never judged (the server was too busy to check the password): it does not count. */
  refund(key: string): Promise<void> {
    return this.limiter.refund(key);
  }
}
