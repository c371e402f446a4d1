import { STRINGS } from '../../../dialogs';
import { startApp, type RunningApp } from '../../support/app';
import { call, isBotMessage, pollUntil, type ClientActivity } from '../../support/directline';
import { startLocalChannel, type LocalChannel } from '../hostileInput/support';

/**
 * Issue 13, finding 4: without MicrosoftAppId, an activity naming the built-in web chat channel,
 * a victim's conversation id and a serviceUrl of the attacker's choice continued the victim's
 * dialog, and with the channel's own serviceUrl put the bot's answers in the victim's chat.
 */
describe('POST /api/messages without an app id: a conversation is its channel’s only', () => {
  let running: RunningApp;
  let victimChannel: LocalChannel;
  let attackerChannel: LocalChannel;
  let sequence = 0;

  beforeAll(async () => {
    victimChannel = await startLocalChannel();
    attackerChannel = await startLocalChannel();
    running = await startApp();
  });
  afterAll(async () => {
    await running.stop();
    await victimChannel.close();
    await attackerChannel.close();
  });

  function activity(overrides: Record<string, unknown>): Record<string, unknown> {
    sequence += 1;
    return {
      type: 'message',
      id: `admission-${sequence}`,
      channelId: 'emulator',
      from: { id: 'someone', name: 'Someone' },
      recipient: { id: 'assistant', name: 'CSP assistant' },
      locale: 'fr-FR',
      timestamp: new Date().toISOString(),
      ...overrides,
    };
  }

  async function post(body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
    const response = await fetch(`${running.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  /** A web chat user of the built-in Direct Line endpoint, halfway through a journey (the bot asked for an email). */
  async function webChatVictim(): Promise<{ conversationId: string; token: string; watermark: string }> {
    const credentials = await call(`${running.url}/api/directline/token`, 'POST', { body: {} });
    const domain = `${running.url}/v3/directline`;
    const started = await call(`${domain}/conversations`, 'POST', { token: credentials.body.token, body: { locale: 'fr-FR' } });
    const { conversationId, token } = started.body as { conversationId: string; token: string };
    await call(`${domain}/conversations/${conversationId}/activities`, 'POST', {
      token,
      body: { type: 'message', text: "je ne vois pas l'onglet de mon client", locale: 'fr-FR', from: { id: 'ignored' } },
    });
    const asked = await pollUntil(domain, conversationId, token, (seen) =>
      seen.some((a) => isBotMessage(a) && a.text === STRINGS.t('fr', 'missingTab.askSignupEmail')),
    );
    await running.app.directLine.channel.idle(conversationId);
    return { conversationId, token, watermark: asked.watermark };
  }

  async function botMessagesSince(conversationId: string, token: string, watermark: string): Promise<ClientActivity[]> {
    await running.app.directLine.channel.idle(conversationId);
    const answer = await call(`${running.url}/v3/directline/conversations/${conversationId}/activities?watermark=${watermark}`, 'GET', { token });
    return (answer.body.activities as ClientActivity[]).filter(isBotMessage);
  }

  it('refuses the built-in channel’s channelId, so a stranger cannot continue a web chat user’s dialog', async () => {
    const victim = await webChatVictim();
    const attack = await post(
      activity({ channelId: 'directline', conversation: { id: victim.conversationId }, serviceUrl: attackerChannel.serviceUrl, text: 'pas-un-email' }),
    );
    // Before: 200, and the attacker's channel got "email.retry": the victim's journey, continued.
    expect(attackerChannel.replies(victim.conversationId)).toEqual([]);
    expect(attack.status).toBe(403);
    expect(attack.body).toMatchObject({ error: 'forbidden', field: 'channelId' });
  });

  it('refuses the built-in channel’s serviceUrl, so nothing a stranger posts shows in a web chat user’s chat', async () => {
    const victim = await webChatVictim();
    const channelServiceUrl = `${running.url.replace('localhost', '127.0.0.1')}/directline-channel/`;
    for (const channelId of ['directline', 'emulator']) {
      const attack = await post(
        activity({ channelId, conversation: { id: victim.conversationId }, serviceUrl: channelServiceUrl, text: 'comment activer la 2FA' }),
      );
      expect(attack.status).toBe(403);
      expect(attack.body).toMatchObject({ error: 'forbidden', field: 'serviceUrl' });
    }
    // Before: the bot's answer to the stranger's question appeared in the victim's chat.
    expect(await botMessagesSince(victim.conversationId, victim.token, victim.watermark)).toEqual([]);
  });

  it('refuses a web chat conversation’s id under another channelId', async () => {
    const victim = await webChatVictim();
    const attack = await post(
      activity({ conversation: { id: victim.conversationId }, serviceUrl: attackerChannel.serviceUrl, text: 'annuler ma demande' }),
    );
    expect(attack.status).toBe(403);
    expect(attack.body).toMatchObject({ error: 'forbidden', field: 'conversation' });
    expect(attackerChannel.replies(victim.conversationId)).toEqual([]);
  });

  it('keeps an Emulator conversation to the serviceUrl that started it', async () => {
    const conversation = { id: `emulator-victim-${Date.now()}` };
    const started = await post(
      activity({ conversation, serviceUrl: victimChannel.serviceUrl, text: "je ne vois pas l'onglet de mon client" }),
    );
    expect(started.status).toBe(200);
    expect(victimChannel.replies(conversation.id).map((reply) => reply.text)).toContain(STRINGS.t('fr', 'missingTab.askSignupEmail'));

    const attack = await post(activity({ conversation, serviceUrl: attackerChannel.serviceUrl, text: 'pas-un-email' }));
    expect(attackerChannel.replies(conversation.id)).toEqual([]);
    expect(attack.status).toBe(403);
    expect(attack.body).toMatchObject({ error: 'forbidden', field: 'conversation' });
    const hijackedChannelId = await post(activity({ channelId: 'webchat', conversation, serviceUrl: victimChannel.serviceUrl, text: 'pas-un-email' }));
    expect(hijackedChannelId.status).toBe(403);

    // The owner's journey is where it was: the email question is still open.
    const before = victimChannel.replies(conversation.id).length;
    expect((await post(activity({ conversation, serviceUrl: victimChannel.serviceUrl, text: 'pas-un-email' }))).status).toBe(200);
    expect(victimChannel.replies(conversation.id).slice(before).map((reply) => reply.text)).toEqual([STRINGS.t('fr', 'email.retry')]);
  });

  it.each([
    ['a cloud metadata address', 'http://169.254.169.254/latest/meta-data/'],
    ['a host on the internet', 'https://collector.example.net/bot/'],
    ['a private network address', 'http://10.0.0.8:8080/'],
  ])('never calls a serviceUrl off this machine (%s)', async (_name, serviceUrl) => {
    const response = await post(activity({ conversation: { id: `ssrf-${sequence}` }, serviceUrl, text: 'bonjour' }));
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ error: 'forbidden', field: 'serviceUrl' });
  });

  it.each([
    ['X-Forwarded-For', { 'X-Forwarded-For': '203.0.113.7' }],
    ['Forwarded', { Forwarded: 'for=203.0.113.7' }],
  ])('refuses a request a proxy forwarded (%s): it is not from this machine', async (_name, headers) => {
    const conversation = { id: `forwarded-${sequence}` };
    const response = await post(activity({ conversation, serviceUrl: victimChannel.serviceUrl, text: 'bonjour' }), headers);
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ error: 'forbidden' });
    expect(victimChannel.replies(conversation.id)).toEqual([]);
  });
});
