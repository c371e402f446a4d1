import { FIELD_LIMITS, MAX_STORED_ACTIVITY_CHARS, MAX_TEXT_LENGTH } from '../../../../bot/channels/directline/limits';
import { startApp, type RunningApp } from '../../../support/app';
import { call } from '../../../support/directline';

interface Started {
  conversationId: string;
  token: string;
}

/** What Web Chat 4.18 posts for a typed message (postActivitySaga): the shape that must always pass. */
function webChatMessage(text: string) {
  return {
    type: 'message',
    text,
    textFormat: 'plain',
    channelId: 'webchat',
    channelData: { clientActivityID: '1701360000000abcdefghij', clientTimestamp: '2026-11-30T19:00:00.000Z' },
    entities: [{ type: 'ClientCapabilities', requiresBotState: true, supportsListening: true, supportsTts: true }],
    from: { id: 'dl_whatever', name: '', role: 'user' },
    locale: 'fr-FR',
    localTimestamp: '2026-11-30T20:00:00.000+01:00',
    localTimezone: 'Europe/Paris',
  };
}

describe('Direct Line activity limits', () => {
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
    const started = await call<Started>(`${domain}/conversations`, 'POST', { token: credentials.body.token, body: { locale: 'en-US' } });
    expect(started.status).toBe(201);
    return started.body;
  }

  const post = (conversation: Started, activity: unknown) =>
    call(`${domain}/conversations/${conversation.conversationId}/activities`, 'POST', { token: conversation.token, body: activity });

  it('accepts what Web Chat sends with a message', async () => {
    const answer = await post(await start(), webChatMessage('Comment activer la double authentification ?'));
    expect(answer.status).toBe(200);
  });

  it('accepts a message text of MAX_TEXT_LENGTH characters and refuses one more with 400 naming text', async () => {
    const conversation = await start();
    expect((await post(conversation, { type: 'event', name: 'probe', text: 'a'.repeat(MAX_TEXT_LENGTH) })).status).toBe(200);
    const refused = await post(conversation, { type: 'event', name: 'probe', text: 'a'.repeat(MAX_TEXT_LENGTH + 1) });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'bad_request', field: 'text' });
  });

  // Issue 13: 200 KB of channelData per activity, 100 times, with a public token, was the start of an OOM crash.
  it.each([
    ['channelData', { channelData: { clientActivityID: 'x', filler: 'x'.repeat(200 * 1024) } }],
    ['value', { value: { filler: 'x'.repeat(FIELD_LIMITS.value) } }],
    ['entities', { entities: [{ type: 'filler', text: 'x'.repeat(FIELD_LIMITS.entities) }] }],
    ['attachments', { attachments: [{ contentType: 'text/plain', content: 'x'.repeat(FIELD_LIMITS.attachments) }] }],
  ])('refuses an activity whose %s is over its cap with 413 naming the field, and stores nothing', async (field, fields) => {
    const conversation = await start();
    const answer = await post(conversation, { type: 'message', text: 'hello', ...fields });
    expect(answer.status).toBe(413);
    expect(answer.body).toEqual({ error: 'too_large', field, message: expect.stringContaining(field) });
    const stored = await running.app.database.get<{ n: number }>(
      'SELECT COUNT(*) AS n FROM directline_activities WHERE conversation_id = ? AND activity LIKE ?',
      [conversation.conversationId, '%xxxxxxxxxx%'],
    );
    expect(Number(stored?.n)).toBe(0);
  });

  it('refuses a bot reply larger than reads would serve with 413, so the bot sees the error instead of a silent gap', async () => {
    const conversation = await start();
    const channelToken = await running.app.directLine.tokens.sign('channel', conversation.conversationId, 'bot');
    const reply = (text: string) =>
      call(`${running.url}/directline-channel/v3/conversations/${conversation.conversationId}/activities`, 'POST', {
        token: channelToken,
        body: { type: 'message', text },
      });
    expect((await reply('a normal answer')).status).toBe(200);
    const refused = await reply('x'.repeat(MAX_STORED_ACTIVITY_CHARS));
    expect(refused.status).toBe(413);
    expect(refused.body).toMatchObject({ error: 'too_large', field: 'body' });
  });

  it('refuses more than 10 attachments, naming the field', async () => {
    const answer = await post(await start(), { type: 'message', text: 'hi', attachments: Array.from({ length: 11 }, () => ({ contentType: 'text/plain' })) });
    expect(answer.status).toBe(400);
    expect(answer.body.field).toBe('attachments');
  });
});
