import { startApp, type RunningApp } from '../../support/app';

describe('public rate limits', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({ RATE_LIMIT_SEARCH_PER_MINUTE: '3', RATE_LIMIT_TOKEN_PER_MINUTE: '2' });
  });
  afterAll(() => running.stop());

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
  });

  it('limits web chat token requests separately from searches', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await fetch(`${running.url}/api/directline/token`, { method: 'POST' })).status);
    }
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('does not limit the other routes', async () => {
    for (let i = 0; i < 5; i++) expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
  });
});
