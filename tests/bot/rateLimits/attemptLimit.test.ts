import { AttemptLimit } from '../../../bot/rateLimits/attemptLimit';
import { MemoryRateLimiter } from '../../../bot/rateLimits/memoryRateLimiter';
import { SqlRateLimiter } from '../../../bot/rateLimits/sqlRateLimiter';
import { ENGINES } from '../storage/engines';

async function exercise(make: (now: () => number) => AttemptLimit) {
  let now = 1_000_000;
  const limiter = make(() => now);
  const key = 'agent@example.com|127.0.0.1';
  const reserve = () => limiter.reserve(key);
  const first = [await reserve(), await reserve(), await reserve(), await reserve()];
  now += 61_000;
  const later = await reserve();
  await reserve();
  await limiter.succeed(key);
  const afterSuccess = [await reserve(), await reserve(), await reserve()];
  await limiter.refund(key);
  const afterRefund = [await reserve(), await reserve()];
  return { first, later, afterSuccess, afterRefund };
}

/** Blocked after 3 attempts for 60 s; a refused attempt is not counted; a success or a refund gives attempts back. */
const EXPECTED = { first: [0, 0, 0, 60], later: 0, afterSuccess: [0, 0, 0], afterRefund: [0, 60] };

/** Issue 13, finding 6: the limit was checked, then the failure counted after the password check: 19 parallel → 19 tried. */
async function parallelAttempts(limiters: AttemptLimit[], attempts: number): Promise<number> {
  const waits = await Promise.all(Array.from({ length: attempts }, (_, i) => limiters[i % limiters.length]!.reserve('raced')));
  return waits.filter((wait) => wait === 0).length;
}

describe('AttemptLimit in memory', () => {
  it('blocks a key after the limit of attempts until they leave the window, and forgets it on success', async () => {
    expect(await exercise((now) => new AttemptLimit(3, 60_000, new MemoryRateLimiter(now)))).toEqual(EXPECTED);
  });

  it('lets no more than the limit through when attempts arrive together', async () => {
    expect(await parallelAttempts([new AttemptLimit(5, 60_000)], 19)).toBe(5);
  });
});

describe.each(ENGINES)('AttemptLimit in the database on $name', (engine) => {
  it('behaves as the in-memory limiter, and two instances share the count', async () => {
    const { db, dispose } = await engine.open();
    try {
      expect(await exercise((now) => new AttemptLimit(3, 60_000, new SqlRateLimiter(db, now)))).toEqual(EXPECTED);
      const a = new AttemptLimit(2, 60_000, new SqlRateLimiter(db));
      const b = new AttemptLimit(2, 60_000, new SqlRateLimiter(db));
      expect([await a.reserve('shared'), await b.reserve('shared')]).toEqual([0, 0]);
      expect(await a.reserve('shared')).toBeGreaterThan(0);
    } finally {
      await dispose();
    }
  });

  it('lets no more than the limit through when attempts arrive together at two instances', async () => {
    const { db, dispose } = await engine.open();
    try {
      expect(await parallelAttempts([new AttemptLimit(5, 60_000, new SqlRateLimiter(db)), new AttemptLimit(5, 60_000, new SqlRateLimiter(db))], 19)).toBe(5);
    } finally {
      await dispose();
    }
  });
});
