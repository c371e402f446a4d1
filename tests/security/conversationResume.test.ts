import { CompactSign } from 'jose';
import { startApp, type RunningApp } from '../support/app';
import { call } from '../support/directline';
import { newTicket } from '../bot/handoff/fixtures';

/**
 * Issue 17: one conversation per supplier, kept by the page in localStorage and reopened by the
 * follow-up e-mail's link, through a resume token (POST /api/directline/resume). What an attacker
 * holding anything else (another browser's tokens, a forged or stretched token, a token of
 * another scope) can do with it: nothing.
 */

interface Credentials {
  token: string;
  conversationId: string;
  domain: string;
  expires_in: number;
  resume: string;
  resume_expires_in: number;
}

/** A token whose payload is `payload`, signed with `key` (an attacker's key unless the server's). */
async function forged(payload: Record<string, unknown>, key: Uint8Array): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(key);
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
}

describe('Direct Line conversation resume', () => {
  let running: RunningApp;
  let clockOffsetMs = 0;

  beforeAll(async () => {
    running = await startApp({}, { directLine: { clock: () => Date.now() + clockOffsetMs } });
  });
  afterAll(async () => {
    await running.stop();
  });
  afterEach(() => {
    clockOffsetMs = 0;
  });

  /** A browser's conversation: credentials, then the conversation started with them. */
  async function conversation(): Promise<Credentials> {
    const answer = await call<Credentials>(`${running.url}/api/directline/token`, 'POST', { body: {} });
    expect(answer.status).toBe(200);
    const started = await call(`${answer.body.domain}/conversations`, 'POST', { token: answer.body.token, body: { locale: 'fr-FR' } });
    expect(started.status).toBe(201);
    return answer.body;
  }

  const resume = (token: string) => call<Credentials>(`${running.url}/api/directline/resume`, 'POST', { token });

  it('trades a resume token for a new conversation token of the same conversation and user, and a new resume token', async () => {
    const mine = await conversation();
    clockOffsetMs = 2 * 3600 * 1000; // the conversation token (30 min) has expired; the resume token (7 days) has not
    const expired = await call(`${mine.domain}/conversations/${mine.conversationId}/activities`, 'GET', { token: mine.token });
    expect(expired.status).toBe(401);
    const answer = await resume(mine.resume);
    expect(answer.status).toBe(200);
    expect(answer.body.conversationId).toBe(mine.conversationId);
    expect(claimsOf(answer.body.token)).toMatchObject({ scope: 'conversation', conv: mine.conversationId, user: claimsOf(mine.token).user });
    expect(claimsOf(answer.body.resume)).toMatchObject({ scope: 'resume', conv: mine.conversationId });
    const read = await call(`${mine.domain}/conversations/${mine.conversationId}/activities`, 'GET', { token: answer.body.token });
    expect(read.status).toBe(200);
  });

  it('refuses a resume token past its 7 days (401), and one for a conversation no longer kept (404)', async () => {
    const mine = await conversation();
    clockOffsetMs = 7 * 24 * 3600 * 1000 + 1000;
    const late = await resume(mine.resume);
    expect(late.status).toBe(401);
    expect(late.body).toMatchObject({ error: 'token_expired' });
    clockOffsetMs = 0;
    // Valid, but its conversation was never started (or has been dropped).
    const neverStarted = await call<Credentials>(`${running.url}/api/directline/token`, 'POST', { body: {} });
    const gone = await resume(neverStarted.body.resume);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ error: 'not_found' });
  });

  it('accepts only a resume token there, and a resume token nowhere else', async () => {
    const mine = await conversation();
    // A conversation token (the one a page holds, or one stolen from it) cannot be stretched into a resume token.
    expect((await resume(mine.token)).status).toBe(401);
    // A resume token reads nothing, posts nothing, refreshes nothing, opens no conversation and asks no ticket.
    const url = `${mine.domain}/conversations/${mine.conversationId}`;
    expect((await call(`${url}/activities`, 'GET', { token: mine.resume })).status).toBe(401);
    expect((await call(`${url}/activities`, 'POST', { token: mine.resume, body: { type: 'message', from: { id: 'x' }, text: 'hi' } })).status).toBe(401);
    expect((await call(url, 'GET', { token: mine.resume })).status).toBe(401);
    expect((await call(`${mine.domain}/tokens/refresh`, 'POST', { token: mine.resume })).status).toBe(401);
    expect((await call(`${mine.domain}/conversations`, 'POST', { token: mine.resume, body: {} })).status).toBe(401);
    expect((await call(`${running.url}/api/directline/ticket`, 'GET', { token: mine.resume })).status).toBe(401);
    // Missing or malformed: 401 with WWW-Authenticate, never a 500.
    const missing = await fetch(`${running.url}/api/directline/resume`, { method: 'POST' });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect((await resume('not.a.token')).status).toBe(401);
  });

  it('gives no way from one browser\'s tokens to another\'s conversation', async () => {
    const victim = await conversation();
    const attacker = await conversation();
    // The attacker's resume token, its claims rewritten to the victim's conversation, signed with a key of its own…
    const payload = { ...claimsOf(attacker.resume), conv: victim.conversationId, user: claimsOf(victim.token).user };
    expect((await resume(await forged(payload, new Uint8Array(32).fill(7)))).status).toBe(401);
    // …or keeping the original signature over the rewritten payload.
    const [header, , signature] = attacker.resume.split('.');
    const spliced = `${header}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
    expect((await resume(spliced)).status).toBe(401);
    // With an unsigned token ("alg": "none").
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.`;
    expect((await resume(none)).status).toBe(401);
    // Its own resume token only ever brings back its own conversation.
    const own = await resume(attacker.resume);
    expect(own.body.conversationId).toBe(attacker.conversationId);
    // And its conversation token asks about its own ticket only: the path names no conversation to swap.
    const victimTicket = await running.app.handoff.openTicket(newTicket({ conversationId: victim.conversationId }));
    const asked = await call(`${running.url}/api/directline/ticket`, 'GET', { token: attacker.token });
    expect(asked.body).toEqual({ ticket: null });
    const victimAsks = await call(`${running.url}/api/directline/ticket`, 'GET', { token: victim.token });
    expect(victimAsks.body).toEqual({ ticket: victimTicket.id });
  });

  it('counts resumes in the token budget per client (429 past RATE_LIMIT_TOKEN_PER_MINUTE)', async () => {
    const limited = await startApp({ RATE_LIMIT_TOKEN_PER_MINUTE: '3' });
    try {
      const first = await call<Credentials>(`${limited.url}/api/directline/token`, 'POST', { body: {} });
      const answers = [];
      for (let n = 0; n < 3; n++) answers.push((await call(`${limited.url}/api/directline/resume`, 'POST', { token: first.body.resume })).status);
      expect(answers.slice(0, 2)).toEqual([404, 404]);
      expect(answers[2]).toBe(429);
    } finally {
      await limited.stop();
    }
  });
});
