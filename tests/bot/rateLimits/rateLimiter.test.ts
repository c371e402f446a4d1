import { MemoryRateLimiter } from '../../../bot/rateLimits/memoryRateLimiter';
import type { RateLimiter } from '../../../bot/rateLimits/rateLimiter';
import { SqlRateLimiter } from '../../../bot/rateLimits/sqlRateLimiter';
import { ENGINES } from '../storage/engines';

const NOW = Date.parse('2026-11-28T12:00:10Z');

async function exerciseLimiter(limiter: RateLimiter) {
  const decisions = [];
  for (let i = 0; i < 4; i++) decisions.push(await limiter.hit('search:1.2.3.4', 3, 60, NOW));
  return decisions;
}

describe('MemoryRateLimiter', () => {
  it('allows the limit, refuses the next with the seconds left in the window', async () => {
    const decisions = await exerciseLimiter(new MemoryRateLimiter());
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions[3]!.retryAfterSeconds).toBe(50);
  });

  it('starts counting again in the next window and keeps keys apart', async () => {
    const limiter = new MemoryRateLimiter();
    await exerciseLimiter(limiter);
    expect((await limiter.hit('search:1.2.3.4', 3, 60, NOW + 60_000)).allowed).toBe(true);
    expect((await limiter.hit('search:5.6.7.8', 3, 60, NOW)).allowed).toBe(true);
  });

  // Past 100,000 keys live in one window (a minute of many clients or conversations), each hit
  // scanned them all to free nothing: 2,000 hits took 4.3 s of event loop.
  it('scans for old windows at most once a second, however many keys are live', async () => {
    const limiter = new MemoryRateLimiter();
    const prune = jest.spyOn(limiter as unknown as { prune(start: number): void }, 'prune');
    for (let i = 0; i <= 100_000; i++) await limiter.hit(`conversation:${i}`, 3, 60, NOW);
    for (let i = 0; i < 1000; i++) await limiter.hit(`late:${i}`, 3, 60, NOW + 500);
    expect(prune).toHaveBeenCalledTimes(1);
    await limiter.hit('next-window', 3, 60, NOW + 60_000);
    expect(prune).toHaveBeenCalledTimes(2);
  });
});

describe.each(ENGINES)('SqlRateLimiter on $name', (engine) => {
  it('shares one count between two instances on the same database', async () => {
    const { db, dispose } = await engine.open();
    try {
      const a = new SqlRateLimiter(db);
      const b = new SqlRateLimiter(db);
      const decisions = [
        await a.hit('signin:x', 3, 60, NOW),
        await b.hit('signin:x', 3, 60, NOW),
        await a.hit('signin:x', 3, 60, NOW),
        await b.hit('signin:x', 3, 60, NOW),
      ];
      expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    } finally {
      await dispose();
    }
  });
});
