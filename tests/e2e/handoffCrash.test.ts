import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../knowledge/paths';
import { startReceiver } from '../support/receiver';
import { compiledServer, startServerProcess, stopProcess, type ServerProcess } from '../support/serverProcess';

const ROOT = projectRoot();
const TOKEN = 'crash-test-token-0123456789abcdef';
const STAFF = { email: 'night.shift@example.com', name: 'Night Shift', password: 'a long enough password' };

let BUILD_DIR = '';

interface Server {
  readonly url: string;
  readonly child: ServerProcess['child'];
}

function startServer(dataDir: string): Promise<Server> {
  return startServerProcess(BUILD_DIR, { DATA_DIR: dataDir, STAFF_API_TOKEN: TOKEN });
}

function killHard(server: Server): Promise<void> {
  return stopProcess(server as ServerProcess, 'SIGKILL');
}

/** `npm run staff:add` as an operator runs it, with the password on stdin. */
function staffAdd(dataDir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(BUILD_DIR, 'scripts', 'staffAdd.js'), '--email', STAFF.email, '--name', STAFF.name],
      { cwd: ROOT, env: { PATH: process.env.PATH, DATA_DIR: dataDir }, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`staff:add exited with ${code}: ${output}`))));
    child.stdin.end(`${STAFF.password}\n`);
  });
}

describe('Handoff durability: a server killed with SIGKILL', () => {
  let dataDir: string;
  let channel: Awaited<ReturnType<typeof startReceiver>>;
  let server: Server | undefined;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-crash-'));
    channel = await startReceiver();
    BUILD_DIR = await compiledServer();
  }, 300_000);
  afterAll(async () => {
    if (server) await killHard(server);
    await channel?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Sends a user message to /api/messages as a channel would; the bot's replies go to the capture server. */
  async function say(base: string, conversationId: string, text: string): Promise<string[]> {
    const before = channel.received.length;
    const response = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: randomBytes(6).toString('hex'),
        channelId: 'webchat',
        serviceUrl: channel.url,
        conversation: { id: conversationId },
        from: { id: `user-${conversationId}`, name: 'Supplier' },
        recipient: { id: 'bot', name: 'CSP assistant' },
        locale: 'en-US',
        text,
        timestamp: new Date().toISOString(),
      }),
    });
    expect(response.status).toBeLessThan(300);
    return channel.received.slice(before).map((r) => String((JSON.parse(r.body) as { text?: string }).text ?? ''));
  }

  /** Goes through the escalation dialog and returns the ticket number the bot gives. */
  async function escalate(base: string, conversationId: string, summary: string): Promise<string> {
    const replies = [
      ...(await say(base, conversationId, 'I want to talk to a human')),
      ...(await say(base, conversationId, summary)),
      ...(await say(base, conversationId, 'supplier@example.com')),
      ...(await say(base, conversationId, 'yes')),
    ];
    const ticketId = replies.join('\n').match(/PS-\d{6}/)?.[0];
    if (!ticketId) throw new Error(`tests: no ticket number in the bot's replies:\n${replies.join('\n')}`);
    return ticketId;
  }

  const api = (base: string, method: string, apiPath: string, body?: unknown) =>
    fetch(`${base}${apiPath}`, {
      method,
      headers: { Authorization: `Bearer ${TOKEN}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });

  it('still has every ticket, message, status and staff session after a restart', async () => {
    expect(await staffAdd(dataDir)).toContain(`staff:add: created ${STAFF.email}`);
    server = await startServer(dataDir);

    const first = await escalate(server.url, 'crash-conv-1', 'My invoices do not show');
    const second = await escalate(server.url, 'crash-conv-2', 'Two-factor code never arrives');
    expect(await say(server.url, 'crash-conv-1', 'Any news? I need this today')).toEqual([expect.stringContaining(first)]);
    expect((await api(server.url, 'POST', `/api/handoff/tickets/${first}/messages`, { text: 'Looking at it now.' })).status).toBe(201);
    expect((await api(server.url, 'POST', `/api/handoff/tickets/${second}/resolve`)).status).toBe(200);

    // A staff session opened before the crash (through the sign-in form).
    const form = await fetch(`${server.url}/staff/sign-in`);
    const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())![1]!;
    const signInCookie = form.headers.getSetCookie()[0]!.split(';')[0]!;
    const signedIn = await fetch(`${server.url}/staff/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: signInCookie },
      body: new URLSearchParams({ csrf, email: STAFF.email, password: STAFF.password }).toString(),
    });
    expect(signedIn.status).toBe(303);
    const session = signedIn.headers.getSetCookie().find((c) => c.startsWith('csp_staff_session='))!.split(';')[0]!;

    const before = await (await api(server.url, 'GET', `/api/handoff/tickets/${first}`)).json();
    await killHard(server);
    server = await startServer(dataDir);

    const after = await (await api(server.url, 'GET', `/api/handoff/tickets/${first}`)).json();
    expect(after).toEqual(before);
    expect(after).toMatchObject({
      status: 'claimed',
      summary: 'My invoices do not show',
      contact: 'supplier@example.com',
      conversationId: 'crash-conv-1',
      messages: [
        { author: 'user', text: 'Any news? I need this today' },
        { author: 'staff', text: 'Looking at it now.' },
      ],
    });
    expect(after.transcript.length).toBeGreaterThan(0);
    const resolved = await (await api(server.url, 'GET', '/api/handoff/tickets?status=resolved')).json();
    expect(resolved.tickets.map((t: { id: string }) => t.id)).toEqual([second]);
    expect((await fetch(`${server.url}/api/handoff/tickets`, { headers: { Cookie: session } })).status).toBe(200);

    // And it goes on working: the staff reply after the restart reaches the same conversation.
    const count = channel.received.length;
    expect((await api(server.url, 'POST', `/api/handoff/tickets/${first}/messages`, { text: 'Fixed on our side.' })).status).toBe(201);
    const delivered = channel.received.slice(count).map((r) => JSON.parse(r.body) as { text: string; conversation: { id: string } });
    expect(delivered).toEqual([expect.objectContaining({ text: 'Premium support: Fixed on our side.', conversation: expect.objectContaining({ id: 'crash-conv-1' }) })]);
  }, 180_000);
});
