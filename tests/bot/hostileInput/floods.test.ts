/**
 * A flood from one client: 429 with Retry-After where a route is limited, never a 500, and the
 * counts shared by instances on one PostgreSQL database. Search and token limits on one
 * instance: tests/bot/rateLimits/publicLimits.test.ts; the limiters themselves: tests/bot/rateLimits/rateLimiter.test.ts,
 * tests/bot/rateLimits/attemptLimit.test.ts; one email throttled on one instance: tests/bot/staff/signInRoutes.test.ts.
 */
import { startApp, startTwoOnPostgres, type RunningApp, type SharedPostgresApps } from '../../support/app';
import { call, isBotMessage, pollUntil } from '../../support/directline';
import { addStaff, AGENT, postSignIn, signInForm } from '../../support/staff';
import { awayFromWindowEdge } from '../../support/rateWindow';
import { expectStillServing, startLocalChannel, type LocalChannel } from './support';

describe('A flood of conversations from one client', () => {
  let running: RunningApp;
  let channel: LocalChannel;

  // A fresh instance per case, so each flood starts from empty counters.
  beforeAll(async () => {
    channel = await startLocalChannel();
  });
  afterAll(() => channel.close());
  beforeEach(async () => {
    running = await startApp({ RATE_LIMIT_CONVERSATIONS_PER_MINUTE: '3', RATE_LIMIT_TOKEN_PER_MINUTE: '100', RATE_LIMIT_SIGN_IN_PER_MINUTE: '4' });
    // After the start-up, which can itself take seconds on a loaded machine.
    await awayFromWindowEdge();
  }, 30_000);
  afterEach(async () => {
    await expectStillServing(running, channel);
    await running.stop();
  });

  it('answers Direct Line conversation starts past the limit with 429 and Retry-After, in JSON', async () => {
    const answers = [];
    for (let i = 0; i < 5; i++) {
      const credentials = await call(`${running.url}/api/directline/token`, 'POST');
      const response = await fetch(`${running.url}/v3/directline/conversations`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${credentials.body.token}` },
      });
      answers.push({ status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() });
    }
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 429, 429]);
    expect(Number(answers[3]!.retryAfter)).toBeGreaterThan(0);
    expect(Number(answers[3]!.retryAfter)).toBeLessThanOrEqual(60);
    expect(answers[3]!.body).toMatchObject({ error: 'too_many_requests' });
  });

  it('lets a conversation started before the limit go on talking once starts are refused', async () => {
    const credentials = await call(`${running.url}/api/directline/token`, 'POST');
    const domain = `${running.url}/v3/directline`;
    const started = await call(`${domain}/conversations`, 'POST', { token: credentials.body.token });
    if (started.status !== 201) throw new Error(`tests: the conversation start answered ${started.status}`);
    let refused = 0;
    for (let i = 0; i < 5 && refused === 0; i++) {
      const other = await call(`${running.url}/api/directline/token`, 'POST');
      if ((await call(`${domain}/conversations`, 'POST', { token: other.body.token })).status === 429) refused += 1;
    }
    expect(refused).toBe(1);
    const sent = await call(`${domain}/conversations/${started.body.conversationId}/activities`, 'POST', {
      token: started.body.token,
      body: { type: 'message', from: { id: 'dl_flood' }, text: 'comment activer la 2FA' },
    });
    expect(sent.status).toBe(200);
    const { activities } = await pollUntil(domain, started.body.conversationId, started.body.token, (seen) =>
      seen.some((activity) => isBotMessage(activity) && /^Après vous être connecté au CSP/.test(activity.text ?? '')),
    );
    expect(activities.length).toBeGreaterThan(0);
  });

  it('answers 200 concurrent conversation starts with 201 or 429 only, at most the limit started', async () => {
    const tokens = await Promise.all(
      Array.from({ length: 20 }, async () => (await call(`${running.url}/api/directline/token`, 'POST')).body.token as string),
    );
    const statuses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        fetch(`${running.url}/v3/directline/conversations`, { method: 'POST', headers: { Authorization: `Bearer ${tokens[i % 20]}` } }).then(
          (response) => response.status,
        ),
      ),
    );
    expect(statuses.filter((status) => status !== 201 && status !== 429)).toEqual([]);
    expect(statuses.filter((status) => status === 201).length).toBeLessThanOrEqual(3);
  });

  it('limits staff sign-in attempts per client whatever the email, with 429 and Retry-After', async () => {
    const form = await signInForm(running.url);
    const responses = [];
    for (let i = 0; i < 6; i++) responses.push(await postSignIn(running.url, `spray-${i}@example.com`, 'guess', form));
    expect(responses.map((response) => response.status)).toEqual([401, 401, 401, 401, 429, 429]);
    expect(Number(responses[5]!.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('A flood of web chat posts from one client over many conversations', () => {
  const PER_CONVERSATION = 2;
  const PER_CLIENT = 5;
  let running: RunningApp;
  let channel: LocalChannel;

  beforeAll(async () => {
    channel = await startLocalChannel();
    running = await startApp({
      RATE_LIMIT_DIRECTLINE_POSTS_PER_MINUTE: String(PER_CONVERSATION),
      RATE_LIMIT_DIRECTLINE_POSTS_PER_CLIENT_PER_MINUTE: String(PER_CLIENT),
    });
  });
  afterAll(async () => {
    await expectStillServing(running, channel);
    await running.stop();
    await channel.close();
  });

  // Tokens and conversations are free (60 a minute each): with limits per conversation and per
  // user only, one client posted 1,800 activities of 36 KB in 38 s over 30 conversations, the
  // database grew 75 MB and /healthz took 1.1 s.
  it('answers 429 with Retry-After once the client has posted its limit, whatever the conversation', async () => {
    await awayFromWindowEdge();
    const domain = `${running.url}/v3/directline`;
    const responses: Response[] = [];
    for (let i = 0; i < 4; i++) {
      const { token, conversationId } = (await call(`${running.url}/api/directline/token`, 'POST')).body;
      expect((await call(`${domain}/conversations`, 'POST', { token })).status).toBe(201);
      for (let n = 0; n < PER_CONVERSATION; n++) {
        responses.push(
          await fetch(`${domain}/conversations/${conversationId}/activities`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
            body: JSON.stringify({ type: 'event', name: 'probe' }),
          }),
        );
      }
    }
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    expect(Number(responses[5]!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await responses[5]!.json()).toMatchObject({ error: 'too_many_requests' });
  });

  // The 429 once went out while the route still ran: refused posts were stored and answered.
  it('keeps nothing of a refused post', async () => {
    await awayFromWindowEdge();
    const domain = `${running.url}/v3/directline`;
    const conversations: { token: string; conversationId: string }[] = [];
    for (let i = 0; i < 4; i++) {
      const { token, conversationId } = (await call(`${running.url}/api/directline/token`, 'POST')).body;
      expect((await call(`${domain}/conversations`, 'POST', { token })).status).toBe(201);
      conversations.push({ token, conversationId });
    }
    // A new minute: this client has PER_CLIENT posts, whatever the first case used.
    const statuses: number[] = [];
    for (const { token, conversationId } of conversations) {
      for (let n = 0; n < PER_CONVERSATION; n++) {
        const body = { type: 'event', name: 'probe' };
        statuses.push((await call(`${domain}/conversations/${conversationId}/activities`, 'POST', { token, body })).status);
      }
    }
    const accepted = statuses.filter((status) => status === 200).length;
    expect(statuses.filter((status) => status !== 200 && status !== 429)).toEqual([]);
    expect(accepted).toBeLessThanOrEqual(PER_CLIENT);
    let stored = 0;
    for (const { token, conversationId } of conversations) {
      const read = await call<{ activities: { type: string; name?: string }[] }>(`${domain}/conversations/${conversationId}/activities`, 'GET', { token });
      stored += read.body.activities.filter((activity) => activity.type === 'event' && activity.name === 'probe').length;
    }
    expect(stored).toBe(accepted);
  });
});

describe('Limits shared by two instances on one PostgreSQL database', () => {
  let first: RunningApp;
  let second: RunningApp;
  let instances: SharedPostgresApps | undefined;

  beforeAll(async () => {
    instances = await startTwoOnPostgres({ RATE_LIMIT_CONVERSATIONS_PER_MINUTE: '2', RATE_LIMIT_SEARCH_PER_MINUTE: '3' });
    ({ first, second } = instances);
    await addStaff(first.app.database);
  });
  beforeEach(awayFromWindowEdge, 10_000);
  afterAll(async () => {
    await instances?.stop();
  });

  it('counts Direct Line conversation starts on either instance against one limit', async () => {
    const statuses = [];
    for (const instance of [first, second, first, second]) {
      const credentials = await call(`${instance.url}/api/directline/token`, 'POST');
      statuses.push((await call(`${instance.url}/v3/directline/conversations`, 'POST', { token: credentials.body.token })).status);
    }
    expect(statuses).toEqual([201, 201, 429, 429]);
  });

  it('counts searches on either instance against one limit', async () => {
    const statuses = [];
    for (const instance of [first, second, first, second]) statuses.push((await fetch(`${instance.url}/api/faq/search?q=rib`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('blocks an email after failed sign-ins spread over both instances, even with the right password', async () => {
    const statuses = [];
    for (const instance of [first, second, first, second, first]) statuses.push((await postSignIn(instance.url, AGENT.email, 'wrong password')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const blocked = await postSignIn(second.url, AGENT.email, AGENT.password);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('Sign-in throttling behind one proxy (TRUST_PROXY_HOPS=1)', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({ TRUST_PROXY_HOPS: '1' });
    await addStaff(running.app.database);
  });
  afterAll(() => running.stop());

  async function signInFrom(client: string, password: string): Promise<Response> {
    const { cookie, csrf } = await signInForm(running.url);
    return fetch(`${running.url}/staff/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie, 'X-Forwarded-For': client },
      body: new URLSearchParams({ csrf, email: AGENT.email, password }).toString(),
    });
  }

  it('throttles the client the proxy forwards for, so an attacker cannot lock an agent out everywhere', async () => {
    for (let i = 0; i < 5; i++) expect((await signInFrom('203.0.113.7', 'wrong password')).status).toBe(401);
    expect((await signInFrom('203.0.113.7', AGENT.password)).status).toBe(429);
    expect((await signInFrom('198.51.100.20', AGENT.password)).status).toBe(303);
  });
});
