import type { Ticket } from '../../../bot/handoff/types';
import { startApp, type RunningApp } from '../../support/app';
import { addStaff, signIn } from '../../support/staff';
import { newTicket } from './fixtures';

const TOKEN = 'integration-token-0123456789abcdef';

describe('Staff API (/api/handoff)', () => {
  let running: RunningApp;
  let sent: Array<{ conversationId?: string; text: string }>;
  let session: { cookie: string; csrf: string };

  const call = (method: string, path: string, init: { headers?: Record<string, string>; body?: string } = {}) =>
    fetch(`${running.url}${path}`, { method, headers: init.headers, body: init.body });
  const asIntegration = (method: string, path: string, body?: unknown) =>
    call(method, path, {
      headers: { Authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const open = (overrides = {}): Promise<Ticket> => running.app.handoff.openTicket(newTicket(overrides));

  beforeAll(async () => {
    sent = [];
    running = await startApp(
      { STAFF_API_TOKEN: TOKEN },
      {
        handoff: {
          send: async (reference, text) => {
            sent.push({ conversationId: reference.conversation?.id, text });
          },
        },
      },
    );
    await addStaff(running.app.database);
    session = await signIn(running.url);
  });
  afterAll(() => running.stop());

  describe('authentication', () => {
    const routes: Array<[string, string]> = [
      ['GET', '/api/handoff/tickets'],
      ['GET', '/api/handoff/tickets/PS-000001'],
      ['POST', '/api/handoff/tickets/PS-000001/claim'],
      ['POST', '/api/handoff/tickets/PS-000001/messages'],
      ['POST', '/api/handoff/tickets/PS-000001/resolve'],
    ];

    it.each(routes)('answers %s %s without credentials with 401', async (method, path) => {
      const response = await call(method, path);
      expect(response.status).toBe(401);
      expect((await response.json()).error).toBe('unauthorized');
    });

    it.each(routes)('answers %s %s with a wrong bearer token with 401', async (method, path) => {
      const response = await call(method, path, { headers: { Authorization: `Bearer ${TOKEN.replace(/.$/, 'x')}` } });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="staff"');
    });

    it('does not fall back to the session cookie when a bearer token is wrong', async () => {
      const response = await call('GET', '/api/handoff/tickets', { headers: { Authorization: 'Bearer nope', Cookie: session.cookie } });
      expect(response.status).toBe(401);
    });

    it('answers a forged session cookie with 401', async () => {
      const response = await call('GET', '/api/handoff/tickets', { headers: { Cookie: 'csp_staff_session=forged' } });
      expect(response.status).toBe(401);
    });

    it('lets an integration in with the STAFF_API_TOKEN bearer', async () => {
      expect((await asIntegration('GET', '/api/handoff/tickets')).status).toBe(200);
    });

    it('lets a signed-in agent read with the session cookie alone', async () => {
      expect((await call('GET', '/api/handoff/tickets', { headers: { Cookie: session.cookie } })).status).toBe(200);
    });

    it('refuses a change from a session without the CSRF token with 403', async () => {
      const ticket = await open();
      const missing = await call('POST', `/api/handoff/tickets/${ticket.id}/claim`, { headers: { Cookie: session.cookie } });
      expect(missing.status).toBe(403);
      expect((await missing.json()).error).toBe('csrf_failed');
      const wrong = await call('POST', `/api/handoff/tickets/${ticket.id}/claim`, {
        headers: { Cookie: session.cookie, 'X-CSRF-Token': 'not-the-token' },
      });
      expect(wrong.status).toBe(403);
      expect((await running.app.handoff.detail(ticket.id))?.status).toBe('open');
    });

    it('accepts a change from a session with its CSRF token, recorded under the agent', async () => {
      const ticket = await open();
      const response = await call('POST', `/api/handoff/tickets/${ticket.id}/claim`, {
        headers: { Cookie: session.cookie, 'X-CSRF-Token': session.csrf },
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ id: ticket.id, status: 'claimed', claimedBy: 'agent@example.com' });
    });

    it('sends security headers, including a Content-Security-Policy', async () => {
      const response = await asIntegration('GET', '/api/handoff/tickets');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    });
  });

  describe('GET /api/handoff/tickets', () => {
    it('lists tickets with id, status, language, summary, contact, createdAt and conversationId', async () => {
      const ticket = await open({ conversationId: 'conv-list', language: 'en', summary: 'Cannot see my PO' });
      const body = await (await asIntegration('GET', '/api/handoff/tickets?status=open')).json();
      const listed = body.tickets.find((t: { id: string }) => t.id === ticket.id);
      expect(listed).toEqual(
        expect.objectContaining({
          id: ticket.id,
          status: 'open',
          language: 'en',
          summary: 'Cannot see my PO',
          contact: 'supplier@example.com',
          createdAt: ticket.createdAt,
          conversationId: 'conv-list',
        }),
      );
      expect(listed.conversationReference).toBeUndefined();
    });

    it('filters by status', async () => {
      const resolved = await open();
      await running.app.handoff.resolve(resolved.id, { id: 'api' });
      const openIds = (await (await asIntegration('GET', '/api/handoff/tickets?status=open')).json()).tickets.map((t: Ticket) => t.id);
      const resolvedIds = (await (await asIntegration('GET', '/api/handoff/tickets?status=resolved')).json()).tickets.map((t: Ticket) => t.id);
      expect(openIds).not.toContain(resolved.id);
      expect(resolvedIds).toContain(resolved.id);
    });

    it('gives the newest tickets, oldest first, when asked for fewer with limit', async () => {
      const older = await open();
      const newer = await open();
      const body = await (await asIntegration('GET', '/api/handoff/tickets?status=open&limit=2')).json();
      expect(body.tickets.map((t: Ticket) => t.id)).toEqual([older.id, newer.id]);
    });

    it.each(['0', '-1', '1001', 'ten', '1.5'])('answers limit=%s with 400 naming the limit field', async (limit) => {
      const response = await asIntegration('GET', `/api/handoff/tickets?limit=${limit}`);
      expect(response.status).toBe(400);
      expect((await response.json()).field).toBe('limit');
    });

    it('answers an unknown status with 400 naming the status field', async () => {
      const response = await asIntegration('GET', '/api/handoff/tickets?status=pending');
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'bad_request', field: 'status' });
    });

    it('answers a status given twice with 400', async () => {
      const response = await asIntegration('GET', '/api/handoff/tickets?status=open&status=claimed');
      expect(response.status).toBe(400);
      expect((await response.json()).field).toBe('status');
    });
  });

  describe('GET /api/handoff/tickets/:id', () => {
    it('returns the ticket with what was tried, its transcript and its messages', async () => {
      const ticket = await open();
      await running.app.handoff.addUserMessage(ticket.id, 'Toujours bloqué');
      const body = await (await asIntegration('GET', `/api/handoff/tickets/${ticket.id}`)).json();
      expect(body).toMatchObject({
        id: ticket.id,
        status: 'open',
        tried: ticket.tried,
        transcript: ticket.transcript,
        messages: [{ author: 'user', text: 'Toujours bloqué' }],
      });
      expect(body.conversationReference).toBeUndefined();
    });

    it('answers an unknown ticket with 404', async () => {
      expect((await asIntegration('GET', '/api/handoff/tickets/PS-999999')).status).toBe(404);
      expect((await asIntegration('GET', '/api/handoff/tickets/whatever')).status).toBe(404);
    });
  });

  describe('POST /api/handoff/tickets/:id/messages', () => {
    it('stores the reply, sends it to the user and answers 201', async () => {
      const ticket = await open({ language: 'en' });
      const response = await asIntegration('POST', `/api/handoff/tickets/${ticket.id}/messages`, { text: '  Try signing out and in again.  ' });
      expect(response.status).toBe(201);
      expect(await response.json()).toMatchObject({ message: { author: 'staff', text: 'Try signing out and in again.' }, delivered: true });
      expect(sent.at(-1)).toEqual({ conversationId: ticket.conversationId, text: 'Premium support: Try signing out and in again.' });
    });

    it.each([
      ['no body', undefined],
      ['an array', '[]'],
      ['no text', '{}'],
      ['a number as text', '{"text": 42}'],
      ['empty text', '{"text": "   "}'],
      ['text too long', JSON.stringify({ text: 'x'.repeat(4001) })],
    ])('answers %s with 400 naming the text field', async (_name, body) => {
      const ticket = await open();
      const response = await call('POST', `/api/handoff/tickets/${ticket.id}/messages`, {
        headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
        body,
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'bad_request', field: 'text' });
    });

    it('answers malformed JSON with 400', async () => {
      const ticket = await open();
      const response = await call('POST', `/api/handoff/tickets/${ticket.id}/messages`, {
        headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
        body: '{"text": ',
      });
      expect(response.status).toBe(400);
    });

    it('answers a reply to an unknown ticket with 404 and to a resolved one with 409', async () => {
      expect((await asIntegration('POST', '/api/handoff/tickets/PS-999999/messages', { text: 'hi' })).status).toBe(404);
      const ticket = await open();
      await asIntegration('POST', `/api/handoff/tickets/${ticket.id}/resolve`);
      const late = await asIntegration('POST', `/api/handoff/tickets/${ticket.id}/messages`, { text: 'hi' });
      expect(late.status).toBe(409);
      expect((await late.json()).error).toBe('conflict');
    });
  });

  describe('POST /api/handoff/tickets/:id/claim and /resolve', () => {
    it('claims, then resolves, telling the user in their language', async () => {
      const ticket = await open({ language: 'fr' });
      expect((await asIntegration('POST', `/api/handoff/tickets/${ticket.id}/claim`)).status).toBe(200);
      const resolved = await asIntegration('POST', `/api/handoff/tickets/${ticket.id}/resolve`);
      expect(resolved.status).toBe(200);
      expect(await resolved.json()).toMatchObject({ id: ticket.id, status: 'resolved', delivered: true });
      expect(sent.at(-1)?.text).toContain(`votre demande ${ticket.id} est résolue`);
    });

    it('answers a claim of a ticket another agent holds with 409', async () => {
      const ticket = await open();
      await running.app.handoff.claim(ticket.id, { id: 'bob@example.com', name: 'Bob' });
      expect((await asIntegration('POST', `/api/handoff/tickets/${ticket.id}/claim`)).status).toBe(409);
    });

    it('answers unknown tickets with 404', async () => {
      expect((await asIntegration('POST', '/api/handoff/tickets/PS-999999/claim')).status).toBe(404);
      expect((await asIntegration('POST', '/api/handoff/tickets/PS-999999/resolve')).status).toBe(404);
    });
  });
});

describe('Staff API without STAFF_API_TOKEN', () => {
  it('refuses every bearer token', async () => {
    const running = await startApp();
    try {
      const response = await fetch(`${running.url}/api/handoff/tickets`, { headers: { Authorization: 'Bearer anything-at-all-0123456789' } });
      expect(response.status).toBe(401);
    } finally {
      await running.stop();
    }
  });
});
