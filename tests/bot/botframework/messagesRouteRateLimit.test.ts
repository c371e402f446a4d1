import { startApp, type RunningApp } from '../../support/app';
import { channelActivity, postActivity, startLocalChannel, type LocalChannel } from '../hostileInput/support';

/**
 * Issue 13, finding 9: /api/messages had no rate limit. Limits count in fixed one-minute windows:
 * 2 × limit + 2 requests in under a minute cross at most one window boundary, so at least one
 * window holds more than the limit whenever the test runs.
 */
describe('POST /api/messages rate limits', () => {
  const PER_CONVERSATION = 3;
  const PER_CLIENT = 12;
  let running: RunningApp;
  let channel: LocalChannel;

  // A server per test: each test's counts start at zero, whatever ran before.
  beforeEach(async () => {
    channel = await startLocalChannel();
    running = await startApp({
      RATE_LIMIT_MESSAGES_PER_CONVERSATION_PER_MINUTE: String(PER_CONVERSATION),
      RATE_LIMIT_MESSAGES_PER_MINUTE: String(PER_CLIENT),
    });
  });
  afterEach(async () => {
    await running.stop();
    await channel.close();
  });

  it('answers 429 with Retry-After past the limit of one conversation, and serves the others', async () => {
    const conversation = { id: `busy-${Date.now()}` };
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let n = 0; n < 2 * PER_CONVERSATION + 2; n++) {
      const response = await postActivity(running, channelActivity(channel, { conversation, type: 'typing' }));
      statuses.push(response.status);
      if (response.status === 429 && !refused) refused = response;
      else await response.text();
    }
    expect(statuses.filter((status) => status !== 200 && status !== 429)).toEqual([]);
    expect(refused).toBeDefined();
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused!.json()).toMatchObject({ error: 'too_many_requests' });
    // Fewer than PER_CLIENT requests so far: only the busy conversation's own limit can refuse.
    const other = await postActivity(running, channelActivity(channel, { type: 'typing' }));
    expect(other.status).toBe(200);
  });

  it('answers 429 past the limit of one client address over many conversations', async () => {
    const statuses: number[] = [];
    for (let n = 0; n < 2 * PER_CLIENT + 2; n++) {
      const response = await postActivity(running, channelActivity(channel, { type: 'typing' }));
      statuses.push(response.status);
      await response.text();
    }
    expect(statuses.filter((status) => status !== 200 && status !== 429)).toEqual([]);
    expect(statuses).toContain(429);
  });
});
