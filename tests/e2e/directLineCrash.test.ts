import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { call, pollUntil, type ClientActivity } from '../support/directline';
import { compiledServer, startServerProcess, stopProcess, type ServerProcess } from '../support/serverProcess';

const TOKEN = 'crash-test-token-0123456789abcdef';

let BUILD_DIR = '';

function startServer(dataDir: string): Promise<ServerProcess> {
  return startServerProcess(BUILD_DIR, { DATA_DIR: dataDir, STAFF_API_TOKEN: TOKEN });
}

const botTexts = (activities: ClientActivity[]) => activities.filter((a) => a.type === 'message' && a.from.role === 'bot').map((a) => a.text ?? '');

/**
 * Issue 13, finding 8: a Direct Line POST is answered 200 before its turn runs. Killed with
 * SIGKILL at that moment, the server used to keep the message and never answer it: the user
 * had confirmed the escalation and no ticket was ever made.
 */
describe('Direct Line durability: a server killed with SIGKILL right after the 200', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-dl-crash-'));
    BUILD_DIR = await compiledServer();
  }, 300_000);
  afterAll(async () => {
    if (server) await stopProcess(server, 'SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const tickets = async (base: string) =>
    (await (await fetch(`${base}/api/handoff/tickets`, { headers: { Authorization: `Bearer ${TOKEN}` } })).json()) as {
      tickets: Array<{ id: string; conversationId: string; summary: string; contact: string }>;
    };

  it('still answers the confirmation after a restart, with exactly one ticket', async () => {
    server = await startServer(dataDir);
    const credentials = (await call(`${server.url}/api/directline/token`, 'POST')).body as { token: string; conversationId: string };
    let domain = `${server.url}/v3/directline`;
    const { conversationId, token } = credentials;
    expect((await call(`${domain}/conversations`, 'POST', { token, body: { locale: 'en-US' } })).status).toBe(201);
    const post = (text: string) => call(`${domain}/conversations/${conversationId}/activities`, 'POST', { token, body: { type: 'message', text, locale: 'en-US' } });

    expect((await post('I want to talk to a human')).status).toBe(200);
    await pollUntil(domain, conversationId, token, (seen) => botTexts(seen).some((text) => /summary|one line|sentence/i.test(text)));
    // A supplier typing fast: summary, e-mail and confirmation sent before the bot has answered
    // the first; each is acknowledged with 200 before its turn runs, and the server dies then.
    expect((await post('Invoices rejected since Monday')).status).toBe(200);
    expect((await post('supplier@example.com')).status).toBe(200);
    const confirmed = await post('yes');
    expect(confirmed.status).toBe(200);
    await stopProcess(server, 'SIGKILL');

    server = await startServer(dataDir);
    domain = `${server.url}/v3/directline`;
    const { activities } = await pollUntil(domain, conversationId, token, (seen) => botTexts(seen).some((text) => /PS-\d{6}/.test(text)), '', 30_000);
    const ticketId = botTexts(activities).join('\n').match(/PS-\d{6}/)![0];
    const mine = (await tickets(server.url)).tickets.filter((ticket) => ticket.conversationId === conversationId);
    expect(mine).toEqual([expect.objectContaining({ id: ticketId, summary: 'Invoices rejected since Monday', contact: 'supplier@example.com' })]);

    // Nothing is run twice: after another restart, still one ticket and one confirmation.
    await stopProcess(server, 'SIGTERM');
    server = await startServer(dataDir);
    domain = `${server.url}/v3/directline`;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await tickets(server.url)).tickets.filter((ticket) => ticket.conversationId === conversationId)).toHaveLength(1);
    const all = await pollUntil(domain, conversationId, token, () => true);
    expect(botTexts(all.activities).filter((text) => text.includes(ticketId))).toHaveLength(1);
  }, 180_000);
});
