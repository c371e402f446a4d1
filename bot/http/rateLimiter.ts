import proxyAddr from 'proxy-addr';
import type { IncomingMessage } from 'node:http';
import { isIPv6 } from 'node:net';
import type { Database } from '../storage/database';

/** The verdict on one more request. */
export interface RateDecision {
  readonly allowed: boolean;
  /** Seconds until the window resets (the Retry-After value when refused). */
  readonly retryAfterSeconds: number;
}

/** Counts requests per key in fixed windows. */
export interface RateLimiter {
  hit(key: string, limit: number, windowSeconds: number, now?: number): Promise<RateDecision>;
}

function windowOf(now: number, windowSeconds: number): { start: number; retryAfterSeconds: number } {
  const size = windowSeconds * 1000;
  const start = Math.floor(now / size) * size;
  return { start, retryAfterSeconds: Math.max(1, Math.ceil((start + size - now) / 1000)) };
}

/** One process: counters in memory, old windows dropped as they pass. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly counts = new Map<string, { start: number; count: number }>();
  private lastPrune = -Infinity;

  async hit(key: string, limit: number, windowSeconds: number, now = Date.now()): Promise<RateDecision> {
    const { start, retryAfterSeconds } = windowOf(now, windowSeconds);
    const current = this.counts.get(key);
    const count = current && current.start === start ? current.count + 1 : 1;
    this.counts.set(key, { start, count });
    // At most once a second: with over 100,000 keys live in the current window (many clients or
    // conversations in one minute) a prune frees nothing, and scanning on every hit cost 2 ms each.
    if (this.counts.size > 100_000 && now - this.lastPrune >= 1000) {
      this.lastPrune = now;
      this.prune(start);
    }
    return { allowed: count <= limit, retryAfterSeconds };
  }

  private prune(currentStart: number): void {
    for (const [key, value] of this.counts) if (value.start < currentStart) this.counts.delete(key);
  }
}

/** Several instances: counters in the shared database, incremented atomically. */
export class SqlRateLimiter implements RateLimiter {
  private lastPrune = 0;

  constructor(private readonly db: Database) {}

  async hit(key: string, limit: number, windowSeconds: number, now = Date.now()): Promise<RateDecision> {
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
}

/**
 * The address a request came from, as `trustedHops` proxies in front of the server report it:
 * each appends the address it was reached from to X-Forwarded-For, so the client's own address
 * is `trustedHops` entries from the right (the socket address counting as the last). Entries
 * further left are written by the client and never read: trusting the leftmost one let an
 * attacker rotate it and escape every limit. proxy-addr is what Express's numeric `trust proxy`
 * uses.
 */
export function clientAddress(req: IncomingMessage, trustedHops: number): string {
  return proxyAddr(req, (_address, hop) => hop < trustedHops) || 'unknown';
}

export interface RateLimitRule {
  /** Names the counter, e.g. "search". */
  readonly name: string;
  readonly limit: number;
  readonly windowSeconds: number;
}

/**
 * What a client's limits are counted under: its IPv4 address, or the /64 network of an IPv6
 * address. An IPv6 subscriber gets at least a /64 (2^64 addresses) and can take a fresh
 * address for every request: counted per address, no per-client limit bound anyone.
 */
export function clientKey(req: IncomingMessage, trustedHops: number): string {
  return limitKeyOfAddress(clientAddress(req, trustedHops));
}

/** `address` itself (IPv4, or IPv4-mapped IPv6 as IPv4), or its IPv6 /64 as `2001:db8:0:1::/64`. */
export function limitKeyOfAddress(address: string): string {
  const plain = address.replace(/%.*$/, '').toLowerCase();
  if (!isIPv6(plain)) return address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(plain);
  if (mapped) return mapped[1]!;
  const [head = '', tail] = plain.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // An embedded IPv4 address (last 32 bits) takes two groups; only the first four groups matter.
  const rightGroups = right.reduce((n, group) => n + (group.includes('.') ? 2 : 1), 0);
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - rightGroups).fill('0'), ...right];
  return `${groups.slice(0, 4).map((group) => parseInt(group, 16).toString(16)).join(':')}::/64`;
}
