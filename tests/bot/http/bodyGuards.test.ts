import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../../bot/app';
import { loadConfig } from '../../../bot/config';
import { applyHttpTimeouts, DEFAULT_HTTP_TIMEOUTS, jsonDepth } from '../../../bot/http/bodyGuards';
import { createLogger } from '../../../bot/logger';
import { listen } from '../../../bot/server';
import { startApp } from '../../support/app';

describe('jsonDepth', () => {
  it.each([
    ['1', 0],
    ['{}', 1],
    ['{"a":[1,{"b":[]}]}', 4],
    ['["[[[[", "{{{{"]', 1],
    ['["\\"[[[", {"a": "\\\\"}]', 2],
    ['[[],[],[[]]]', 3],
  ])('measures %s as %i deep, brackets inside strings left out', (text, depth) => {
    expect(jsonDepth(text)).toBe(depth);
  });
});

const STAFF_TOKEN = 'timeouts-test-staff-token-0123456789';

describe('HTTP timeouts', () => {
  it("lets a client 15 s for its headers and 30 s for its whole request, not Node's 60 s and 5 minutes", async () => {
    const running = await startApp();
    try {
      expect(running.app.server.server.headersTimeout).toBe(DEFAULT_HTTP_TIMEOUTS.headersMs);
      expect(running.app.server.server.requestTimeout).toBe(DEFAULT_HTTP_TIMEOUTS.requestMs);
      expect(DEFAULT_HTTP_TIMEOUTS).toEqual({ headersMs: 15_000, requestMs: 30_000, checkEveryMs: 1_000 });
    } finally {
      await running.stop();
    }
  });

  describe('with the limits shortened', () => {
    let app: App;
    let dataDir: string;
    let port: number;
    beforeAll(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-timeouts-'));
      const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, STAFF_API_TOKEN: STAFF_TOKEN });
      app = await createApp(config, createLogger('silent'));
      applyHttpTimeouts(app.server.server, { headersMs: 400, requestMs: 800, checkEveryMs: 100 });
      port = await listen(app.server, 0, '127.0.0.1');
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => app.server.close(() => resolve()));
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    /** Opens a socket, writes `start`, then a byte every 100 ms; resolves with what came back when the server closed it. */
    function slowClient(start: string): Promise<{ answer: string; heldMs: number }> {
      return new Promise((resolve, reject) => {
        const opened = Date.now();
        const socket = net.connect(port, '127.0.0.1', () => socket.write(start));
        let answer = '';
        const drip = setInterval(() => socket.writable && socket.write('a'), 100);
        const giveUp = setTimeout(() => {
          socket.destroy();
          reject(new Error('the server kept a slow client for 5 s'));
        }, 5000);
        socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
        socket.on('error', () => undefined);
        socket.on('close', () => {
          clearInterval(drip);
          clearTimeout(giveUp);
          resolve({ answer, heldMs: Date.now() - opened });
        });
      });
    }

    it('closes a client that never finishes its headers (slowloris) with 408', async () => {
      const { answer, heldMs } = await slowClient('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ');
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      expect(heldMs).toBeLessThan(3000);
    });

    it('closes a client that trickles its body with 408', async () => {
      const { answer, heldMs } = await slowClient(
        'POST /api/faq/check-customer-connection/feedback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"a":"',
      );
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      expect(heldMs).toBeLessThan(3000);
    });

    it('leaves a response that lasts longer open: an event stream outlives the request limit', async () => {
      const controller = new AbortController();
      const response = await fetch(`http://127.0.0.1:${port}/staff/events`, {
        headers: { Accept: 'text/event-stream', Authorization: `Bearer ${STAFF_TOKEN}` },
        signal: controller.signal,
      });
      expect(response.status).toBe(200);
      const reader = response.body!.getReader();
      await reader.read();
      const closedEarly = await Promise.race([
        reader.read().then(({ done }) => done, () => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2000)),
      ]);
      expect(closedEarly).toBe(false);
      controller.abort();
    });
  });
});
