import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { call, isBotMessage, StreamClient, type ClientActivity } from '../support/directline';
import { createTestDatabase, postgresAvailable } from '../support/postgres';
import { compiledServer, startServerProcess, stopProcess, type ServerProcess } from '../support/serverProcess';

const STAFF_TOKEN = 'scale-out-test-token-0123456789abcdef';

/** Figures the deployment guide quotes (docs/deploy.md); written to a git-ignored file. */
const REPORT = path.join(__dirname, 'reports', 'scaleOut.json');

/** Collects the server-sent ticket events of one instance's staff console. */
async function openConsoleEvents(base: string): Promise<{ events: { type: string; ticketId: string }[]; close: () => void }> {
  const controller = new AbortController();
  const response = await fetch(`${base}/staff/events`, {
    headers: { Authorization: `Bearer ${STAFF_TOKEN}`, Accept: 'text/event-stream' },
    signal: controller.signal,
  });
  const events: { type: string; ticketId: string }[] = [];
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const data = buffer.slice(0, end).split('\n').find((line) => line.startsWith('data: '));
          buffer = buffer.slice(end + 2);
          if (data) events.push(JSON.parse(data.slice(6)) as { type: string; ticketId: string });
        }
      }
    } catch {
      // aborted at the end of the test
    }
  })();
  return { events, close: () => controller.abort() };
}

