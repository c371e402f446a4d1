/**
 * Path parameters named after Object.prototype's members, and encoded slashes and dots, on the
 * routes that look a name up in a table (issue 13, finding 2: `/staff/assets/hasOwnProperty`
 * ended the process). The server runs as its own process so that a crash shows as one.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { compiledServer, startServerProcess, stopProcess, type ServerProcess } from '../../support/serverProcess';

const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);
const TRAVERSALS = ['..%2Fconsole.html', '%2e%2e%2fsign-in.html', '..%2F..%2F..%2Fpackage.json', '%2Fetc%2Fpasswd', '..', '%2e%2e', 'console.js%00', 'CONSOLE.JS'];
const ASSET_ROUTES = [
  { prefix: '/staff/assets/', real: 'console.js' },
  { prefix: '/staff/knowledge/assets/', real: 'knowledge.js' },
  { prefix: '/staff/analytics/assets/', real: 'analytics.js' },
  { prefix: '/chat/', real: 'chat.css' },
  { prefix: '/chat/i18n/', real: 'fr.json' },
];

/** A GET with the path sent exactly as written (fetch, and http.get given a URL, resolve `..` before sending). */
function rawGet(url: string, rawPath: string): Promise<{ status: number; type: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    http
      .get({ hostname, port, path: rawPath }, (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, type: String(response.headers['content-type'] ?? '') }));
      })
      .on('error', reject);
  });
}

describe('Prototype names and traversals in path parameters, against the server as a process', () => {
  let dataDir: string;
  let server: ServerProcess;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-prototype-'));
    server = await startServerProcess(await compiledServer(), { DATA_DIR: dataDir });
  }, 300_000);
  afterAll(async () => {
    if (server) await stopProcess(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  describe.each(ASSET_ROUTES)('$prefix:name', ({ prefix, real }) => {
    it.each(PROTOTYPE_NAMES)('answers %s with 404 JSON and stays up', async (name) => {
      const response = await fetch(`${server.url}${prefix}${name}`);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: 'not_found' });
      expect(server.child.exitCode).toBeNull();
    });

    it.each(TRAVERSALS)('answers %s with 404 and serves nothing from elsewhere', async (name) => {
      const response = await rawGet(server.url, `${prefix}${name}`);
      expect(response.status).toBe(404);
      expect(response.type).toMatch(/^application\/json/);
    });

    it(`still serves ${real}`, async () => {
      expect((await fetch(`${server.url}${prefix}${real}`)).status).toBe(200);
    });
  });

  it.each(PROTOTYPE_NAMES)('answers FAQ entry %s with 404, on the entry and its feedback', async (name) => {
    expect((await fetch(`${server.url}/api/faq/${name}`)).status).toBe(404);
    const feedback = await fetch(`${server.url}/api/faq/${name}/feedback`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ helpful: true, lang: 'fr' }),
    });
    expect(feedback.status).toBe(404);
  });

  afterEach(async () => {
    const health = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(1000) });
    expect(health.status).toBe(200);
  });
});
