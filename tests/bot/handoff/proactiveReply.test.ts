import { startApp, type RunningApp } from '../../support/app';
import { startReceiver } from '../../support/receiver';
import { newTicket } from './fixtures';

const TOKEN = 'integration-token-0123456789abcdef';

describe('HandoffService proactive messages through the adapter', () => {
  let running: RunningApp;
  let channel: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    channel = await startReceiver();
    running = await startApp({ STAFF_API_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await running.stop();
    await channel.close();
  });

  const post = (path: string, body?: unknown) =>
    fetch(`${running.url}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it.each([
    ['webchat', 'en', 'Premium support: Please check the email on your profile.'],
    ['msteams', 'fr', 'Support Premium : Please check the email on your profile.'],
  ] as const)('sends a staff reply into the %s conversation the ticket came from (%s)', async (channelId, language, expected) => {
    const conversationId = `${channelId}-conversation-1`;
    const ticket = await running.app.handoff.openTicket(
      newTicket({
        channelId,
        language,
        conversationId,
        conversationReference: {
          channelId,
          serviceUrl: channel.url,
          conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
          bot: { id: 'bot-id', name: 'CSP assistant' },
          user: { id: 'user-1', name: 'Supplier' },
        },
      }),
    );
    const before = channel.received.length;
    const response = await post(`/api/handoff/tickets/${ticket.id}/messages`, { text: 'Please check the email on your profile.' });
    expect(response.status).toBe(201);
    expect((await response.json()).delivered).toBe(true);
    const [request] = (await channel.waitFor(before + 1)).slice(before);
    expect(request!.method).toBe('POST');
    expect(request!.url).toMatch(new RegExp(`^/v3/conversations/${conversationId}/activities(/[\\w-]+)?$`));
    const activity = JSON.parse(request!.body);
    expect(activity).toMatchObject({
      type: 'message',
      text: expected,
      channelId,
      conversation: { id: conversationId },
      from: { id: 'bot-id' },
      recipient: { id: 'user-1' },
    });
  });

  // Web Chat holds a message whose replyToId names an activity it has not seen for up to 5 s,
  // waiting for it: a staff reply answers no activity of the page, so it must name none.
  it('sends a staff reply as a new message, not as a reply to the turn the address was taken from', async () => {
    const conversationId = 'webchat-conversation-reply-to';
    const ticket = await running.app.handoff.openTicket(
      newTicket({
        conversationId,
        conversationReference: {
          activityId: 'user-activity-7',
          channelId: 'webchat',
          serviceUrl: channel.url,
          conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
          bot: { id: 'bot-id', name: 'CSP assistant' },
          user: { id: 'user-1', name: 'Supplier' },
        },
      }),
    );
    const before = channel.received.length;
    expect((await post(`/api/handoff/tickets/${ticket.id}/messages`, { text: 'Hello' })).status).toBe(201);
    const [request] = (await channel.waitFor(before + 1)).slice(before);
    expect(request!.url).toBe(`/v3/conversations/${conversationId}/activities`);
    expect(JSON.parse(request!.body)).not.toHaveProperty('replyToId');
  });

  it('tells the user in their language that the request is resolved and the assistant takes over', async () => {
    const conversationId = 'resolved-conversation';
    const ticket = await running.app.handoff.openTicket(
      newTicket({
        language: 'fr',
        conversationId,
        conversationReference: {
          channelId: 'webchat',
          serviceUrl: channel.url,
          conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
          bot: { id: 'bot-id', name: 'CSP assistant' },
          user: { id: 'user-1', name: 'Supplier' },
        },
      }),
    );
    const before = channel.received.length;
    const response = await post(`/api/handoff/tickets/${ticket.id}/resolve`);
    expect(response.status).toBe(200);
    const [request] = (await channel.waitFor(before + 1)).slice(before);
    expect(request!.url).toMatch(new RegExp(`^/v3/conversations/${conversationId}/activities(/[\\w-]+)?$`));
    expect(JSON.parse(request!.body).text).toBe(
      `Le support Premium a indiqué que votre demande ${ticket.id} est résolue. Je reprends la main : posez-moi votre prochaine question quand vous voulez.`,
    );
    expect(await running.app.handoff.activeTicketFor(conversationId)).toBeUndefined();
  });

  it('keeps a reply the channel could not take, and says it was not delivered', async () => {
    const ticket = await running.app.handoff.openTicket(
      newTicket({ conversationReference: { ...newTicket().conversationReference, serviceUrl: 'http://127.0.0.1:9/' } }),
    );
    const response = await post(`/api/handoff/tickets/${ticket.id}/messages`, { text: 'Are you there?' });
    expect(response.status).toBe(201);
    expect((await response.json()).delivered).toBe(false);
    expect((await running.app.handoff.detail(ticket.id))?.messages.map((m) => m.text)).toEqual(['Are you there?']);
  });
});