async function waitFor<T>(what: string, check: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`tests: gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('Two instances on one PostgreSQL behind no sticky sessions', () => {
  let a: ServerProcess;
  let b: ServerProcess;
  let drop: () => Promise<void>;
  const dataDirs: string[] = [];

  beforeAll(async () => {
    if (!(await postgresAvailable())) throw new Error('tests: PostgreSQL is required for the scale-out test');
    const database = await createTestDatabase();
    drop = database.drop;
    const build = await compiledServer();
    const start = () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-scale-'));
      dataDirs.push(dataDir);
      return startServerProcess(build, { DATA_DIR: dataDir, DATABASE_URL: database.url, STAFF_API_TOKEN: STAFF_TOKEN });
    };
    // The first start runs the migrations; the second finds them done (the advisory lock covers a race).
    a = await start();
    b = await start();
  }, 300_000);

  afterAll(async () => {
    await Promise.all([a, b].filter(Boolean).map((server) => stopProcess(server, 'SIGTERM')));
    await drop?.();
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves one web chat conversation alternately from both, through escalation, a staff reply and a resolve, losing and duplicating nothing', async () => {
    const started = Date.now();
    const instances = [a, b];
    let turn = 0;
    const next = () => instances[turn++ % 2]!;

    // The page gets its token from A and starts the conversation on B.
    const token = await call<{ token: string; conversationId: string }>(`${a.url}/api/directline/token`, 'POST', { body: {} });
    expect(token.status).toBe(200);
    const conversationId = token.body.conversationId;
    const start = await call<{ streamUrl: string; token: string }>(`${b.url}/v3/directline/conversations`, 'POST', { token: token.body.token });
    expect(start.status).toBe(201);
    const userToken = start.body.token;

    // The supplier's stream is held by A; the staff consoles watch both instances.
    const streamOnA = await StreamClient.open(start.body.streamUrl.replace(new URL(b.url).host, new URL(a.url).host));
    const consoleA = await openConsoleEvents(a.url);
    const consoleB = await openConsoleEvents(b.url);

    const say = async (text: string) => {
      const server = next();
      const posted = await call<{ id: string }>(`${server.url}/v3/directline/conversations/${conversationId}/activities`, 'POST', {
        token: userToken,
        body: { type: 'message', from: { id: 'dl_scale_supplier' }, locale: 'en-US', text },
      });
      expect(posted.status).toBe(200);
      return posted.body.id;
    };
    const botTexts = () => streamOnA.activities.filter(isBotMessage).map((activity) => String(activity.text ?? ''));

    await waitFor('the welcome', () => botTexts().length > 0);
    await say('I want to talk to a human');
    await waitFor('the summary question', () => botTexts().length >= 3 || undefined, 20_000);
    await say('My invoices stopped showing after the customer changed something');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await say('supplier@example.com');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await say('yes');
    const ticketId = await waitFor('the ticket number', () => botTexts().join('\n').match(/PS-\d{6}/)?.[0], 20_000);

    // The ticket appears live in both consoles, whichever instance created it.
    await waitFor('the ticket on console A', () => consoleA.events.some((e) => e.ticketId === ticketId && e.type === 'ticket.created'));
    await waitFor('the ticket on console B', () => consoleB.events.some((e) => e.ticketId === ticketId && e.type === 'ticket.created'));

    // A staff reply made on B reaches the supplier's stream on A.
    const replyStarted = Date.now();
    const staffReply = await fetch(`${b.url}/api/handoff/tickets/${ticketId}/messages`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${STAFF_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'We are checking your invoices now.' }),
    });
    expect(staffReply.status).toBe(201);
    await waitFor('the staff reply on the stream', () => botTexts().some((t) => t.includes('We are checking your invoices now.')));
    const crossInstanceReplyMs = Date.now() - replyStarted;

    // Resolved on A; the supplier is told, and the bot answers the next question again.
    const resolved = await fetch(`${a.url}/api/handoff/tickets/${ticketId}/resolve`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${STAFF_TOKEN}` },
    });
    expect(resolved.status).toBe(200);
    const countBeforeQuestion = botTexts().length;
    await waitFor('the resolved notice', () => consoleB.events.some((e) => e.ticketId === ticketId && e.type === 'ticket.resolved'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await say('how do I change my bank details');
    await waitFor('the FAQ answer', () => botTexts().slice(countBeforeQuestion).some((t) => /ERP/.test(t)), 20_000);

    // Both instances return the same, complete conversation: every id once, in order.
    const everything = async (server: ServerProcess) =>
      (await call<{ activities: ClientActivity[] }>(`${server.url}/v3/directline/conversations/${conversationId}/activities`, 'GET', { token: userToken })).body
        .activities;
    // The answer turn sends more after the answer itself ("was this helpful?"): read once it has settled.
    let fromA = await everything(a);
    let fromB = await everything(b);
    for (let settled = 0; settled < 3; ) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const [nextA, nextB] = [await everything(a), await everything(b)];
      settled = nextA.length === fromA.length && nextB.length === fromB.length ? settled + 1 : 0;
      [fromA, fromB] = [nextA, nextB];
    }
    expect(fromB.map((x) => x.id)).toEqual(fromA.map((x) => x.id));
    expect(new Set(fromA.map((x) => x.id)).size).toBe(fromA.length);
    const userMessages = fromA.filter((x) => x.type === 'message' && x.from.role !== 'bot');
    expect(userMessages).toHaveLength(5);
    expect(fromA.filter((x) => String(x.text ?? '').includes('We are checking your invoices now.'))).toHaveLength(1);
    expect(fromA.filter(isBotMessage).filter((x) => String(x.text ?? '').includes(ticketId)).length).toBeGreaterThanOrEqual(1);

    // The stream on A saw each of those activities exactly once.
    await waitFor('the stream to catch up', () => streamOnA.activities.length >= fromA.length || undefined);
    const streamed = streamOnA.activities.map((x) => x.id);
    expect(new Set(streamed).size).toBe(streamed.length);
    expect(streamed).toEqual(fromA.map((x) => x.id));

    // The ticket has the supplier's and the staff's messages once each.
    const ticket = (await (await fetch(`${a.url}/api/handoff/tickets/${ticketId}`, { headers: { Authorization: `Bearer ${STAFF_TOKEN}` } })).json()) as {
      status: string;
      messages: { author: string; text: string }[];
    };
    expect(ticket.status).toBe('resolved');
    expect(ticket.messages.filter((m) => m.author === 'staff')).toHaveLength(1);

    await streamOnA.close();
    consoleA.close();
    consoleB.close();
    fs.mkdirSync(path.dirname(REPORT), { recursive: true });
    fs.writeFileSync(
      REPORT,
      JSON.stringify(
        {
          measuredAt: new Date().toISOString(),
          instances: 2,
          conversationActivities: fromA.length,
          userMessagesAlternated: userMessages.length,
          crossInstanceStaffReplyMs: crossInstanceReplyMs,
          wholeJourneyMs: Date.now() - started,
        },
        null,
        2,
      ),
    );
  }, 120_000);
});
