/**
 * SQL metacharacters and markup in every field the application stores, on SQLite and on
 * PostgreSQL: each is stored and given back verbatim (escaping is the browser's job, tested
 * in tests/e2e), and the tables are still there afterwards.
 */
import { startApp, type RunningApp } from '../../support/app';
import { call, isBotMessage, pollUntil } from '../../support/directline';
import { createTestDatabase, postgresAvailable } from '../../support/postgres';
import { newTicket } from '../handoff/fixtures';
import { expectStillServing, startLocalChannel, type LocalChannel } from './support';

const STAFF_TOKEN = 'hostile-input-stored-fields-token-0123';

/** What an attacker would type into a field, one per kind of trick. */
const HOSTILE_TEXTS = [
  "Robert'); DROP TABLE tickets;--",
  '" OR "1"="1',
  "x' UNION SELECT password_hash FROM staff_accounts --",
  "'; SELECT pg_sleep(10); --",
  '$1 $$body$$ %_ \\ \\\' ? :name @var',
  '<script>alert(1)</script><img src=x onerror="alert(2)">',
  '\u202Egnp.exe \u200F«»\u00A0',
];

const ENGINES = [
  { name: 'sqlite', database: async () => ({ env: {}, drop: async () => undefined }) },
  {
    name: 'postgres',
    database: async () => {
      if (!(await postgresAvailable())) throw new Error('tests: PostgreSQL is not reachable (see TEST_DATABASE_URL)');
      const created = await createTestDatabase();
      return { env: { DATABASE_URL: created.url }, drop: created.drop };
    },
  },
];

