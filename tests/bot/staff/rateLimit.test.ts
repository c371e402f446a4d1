import { AttemptLimiter, SqlSignInLimiter, type SignInLimiter } from '../../../bot/staff/rateLimit';
import { ENGINES } from '../storage/engines';

async function exercise(make: (now: () => number) => SignInLimiter) {
  let now = 1_000_000;
  const limiter = make(() => now);
  const key = 'agent@example.com|127.0.0.1';
  for (let i = 0; i < 3; i++) await limiter.fail(key);
  const blocked = await limiter.retryAfter(key);
  now += 61_000;
  const later = await limiter.retryAfter(key);
  for (let i = 0; i < 2; i++) await limiter.fail(key);
  await limiter.succeed(key);
  return { blocked, later, afterSuccess: await limiter.retryAfter(key) };
}

describe('AttemptLimiter', () => {
  it('blocks a key after the limit of failures until they leave the window, and forgets it on success', async () => {
    expect(await exercise((now) => new AttemptLimiter(3, 60_000, now))).toEqual({ blocked: 60, later: 0, afterSuccess: 0 });
  });
});

describe.each(ENGINES)('SqlSignInLimiter on $name', (engine) => {
  it('behaves as the in-memory limiter, and two instances share the count', async () => {
    const { db, dispose } = await engine.open();
    try {
      expect(await exercise((now) => new SqlSignInLimiter(db, 3, 60_000, now))).toEqual({ blocked: 60, later: 0, afterSuccess: 0 });
      const a = new SqlSignInLimiter(db, 2, 60_000);
      const b = new SqlSignInLimiter(db, 2, 60_000);
      await a.fail('shared');
      await b.fail('shared');
      expect(await a.retryAfter('shared')).toBeGreaterThan(0);
    } finally {
      await dispose();
    }
  });
});
