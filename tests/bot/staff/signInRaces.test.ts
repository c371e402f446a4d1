/**
 * Issue 13, finding 6: the sign-in throttle was checked, then counted after the password check
 * (an await): 19 parallel sign-ins for one email were all tried against a limit of 5. And every
 * attempt ran its own scrypt (128 MiB each at the real cost): RSS reached 637 MB. Now attempts
 * are counted before the check, and at most two hashes run at once behind a bounded queue.
 */
import crypto from 'node:crypto';
import { startApp, startTwoOnPostgres, type RunningApp, type SharedPostgresApps } from '../../support/app';
import { addStaff, AGENT, postSignIn, signInForm } from '../../support/staff';

/** The limit of the console (SIGN_IN_LIMIT) and the attempts that race it, as in the finding. */
const LIMIT = 5;
const PARALLEL = 19;


const EXPECTED = [...Array<number>(LIMIT).fill(401), ...Array<number>(PARALLEL - LIMIT).fill(429)];

/**
 * Watches the real scrypt: how many derivations are started and not yet called back. `hold`
 * delays each callback, so derivations that would overlap do.
 */
function watchScrypt(hold: () => Promise<unknown>) {
  const real = crypto.scrypt;
  const seen = { inFlight: 0, peak: 0 };
  const spy = jest.spyOn(crypto, 'scrypt').mockImplementation((...args: unknown[]) => {
    const callback = args.pop() as (error: Error | null, key: Buffer) => void;
    seen.inFlight += 1;
    seen.peak = Math.max(seen.peak, seen.inFlight);
    (real as (...a: unknown[]) => void)(...args, (error: Error | null, key: Buffer) => {
      void hold().then(() => {
        seen.inFlight -= 1;
        callback(error, key);
      });
    });
  });
  return { seen, restore: () => spy.mockRestore() };
}

/**
 * Statuses of `count` wrong sign-ins for one email sent all at once, spread over `urls`. Each
 * hash is held 30 ms, as the real cost holds it 650 ms: the test accounts' cheap hashes would
 * otherwise finish before the next request arrives and hide the race.
 */
async function parallelWrongSignIns(urls: string[], count: number): Promise<number[]> {
  const form = await signInForm(urls[0]!);
  const watch = watchScrypt(() => new Promise((resolve) => setTimeout(resolve, 30)));
  try {
    const responses = await Promise.all(
      Array.from({ length: count }, (_, i) => postSignIn(urls[i % urls.length]!, AGENT.email, `wrong password ${i}`, form)),
    );
    return responses.map((response) => response.status).sort();
  } finally {
    watch.restore();
  }
}

describe('Parallel staff sign-ins on one instance', () => {
  let running: RunningApp;
  // 40 accounts with cheap hashes, made before any test watches scrypt.
  const accounts = Array.from({ length: 40 }, (_, i) => ({ email: `agent-${i}@example.com`, name: `Agent ${i}`, password: `the password of agent ${i}` }));

  beforeAll(async () => {
    // The per-address limit of POST /staff/sign-in is not what these tests are about.
    running = await startApp({ RATE_LIMIT_SIGN_IN_PER_MINUTE: '10000' });
    await addStaff(running.app.database);
    for (const account of accounts) await addStaff(running.app.database, account);
  });
  afterAll(() => running.stop());

  it(`tries at most ${LIMIT} of ${PARALLEL} parallel wrong passwords for one email, and refuses the rest with 429`, async () => {
    expect(await parallelWrongSignIns([running.url], PARALLEL)).toEqual(EXPECTED);
    expect((await postSignIn(running.url, AGENT.email, AGENT.password)).status).toBe(429);
  });

  it('runs at most two password hashes at once', async () => {
    const watch = watchScrypt(() => new Promise((resolve) => setTimeout(resolve, 30)));
    try {
      const form = await signInForm(running.url);
      const statuses = await Promise.all(
        accounts.slice(0, 12).map(async (account) => (await postSignIn(running.url, account.email, 'a wrong password', form)).status),
      );
      expect(statuses).toEqual(Array(12).fill(401));
      expect(watch.seen.peak).toBeLessThanOrEqual(2);
    } finally {
      watch.restore();
    }
  });

  it('answers 503 with Retry-After, without counting the attempt, once 16 sign-ins already wait for a hash', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const watch = watchScrypt(() => held);
    try {
      const form = await signInForm(running.url);
      let answered = 0;
      const pending = accounts.slice(12, 36).map(async (account) => {
        const response = await postSignIn(running.url, account.email, 'a wrong password', form);
        answered += 1;
        return { email: account.email, status: response.status, retryAfter: response.headers.get('retry-after') };
      });
      // 2 hashing + 16 waiting are held; the other 6 are answered at once (the deadline only ends a failing run).
      const deadline = Date.now() + 10_000;
      while (answered < 6 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(answered).toBe(6);
      expect(watch.seen.inFlight).toBe(2);
      // An unknown email is refused alike (its decoy hash waits in the same queue)…
      expect((await postSignIn(running.url, 'nobody@example.com', 'a wrong password', form)).status).toBe(503);
      release();
      const answers = await Promise.all(pending);
      const busy = answers.filter((answer) => answer.status === 503);
      expect(busy.length).toBe(6);
      expect(busy.every((answer) => answer.retryAfter === '5')).toBe(true);
      expect(answers.filter((answer) => answer.status === 401).length).toBe(18);
      // The refused attempt was given back: the full 5 tries remain for that email.
      const statuses = [];
      for (let i = 0; i <= LIMIT; i++) statuses.push((await postSignIn(running.url, busy[0]!.email, `wrong ${i}`, form)).status);
      expect(statuses).toEqual([...Array(LIMIT).fill(401), 429]);
      // …and once the queue has drained, answered as a wrong password again: the refusal was not kept as its decoy.
      expect((await postSignIn(running.url, 'nobody@example.com', 'a wrong password', form)).status).toBe(401);
    } finally {
      release();
      watch.restore();
    }
  });
});

describe('Parallel staff sign-ins on two instances sharing PostgreSQL', () => {
  let first: RunningApp;
  let second: RunningApp;
  let instances: SharedPostgresApps | undefined;

  beforeAll(async () => {
    instances = await startTwoOnPostgres({ RATE_LIMIT_SIGN_IN_PER_MINUTE: '10000' });
    ({ first, second } = instances);
    await addStaff(first.app.database);
  });
  afterAll(async () => {
    await instances?.stop();
  });

  it(`tries at most ${LIMIT} of ${PARALLEL} parallel wrong passwords for one email across both, and refuses the rest with 429`, async () => {
    expect(await parallelWrongSignIns([first.url, second.url], PARALLEL)).toEqual(EXPECTED);
  });
});