describe.each(ENGINES)('Stored fields on $name', (engine) => {
  let running: RunningApp;
  let channel: LocalChannel;
  let drop: () => Promise<void>;
  const auth = { Authorization: `Bearer ${STAFF_TOKEN}` };

  beforeAll(async () => {
    const database = await engine.database();
    drop = database.drop;
    channel = await startLocalChannel();
    running = await startApp(
      { STAFF_API_TOKEN: STAFF_TOKEN, ...database.env },
      { handoff: { send: async () => undefined } },
    );
  });
  afterAll(async () => {
    await running.stop();
    await channel.close();
    await drop();
  });
  afterEach(async () => {
    await expectStillServing(running, channel);
  });

  const getJson = async (path: string) => {
    const response = await fetch(`${running.url}${path}`, { headers: auth });
    expect(response.status).toBe(200);
    // Markup in a stored field reaches the browser as JSON data, never sniffed as a page.
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    return response.json();
  };

  it.each(HOSTILE_TEXTS)('keeps %j verbatim in a ticket’s summary, contact, name, transcript and staff messages', async (text) => {
    const ticket = await running.app.handoff.openTicket(
      newTicket({
        summary: text,
        contact: text,
        userName: text,
        transcript: [{ from: 'user', text, timestamp: '2026-11-28T10:00:00.000Z' }],
      }),
    );
    const reply = await fetch(`${running.url}/api/handoff/tickets/${ticket.id}/messages`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ text }),
    });
    expect(reply.status).toBe(201);

    const detail = await getJson(`/api/handoff/tickets/${ticket.id}`);
    expect(detail).toMatchObject({ summary: text, contact: text, userName: text, transcript: [{ text }] });
    expect(detail.messages.map((message: { text: string }) => message.text)).toContain(text.trim());
    const list = await getJson('/api/handoff/tickets');
    expect(list.tickets.map((listed: { id: string }) => listed.id)).toContain(ticket.id);
  });

  it('keeps a search question with SQL metacharacters and markup verbatim for the analytics', async () => {
    for (const text of HOSTILE_TEXTS) {
      const response = await fetch(`${running.url}/api/faq/search?q=${encodeURIComponent(text)}`);
      expect(response.status).toBe(200);
      expect((await response.json()).query).toBe(text);
    }
    const summary = JSON.stringify(await getJson('/api/analytics/summary'));
    expect(summary).toContain(JSON.stringify(HOSTILE_TEXTS[0]!).slice(1, -1));
    expect(summary).toContain(JSON.stringify(HOSTILE_TEXTS[5]!).slice(1, -1));
  });

  it('answers feedback on an entry id or question id made of SQL with 4xx, never 500', async () => {
    for (const text of HOSTILE_TEXTS) {
      const onEntry = await fetch(`${running.url}/api/faq/${encodeURIComponent(text)}/feedback`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ helpful: true, lang: 'fr' }),
      });
      expect(onEntry.status).toBe(404);
      const withQuestion = await fetch(`${running.url}/api/faq/2fa-enable/feedback`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ helpful: false, lang: 'fr', questionId: text }),
      });
      expect(withQuestion.status).toBeGreaterThanOrEqual(200);
      expect(withQuestion.status).toBeLessThan(500);
    }
  });

  it('keeps SQL metacharacters and markup verbatim in a knowledge-base edit, live in the public search', async () => {
    const { entry } = await getJson('/api/knowledge/entries/update-banking-info');
    const text = HOSTILE_TEXTS.join(' | ');
    const content = { ...entry.content, fr: { ...entry.content.fr, answer: `${entry.content.fr.answer}\n\n${text}` } };
    const response = await fetch(`${running.url}/api/knowledge/entries/update-banking-info`, {
      method: 'PUT',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify(content),
    });
    expect(response.status).toBe(200);
    // The editor trims the answer (the last text ends in a no-break space) and gives French text its
    // no-break spaces before "?" and ":" (knowledge/typography.ts); nothing else changes.
    const stored = content.fr.answer.trim().replace(' ? :name', '\u00a0?\u00a0:name');
    expect(stored).not.toBe(content.fr.answer.trim());
    expect((await getJson('/api/knowledge/entries/update-banking-info')).entry.content.fr.answer).toBe(stored);
    const search = await (await fetch(`${running.url}/api/faq/search?q=changer%20mon%20RIB&lang=fr`)).json();
    expect(search.results[0]).toMatchObject({ id: 'update-banking-info', answer: stored });
  });

  it('answers a NUL character in a search, a ticket, a staff reply and a web chat message without a 500', async () => {
    const text = 'comment activer la 2FA\u0000 ?';
    const search = await fetch(`${running.url}/api/faq/search?q=${encodeURIComponent(text)}`);
    expect(search.status).toBe(200);

    const ticket = await running.app.handoff.openTicket(newTicket({ summary: text, transcript: [{ from: 'user', text, timestamp: '2026-11-28T10:00:00.000Z' }] }));
    const reply = await fetch(`${running.url}/api/handoff/tickets/${ticket.id}/messages`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ text }),
    });
    expect(reply.status).toBe(201);
    expect((await getJson(`/api/handoff/tickets/${ticket.id}`)).summary).toMatch(/^comment activer la 2FA/);

    const credentials = await call(`${running.url}/api/directline/token`, 'POST');
    const started = await call(`${running.url}/v3/directline/conversations`, 'POST', { token: credentials.body.token });
    const domain = `${running.url}/v3/directline`;
    const sent = await call(`${domain}/conversations/${started.body.conversationId}/activities`, 'POST', {
      token: started.body.token,
      body: { type: 'message', from: { id: 'dl_hostile' }, text },
    });
    expect(sent.status).toBe(200);
    const { activities } = await pollUntil(domain, started.body.conversationId, started.body.token, (seen) =>
      seen.some((activity) => isBotMessage(activity) && /^Après vous être connecté au CSP/.test(activity.text ?? '')),
    );
    expect(activities.length).toBeGreaterThan(0);
  });

  it('gives a web chat user’s message with SQL metacharacters back verbatim through Direct Line', async () => {
    const credentials = await call(`${running.url}/api/directline/token`, 'POST');
    const started = await call(`${running.url}/v3/directline/conversations`, 'POST', { token: credentials.body.token });
    const domain = `${running.url}/v3/directline`;
    const text = HOSTILE_TEXTS.slice(0, 6).join(' ');
    const sent = await call(`${domain}/conversations/${started.body.conversationId}/activities`, 'POST', {
      token: started.body.token,
      body: { type: 'message', from: { id: 'dl_hostile' }, text },
    });
    expect(sent.status).toBe(200);
    const { activities } = await pollUntil(domain, started.body.conversationId, started.body.token, (seen) =>
      seen.some((activity) => isBotMessage(activity) && activity.text !== undefined && !/bienvenue|welcome/i.test(activity.text)),
    );
    expect(activities.filter((activity) => activity.from.role !== 'bot').map((activity) => activity.text)).toContain(text);
  });
});
