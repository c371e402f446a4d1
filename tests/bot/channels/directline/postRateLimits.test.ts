import { startApp, type RunningApp } from '../../../support/app';
import { call } from '../../../support/directline';
import { awayFromWindowEdge } from '../../../support/rateWindow';

const PER_MINUTE = 5;

describe('Direct Line activity posts: rate limits', () => {
  let running: RunningApp;
  let domain: string;

  beforeAll(async () => {
    running = await startApp({ RATE_LIMIT_DIRECTLINE_POSTS_PER_MINUTE: String(PER_MINUTE) });
    domain = `${running.url}/v3/directline`;
  });
  afterAll(async () => {
    await running.stop();
  });

  async function start(token: string): Promise<void> {
    expect((await call(`${domain}/conversations`, 'POST', { token })).status).toBeLessThan(300);
  }

  const post = (conversationId: string, token: string) =>
    call(`${domain}/conversations/${conversationId}/activities`, 'POST', { token, body: { type: 'event', name: 'probe' } });

  it('answers 429 with Retry-After past the limit of a conversation, and other conversations go on', async () => {
    await awayFromWindowEdge();
    const mine = (await call(`${running.url}/api/directline/token`, 'POST')).body;
    const other = (await call(`${running.url}/api/directline/token`, 'POST')).body;
    await start(mine.token);
    await start(other.token);
    for (let n = 0; n < PER_MINUTE; n++) expect((await post(mine.conversationId, mine.token)).status).toBe(200);
    const response = await fetch(`${domain}/conversations/${mine.conversationId}/activities`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${mine.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'event', name: 'probe' }),
    });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await response.json()).toEqual({ error: 'too_many_requests', message: expect.stringContaining('this conversation') });
    expect((await post(other.conversationId, other.token)).status).toBe(200);
  });

  it('limits one user over all its conversations to twice the per-conversation limit', async () => {
    await awayFromWindowEdge();
    const tokens = running.app.directLine.tokens;
    const userId = 'dl_one_user_many_conversations';
    const conversations = await Promise.all(['many-1', 'many-2', 'many-3'].map(async (id) => ({ id, token: await tokens.sign('conversation', id, userId) })));
    for (const conversation of conversations) await start(conversation.token);
    const statuses: number[] = [];
    for (const conversation of conversations) {
      for (let n = 0; n < PER_MINUTE; n++) statuses.push((await post(conversation.id, conversation.token)).status);
    }
    expect(statuses.filter((status) => status === 200)).toHaveLength(2 * PER_MINUTE);
    expect(statuses.slice(2 * PER_MINUTE).every((status) => status === 429)).toBe(true);
  });
});
