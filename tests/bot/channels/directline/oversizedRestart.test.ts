import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import WebSocket from 'ws';
import { call, pollUntil, type ClientActivity } from '../../../support/directline';
import { compiledServer, startServerProcess, stopProcess, type ServerProcess } from '../../../support/serverProcess';

/** Rows as large as the ones issue 13 left behind would add up to this many characters. */
const ROWS = 30;
const ROW_CHARS = 4 * 1024 * 1024;
const READERS = 12;
/** The server runs with --max-old-space-size=256: a resident size above this is a leak or a near-crash. */
const RSS_BUDGET_BYTES = 300 * 1024 * 1024;

let BUILD_DIR = '';

function rss(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

/** A stream that is opened and never read from (a slow client), closed by the caller. */
function idleStream(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => {
      (socket as unknown as { _socket: { pause(): void } })._socket.pause();
      resolve(socket);
    });
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    socket.once('error', reject);
  });
}

/**
 * Issue 13, finding 3: activities of hundreds of KB stayed in the database, and the same reads
 * crashed the restarted server again. Rows far over the caps are written straight into the
 * database here (as an older version let them in), then the server restarts and a dozen clients
 * read the conversation at once.
 */
describe('Direct Line: oversized activities already stored, after a restart', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-dl-oversized-'));
    BUILD_DIR = await compiledServer();
  }, 600_000);
  afterAll(async () => {
    if (server) await stopProcess(server, 'SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the conversation without them, within its memory budget, and stays up', async () => {
    server = await startServerProcess(BUILD_DIR, { DATA_DIR: dataDir });
    const { token, conversationId } = (await call(`${server.url}/api/directline/token`, 'POST')).body as { token: string; conversationId: string };
    let domain = `${server.url}/v3/directline`;
    expect((await call(`${domain}/conversations`, 'POST', { token, body: { locale: 'en-US' } })).status).toBe(201);
    await pollUntil(domain, conversationId, token, (seen) => seen.some((a) => a.from.role === 'bot'));
    await stopProcess(server, 'SIGTERM');

    const db = new BetterSqlite3(path.join(dataDir, 'assistant.sqlite'));
    const { sequence } = db.prepare('SELECT sequence FROM directline_conversations WHERE id = ?').get(conversationId) as { sequence: number };
    const insert = db.prepare('INSERT INTO directline_activities (conversation_id, seq, activity) VALUES (?, ?, ?)');
    const filler = 'x'.repeat(ROW_CHARS);
    db.transaction(() => {
      for (let n = 1; n <= ROWS; n++) {
        const seq = sequence + n;
        const activity = { id: `${conversationId}|${String(seq).padStart(7, '0')}`, type: 'message', text: 'hi', from: { id: 'dl_x', role: 'user' }, channelData: { filler } };
        insert.run(conversationId, seq, JSON.stringify(activity));
      }
      db.prepare('UPDATE directline_conversations SET sequence = ? WHERE id = ?').run(sequence + ROWS, conversationId);
    })();
    db.close();

    server = await startServerProcess(BUILD_DIR, { DATA_DIR: dataDir });
    domain = `${server.url}/v3/directline`;
    const streamUrls: string[] = [];
    for (let n = 0; n < 3; n++) {
      streamUrls.push((await call(`${domain}/conversations/${conversationId}?watermark=`, 'GET', { token })).body.streamUrl as string);
    }
    const streams = await Promise.all(streamUrls.map(idleStream));
    const reads = await Promise.all(
      Array.from({ length: READERS }, () =>
        call<{ activities: ClientActivity[]; watermark: string }>(`${domain}/conversations/${conversationId}/activities`, 'GET', { token }),
      ),
    );
    for (const stream of streams) stream.terminate();

    expect(server.child.exitCode).toBeNull();
    expect(rss(server.child.pid!)).toBeLessThan(RSS_BUDGET_BYTES);
    for (const read of reads) {
      expect(read.status).toBe(200);
      expect(JSON.stringify(read.body).length).toBeLessThan(1024 * 1024);
      expect(read.body.activities.every((a) => a.channelData?.filler === undefined)).toBe(true);
      expect(read.body.activities.some((a) => a.from.role === 'bot')).toBe(true);
    }
    // Page by page to the end: the watermark moves past the rows that are skipped.
    let watermark = '';
    for (let page = 0; page < 5 && watermark !== String(sequence + ROWS); page++) {
      watermark = (await call(`${domain}/conversations/${conversationId}/activities?watermark=${watermark}`, 'GET', { token })).body.watermark;
    }
    expect(watermark).toBe(String(sequence + ROWS));
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
  }, 180_000);
});
