import { startApp, type RunningApp } from '../../support/app';
import { awayFromWindowEdge } from '../../support/rateWindow';

describe('public rate limits', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({ RATE_LIMIT_SEARCH_PER_MINUTE: '3', RATE_LIMIT_TOKEN_PER_MINUTE: '2' });
  });
  afterAll(() => running.stop());
  // Each case floods a limit: none may straddle a window reset.
  beforeEach(() => awayFromWindowEdge(), 30_000);

  it('answers 429 with Retry-After once a client has used up the search limit', async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 4; i++) {
      last = await fetch(`${running.url}/api/faq/search?q=rib`);
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await last!.json()).toMatchObject({ error: 'too_many_requests' });
    // The refused search is not run nor recorded for the analytics (the 429 once went out and the route still ran).
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
    const recorded = await running.app.database.get<{ n: number | string }>('SELECT COUNT(*) AS n FROM analytics_questions');
    expect(Number(recorded?.n)).toBe(3);
  });

  it('limits web chat token requests separately from searches', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await fetch(`${running.url}/api/directline/token`, { method: 'POST' })).status);
    }
    expect(statuses).toEqual([200, 200, 429]);
  });

  // Unlimited, one client recorded 5,000 "not helpful" answers in 4 s: the analytics said what it wanted.
  it('limits widget feedback like searches, counted apart', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await fetch(`${running.url}/api/faq/payment-info/feedback`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ helpful: false, lang: 'fr' }),
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([204, 204, 204, 429]);
  });

  it('does not limit the other routes', async () => {
    for (let i = 0; i < 5; i++) expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
  });
});
