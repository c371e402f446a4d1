import { DirectLineTokens } from '../../../../bot/channels/directline/tokens';
import { startApp, type RunningApp } from '../../../support/app';
import { StreamClient, call, isBotMessage, pollUntil, type ClientActivity } from '../../../support/directline';

interface Started {
  conversationId: string;
  token: string;
  streamUrl: string;
}

describe('Direct Line endpoint', () => {
  let running: RunningApp;
  let domain: string;

  beforeAll(async () => {
    running = await startApp();
    domain = `${running.url}/v3/directline`;
  });
  afterAll(async () => {
    await running.stop();
  });

  async function start(): Promise<Started> {
    const credentials = await call(`${running.url}/api/directline/token`, 'POST', { body: {} });
    expect(credentials.status).toBe(200);
    const started = await call<Started>(`${domain}/conversations`, 'POST', { token: credentials.body.token, body: { locale: 'en-US' } });
    expect(started.status).toBe(201);
    return started.body;
  }

  async function post(conversation: Started, activity: Record<string, unknown>) {
    return call<{ id: string }>(`${domain}/conversations/${conversation.conversationId}/activities`, 'POST', {
      token: conversation.token,
      body: activity,
    });
  }

  describe('POST /v3/directline/conversations', () => {
    it('starts the conversation the token is bound to and returns a token and a stream URL', async () => {
      const credentials = await call(`${running.url}/api/directline/token`, 'POST');
      const started = await call(`${domain}/conversations`, 'POST', { token: credentials.body.token });
      expect(started.status).toBe(201);
      expect(started.body).toEqual({
        conversationId: credentials.body.conversationId,
        token: expect.any(String),
        expires_in: 1800,
        streamUrl: expect.stringMatching(new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/v3/directline/conversations/${started.body.conversationId}/stream\\?`)),
      });
    });

    it('answers 200 without starting it again when the conversation already exists', async () => {
      const conversation = await start();
      const again = await call(`${domain}/conversations`, 'POST', { token: conversation.token });
      expect(again.status).toBe(200);
      expect(again.body.conversationId).toBe(conversation.conversationId);
    });

    it('lets the bot greet the user before the user types', async () => {
      const conversation = await start();
      const { activities } = await pollUntil(domain, conversation.conversationId, conversation.token, (seen) => seen.some(isBotMessage));
      expect(activities.filter((activity) => activity.from.role === 'user')).toEqual([]);
    });

    it('refuses a locale that is not a language tag, naming the field', async () => {
      const credentials = await call(`${running.url}/api/directline/token`, 'POST');
      const answer = await call(`${domain}/conversations`, 'POST', { token: credentials.body.token, body: { locale: '<script>' } });
      expect(answer.status).toBe(400);
      expect(answer.body.field).toBe('locale');
    });
  });

  describe('activities', () => {
    it('delivers a message to the bot and returns its reply through polling with a watermark', async () => {
      const conversation = await start();
      const greeted = await pollUntil(domain, conversation.conversationId, conversation.token, (seen) => seen.some(isBotMessage));
      const posted = await post(conversation, {
        type: 'message',
        text: 'How do I turn on two-factor authentication?',
        locale: 'en-US',
        from: { id: 'ignored', role: 'user' },
        channelData: { clientActivityID: 'client-1' },
      });
      expect(posted.status).toBe(200);
      expect(posted.body.id).toMatch(new RegExp(`^${conversation.conversationId}\\|\\d{7}$`));

      const after = await pollUntil(domain, conversation.conversationId, conversation.token,
        (seen) => seen.some((activity) => isBotMessage(activity) && (activity as { replyToId?: string }).replyToId === posted.body.id),
        greeted.watermark);
      const echo = after.activities.find((activity) => activity.id === posted.body.id)!;
      expect(echo).toMatchObject({ type: 'message', text: 'How do I turn on two-factor authentication?', channelData: { clientActivityID: 'client-1' } });
      expect(echo.from.role).toBe('user');
      expect(echo.from.id).toMatch(/^dl_/);
      expect(after.activities.some((activity) => greeted.activities.some((old) => old.id === activity.id))).toBe(false);
      expect(Number(after.watermark)).toBeGreaterThan(Number(greeted.watermark));
    });

    it('pushes the bot reply on the WebSocket stream', async () => {
      const conversation = await start();
      const stream = await StreamClient.open(conversation.streamUrl);
      try {
        await stream.waitFor((seen) => seen.some(isBotMessage));
        const posted = await post(conversation, { type: 'message', text: 'Je ne vois pas mes bons de commande', locale: 'fr-FR' });
        const activities = await stream.waitFor((seen) =>
          seen.some((activity) => isBotMessage(activity) && (activity as { replyToId?: string }).replyToId === posted.body.id));
        const ids = activities.map((activity) => activity.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(stream.sets.every((set) => Number(set.watermark) > 0)).toBe(true);
      } finally {
        await stream.close();
      }
    });

    it('replays the conversation on a stream reopened from an empty watermark, and only newer activities after one', async () => {
      const conversation = await start();
      const greeted = await pollUntil(domain, conversation.conversationId, conversation.token, (seen) => seen.some(isBotMessage));
      const reconnect = await call(`${domain}/conversations/${conversation.conversationId}?watermark=`, 'GET', { token: conversation.token });
      expect(reconnect.status).toBe(200);
      expect(reconnect.body).toMatchObject({ conversationId: conversation.conversationId, token: expect.any(String), streamUrl: expect.any(String) });
      const replay = await StreamClient.open(reconnect.body.streamUrl);
      await replay.waitFor((seen) => seen.length === greeted.activities.length);
      await replay.close();

      const later = await call(`${domain}/conversations/${conversation.conversationId}?watermark=${greeted.watermark}`, 'GET', { token: conversation.token });
      const resumed = await StreamClient.open(later.body.streamUrl);
      const posted = await post(conversation, { type: 'message', text: 'hello' });
      const activities: ClientActivity[] = await resumed.waitFor((seen) => seen.some((activity) => activity.id === posted.body.id));
      expect(activities[0]!.id).toBe(posted.body.id);
      await resumed.close();
    });

    it('keeps each conversation to its own activities', async () => {
      const first = await start();
      const second = await start();
      await post(first, { type: 'message', text: 'only in the first' });
      const { activities } = await pollUntil(domain, second.conversationId, second.token, (seen) => seen.some(isBotMessage));
      expect(activities.some((activity) => activity.text === 'only in the first')).toBe(false);
    });

    it('hands the replies of a turn to the channel in process, not over HTTP to its own reply API', async () => {
      const overHttp: string[] = [];
      const count = (req: { url?: string }) => {
        if (req.url?.startsWith('/directline-channel/')) overHttp.push(req.url);
      };
      running.app.server.on('after', count);
      try {
        const conversation = await start();
        const greeted = await pollUntil(domain, conversation.conversationId, conversation.token, (seen) => seen.some(isBotMessage));
        const posted = await post(conversation, { type: 'message', from: { id: 'dl_user' }, text: 'changer mon RIB' });
        await pollUntil(domain, conversation.conversationId, conversation.token,
          (seen) => seen.some((activity) => isBotMessage(activity) && (activity as { replyToId?: string }).replyToId === posted.body.id),
          greeted.watermark);
      } finally {
        running.app.server.removeListener('after', count);
      }
      expect(overHttp).toEqual([]);
    });

    it('lands proactive messages sent through the adapter in the conversation', async () => {
      const conversation = await start();
      const greeted = await pollUntil(domain, conversation.conversationId, conversation.token, (seen) => seen.some(isBotMessage));
      const reference = {
        channelId: 'directline',
        serviceUrl: running.app.directLine.endpoint.serviceUrl(),
        conversation: { id: conversation.conversationId, isGroup: false, conversationType: '', name: '' },
        bot: { id: 'csp-assistant', name: 'CSP assistant' },
        user: { id: 'dl_someone', name: '' },
      };
      await running.app.adapter.continueConversationAsync('', reference, async (context) => {
        await context.sendActivity('A support agent has replied.');
      });
      const { activities } = await pollUntil(domain, conversation.conversationId, conversation.token,
        (seen) => seen.some((activity) => activity.text === 'A support agent has replied.'), greeted.watermark);
      expect(activities.find((activity) => activity.text === 'A support agent has replied.')!.from.role).toBe('bot');
    });
  });

  describe('tokens', () => {
    it('refuses a token used on another conversation with 403', async () => {
      const mine = await start();
      const theirs = await start();
      const read = await call(`${domain}/conversations/${theirs.conversationId}/activities`, 'GET', { token: mine.token });
      const write = await call(`${domain}/conversations/${theirs.conversationId}/activities`, 'POST', { token: mine.token, body: { type: 'message', text: 'hi' } });
      const reconnect = await call(`${domain}/conversations/${theirs.conversationId}`, 'GET', { token: mine.token });
      expect([read.status, write.status, reconnect.status]).toEqual([403, 403, 403]);
    });

    it('refuses a missing, malformed, tampered or expired token with 401', async () => {
      const conversation = await start();
      const url = `${domain}/conversations/${conversation.conversationId}/activities`;
      const [header, payload] = conversation.token.split('.');
      const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), exp: 4102444800 })).toString('base64url');
      const expired = await DirectLineTokens.open(running.dataDir, () => Date.now() - 3600_000).sign('conversation', conversation.conversationId, 'dl_expired_user');
      const answers = await Promise.all([
        call(url, 'GET'),
        call(url, 'GET', { token: 'not-a-token' }),
        call(url, 'GET', { token: `${header}.${forged}.${conversation.token.split('.')[2]}` }),
        call(url, 'GET', { token: expired }),
      ]);
      expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 401]);
      expect(answers[3].body.error).toBe('token_expired');
    });

    it('refuses a stream URL with a bad token or for another conversation', async () => {
      const mine = await start();
      const theirs = await start();
      const badToken = mine.streamUrl.replace(/t=[^&]+/, 't=garbage');
      const otherConversation = mine.streamUrl.replace(`/conversations/${mine.conversationId}/`, `/conversations/${theirs.conversationId}/`);
      await expect(StreamClient.open(badToken)).rejects.toThrow('HTTP 401');
      await expect(StreamClient.open(otherConversation)).rejects.toThrow('HTTP 403');
    });

    it('refreshes a valid token into a new one for the same conversation', async () => {
      const conversation = await start();
      const refreshed = await call(`${domain}/tokens/refresh`, 'POST', { token: conversation.token });
      expect(refreshed.status).toBe(200);
      expect(refreshed.body).toEqual({ conversationId: conversation.conversationId, token: expect.any(String), expires_in: 1800 });
      const read = await call(`${domain}/conversations/${conversation.conversationId}/activities`, 'GET', { token: refreshed.body.token });
      expect(read.status).toBe(200);
    });

    it('does not refresh an expired token', async () => {
      const expired = await DirectLineTokens.open(running.dataDir, () => Date.now() - 3600_000).sign('conversation', 'abcdefghijklmnop', 'dl_expired_user');
      const refreshed = await call(`${domain}/tokens/refresh`, 'POST', { token: expired });
      expect(refreshed.status).toBe(401);
    });

    it('generates tokens only for the holder of the server\'s own secret', async () => {
      const anonymous = await call(`${domain}/tokens/generate`, 'POST');
      const withToken = await call(`${domain}/tokens/generate`, 'POST', { token: (await start()).token });
      const withSecret = await call(`${domain}/tokens/generate`, 'POST', {
        token: running.app.directLine.tokens.localSecret(),
        body: { user: { id: 'dl_kept_user_1' } },
      });
      expect([anonymous.status, withToken.status, withSecret.status]).toEqual([401, 401, 200]);
      expect(withSecret.body).toEqual({ conversationId: expect.any(String), token: expect.any(String), expires_in: 1800 });
      expect(JSON.parse(Buffer.from(withSecret.body.token.split('.')[1], 'base64url').toString()).user).toBe('dl_kept_user_1');
    });
  });

  describe('bad input', () => {
    it.each([
      ['a missing type', { text: 'hi' }, 'type'],
      ['an unknown type', { type: 'invoke', text: 'hi' }, 'type'],
      ['text that is not a string', { type: 'message', text: 42 }, 'text'],
      ['text that is too long', { type: 'message', text: 'x'.repeat(5001) }, 'text'],
      ['a malformed locale', { type: 'message', text: 'hi', locale: 'fr FR' }, 'locale'],
      ['a sender name that is not a string', { type: 'message', text: 'hi', from: { name: 7 } }, 'from.name'],
      ['attachments that are not a list', { type: 'message', attachments: 'file' }, 'attachments'],
      ['a JSON array instead of an activity', [1, 2], 'body'],
    ])('answers 400 naming the field for %s', async (_name, activity, field) => {
      const conversation = await start();
      const answer = await post(conversation, activity as Record<string, unknown>);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: 'bad_request', field });
    });

    it('answers 400 naming the watermark when it is not a number', async () => {
      const conversation = await start();
      const answer = await call(`${domain}/conversations/${conversation.conversationId}/activities?watermark=abc`, 'GET', { token: conversation.token });
      expect(answer.status).toBe(400);
      expect(answer.body.field).toBe('watermark');
    });

    it('answers 404 for a conversation that was never started', async () => {
      const credentials = await call(`${running.url}/api/directline/token`, 'POST');
      const answer = await call(`${domain}/conversations/${credentials.body.conversationId}/activities`, 'GET', { token: credentials.body.token });
      expect(answer.status).toBe(404);
    });

    it('answers 4xx, never 500, to a body that is not JSON', async () => {
      const conversation = await start();
      const response = await fetch(`${domain}/conversations/${conversation.conversationId}/activities`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${conversation.token}`, 'Content-Type': 'application/json' },
        body: '{"type": "message", ',
      });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    });
  });

  describe('channel reply API', () => {
    it('refuses replies without this server\'s channel token', async () => {
      const conversation = await start();
      const url = `${running.url}/directline-channel/v3/conversations/${conversation.conversationId}/activities`;
      const anonymous = await call(url, 'POST', { body: { type: 'message', text: 'spoofed' } });
      const withUserToken = await call(url, 'POST', { token: conversation.token, body: { type: 'message', text: 'spoofed' } });
      expect([anonymous.status, withUserToken.status]).toEqual([401, 401]);
    });
  });
});

describe('Direct Line endpoint with a MicrosoftAppId set', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({ MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-a-real-password' });
  });
  afterAll(async () => {
    await running.stop();
  });

  it('still delivers turns and replies without asking Azure AD for a token for its own channel', async () => {
    const domain = `${running.url}/v3/directline`;
    const credentials = await call(`${running.url}/api/directline/token`, 'POST');
    const started = await call(`${domain}/conversations`, 'POST', { token: credentials.body.token });
    const greeted = await pollUntil(domain, started.body.conversationId, started.body.token, (seen) => seen.some(isBotMessage));
    const posted = await call(`${domain}/conversations/${started.body.conversationId}/activities`, 'POST', {
      token: started.body.token,
      body: { type: 'message', text: 'hello' },
    });
    await pollUntil(domain, started.body.conversationId, started.body.token,
      (seen) => seen.some((activity) => isBotMessage(activity) && (activity as { replyToId?: string }).replyToId === posted.body.id),
      greeted.watermark);
  });
});
