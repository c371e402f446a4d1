import http from 'node:http';
import { STRINGS } from '../../../dialogs';
import { startApp, type RunningApp } from '../../support/app';

/** The channel's side: a local Bot Connector that records what the bot posts back. */
interface Channel {
  readonly serviceUrl: string;
  readonly replies: Array<{ path: string; activity: Record<string, unknown> }>;
  close(): Promise<void>;
}

async function startChannel(): Promise<Channel> {
  const replies: Channel['replies'] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      replies.push({ path: req.url ?? '', activity: JSON.parse(body || '{}') as Record<string, unknown> });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id: `reply-${replies.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    serviceUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}/`,
    replies,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('POST /api/messages', () => {
  let running: RunningApp;
  let channel: Channel;
  let nextId = 0;

  beforeAll(async () => {
    channel = await startChannel();
    running = await startApp();
  });
  afterAll(async () => {
    await running.stop();
    await channel.close();
  });

  /** Posts an activity as a channel does (no app id: anonymous) and returns the replies it caused. */
  async function post(activity: Record<string, unknown>): Promise<{ status: number; replies: Channel['replies'] }> {
    const before = channel.replies.length;
    const id = `activity-${++nextId}`;
    const response = await fetch(`${running.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        id,
        channelId: 'emulator',
        serviceUrl: channel.serviceUrl,
        conversation: { id: 'http-conversation' },
        from: { id: 'supplier-1', name: 'Supplier' },
        recipient: { id: 'assistant', name: 'CSP assistant' },
        locale: 'fr-FR',
        timestamp: new Date().toISOString(),
        ...activity,
      }),
    });
    // The Emulator channel also gets trace activities; a user sees only the rest.
    return { status: response.status, replies: channel.replies.slice(before).filter((reply) => reply.activity.type !== 'trace') };
  }

  it('welcomes a member who joins, replying through the activity’s serviceUrl', async () => {
    const { status, replies } = await post({ type: 'conversationUpdate', membersAdded: [{ id: 'supplier-1' }] });
    expect(status).toBe(200);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.path).toBe(`/v3/conversations/http-conversation/activities/activity-${nextId}`);
    expect(replies[0]!.activity).toMatchObject({ type: 'message', text: STRINGS.t('fr', 'welcome.text'), replyToId: `activity-${nextId}` });
  });

  it('answers a question with the FAQ answer and the follow-up buttons', async () => {
    const { status, replies } = await post({ type: 'message', text: 'comment activer la 2FA' });
    expect(status).toBe(200);
    expect(replies.map((reply) => reply.path)).toEqual([
      `/v3/conversations/http-conversation/activities/activity-${nextId}`,
      `/v3/conversations/http-conversation/activities/activity-${nextId}`,
    ]);
    expect(replies[0]!.activity.text).toMatch(/^Après vous être connecté au CSP/);
    expect(replies[1]!.activity).toMatchObject({
      text: STRINGS.t('fr', 'faq.helpfulQuestion'),
      attachments: [{ contentType: 'application/vnd.microsoft.card.hero' }],
    });
  });

  it('keeps the conversation’s state between requests', async () => {
    // "Yes, thanks" is feedback on the answer of the previous request only if the state was kept.
    const { replies } = await post({ type: 'message', text: STRINGS.t('fr', 'faq.helpfulYes') });
    expect(replies.map((reply) => reply.activity.text)).toEqual([STRINGS.t('fr', 'faq.feedbackThanks')]);
  });

  it('runs a journey over several requests', async () => {
    expect((await post({ type: 'message', text: "je ne vois pas l'onglet de mon client" })).replies.map((r) => r.activity.text)).toEqual([
      STRINGS.t('fr', 'missingTab.intro'),
      STRINGS.t('fr', 'missingTab.askSignupEmail'),
    ]);
    expect((await post({ type: 'message', text: 'pas-un-email' })).replies.map((r) => r.activity.text)).toEqual([STRINGS.t('fr', 'email.retry')]);
  });

  it('accepts a handoff.status event', async () => {
    const { status, replies } = await post({ type: 'event', name: 'handoff.status', value: { state: 'accepted' } });
    expect(status).toBe(200);
    expect(replies).toEqual([]);
  });
});
