import { MemoryRateLimiter, SqlRateLimiter, type RateLimiter } from '../../../bot/http/rateLimiter';
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
