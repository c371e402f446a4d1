import { startApp, type RunningApp } from '../../support/app';
import { startLocalChannel, type LocalChannel } from '../hostileInput/support';
import { newTicket } from './fixtures';

const TOKEN = 'binding-test-staff-token-0123456789';

/**
 * Issue 13, finding 4, the handoff part: a stranger who knew a conversation id could confirm the
 * user's escalation from their own serviceUrl: the handoff.initiate event (the user's transcript)
 * went to the stranger, the ticket kept the stranger's conversation reference, and staff replies
 * followed it. The reference a ticket keeps is now always the channel's that started the conversation.
 */
describe('Premium support handoff: the conversation reference is the conversation owner’s', () => {
  let running: RunningApp;
  let owner: LocalChannel;
  let stranger: LocalChannel;
  let sequence = 0;

  beforeAll(async () => {
    owner = await startLocalChannel();
    stranger = await startLocalChannel();
    running = await startApp({ STAFF_API_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await running.stop();
    await owner.close();
    await stranger.close();
  });

  async function say(channel: LocalChannel, conversationId: string, text: string): Promise<number> {
    sequence += 1;
    const response = await fetch(`${running.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: `binding-${sequence}`,
        channelId: 'emulator',
        serviceUrl: channel.serviceUrl,
        conversation: { id: conversationId },
        from: { id: 'supplier-1', name: 'Supplier' },
        recipient: { id: 'assistant', name: 'CSP assistant' },
        locale: 'en-US',
        timestamp: new Date().toISOString(),
        text,
      }),
    });
    await response.text();
    return response.status;
  }

  const ticketNumber = (channel: LocalChannel, conversationId: string) =>
    channel
      .replies(conversationId)
      .map((reply) => String(reply.text ?? ''))
      .join('\n')
      .match(/PS-\d{6}/)?.[0];

  it('does not let a stranger confirm, withdraw or receive the escalation of someone else’s conversation', async () => {
    const conversationId = `handoff-owner-${Date.now()}`;
    for (const text of ['I want to talk to a human', 'My invoices do not show', 'supplier@example.com']) {
      expect(await say(owner, conversationId, text)).toBe(200);
    }

    // The stranger answers the confirmation question: refused, and nothing reaches them.
    const status = await say(stranger, conversationId, 'yes');
    expect(stranger.replies(conversationId).map((reply) => reply.name ?? reply.text)).toEqual([]);
    expect(status).toBe(403);
    expect(await running.app.handoff.activeTicketFor(conversationId)).toBeUndefined();

    expect(await say(owner, conversationId, 'yes')).toBe(200);
    const ticketId = ticketNumber(owner, conversationId);
    expect(ticketId).toBeDefined();
    const initiation = owner.replies(conversationId).find((reply) => reply.type === 'event' && reply.name === 'handoff.initiate');
    expect(initiation).toBeDefined();

    expect(await say(stranger, conversationId, 'cancel my request')).toBe(403);
    const ticket = await running.app.handoff.activeTicketFor(conversationId);
    expect(ticket).toMatchObject({ id: ticketId, status: 'open', conversationReference: { serviceUrl: owner.serviceUrl } });

    // The staff reply goes to the owner's channel, never to the stranger's.
    const before = owner.replies(conversationId).length;
    const reply = await fetch(`${running.url}/api/handoff/tickets/${ticketId}/messages`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'Looking at it now.' }),
    });
    expect(reply.status).toBe(201);
    expect(owner.replies(conversationId).slice(before).map((r) => r.text)).toEqual([expect.stringContaining('Looking at it now.')]);
    expect(stranger.replies(conversationId)).toEqual([]);
  });

  it('keeps a ticket to its channel when its conversation is not bound yet (a web chat gone idle, or one from before bindings)', async () => {
    // A web chat conversation the built-in store has already dropped: only its ticket remembers it.
    const conversationId = `expired-webchat-${Date.now()}`;
    const ticket = await running.app.handoff.openTicket(
      newTicket({
        conversationId,
        channelId: 'directline',
        conversationReference: { ...newTicket().conversationReference, channelId: 'directline', conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' }, serviceUrl: `${running.url}/directline-channel/` },
      }),
    );
    const status = await say(stranger, conversationId, 'cancel my request');
    expect(stranger.replies(conversationId).map((reply) => reply.text)).toEqual([]);
    expect(status).toBe(403);
    expect(await running.app.handoff.activeTicketFor(conversationId)).toMatchObject({ id: ticket.id, status: 'open' });
  });
});
