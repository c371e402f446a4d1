import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../../../bot/app';
import { loadConfig } from '../../../../bot/config';
import { createLogger } from '../../../../bot/logger';
import { listen } from '../../../../bot/server';
import { startApp, type RunningApp } from '../../../support/app';
import { call } from '../../../support/directline';

const SECRET = 'azure-direct-line-secret-value-123456';

/** A stand-in for Azure's Direct Line: records token requests and answers like the real one. */
async function fakeDirectLine(...statuses: number[]) {
  const requests: Array<{ url: string; authorization?: string; body: string }> = [];
  const server = http.createServer((req, res) => {
    const status = statuses[requests.length] ?? 200;
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      requests.push({ url: req.url ?? '', authorization: req.headers.authorization, body });
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(status === 200 ? JSON.stringify({ conversationId: 'AzureConv123', token: 'azure.conversation.token', expires_in: 1800 }) : '{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v3/directline`;
  return { requests, endpoint, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('web chat', () => {
  describe('POST /api/directline/token without DIRECT_LINE_SECRET', () => {
    let running: RunningApp;
    beforeAll(async () => {
      running = await startApp();
    });
    afterAll(async () => {
      await running.stop();
    });

    it('mints a token for the built-in endpoint at this server\'s address', async () => {
      const answer = await call(`${running.url}/api/directline/token`, 'POST');
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        token: expect.any(String),
        conversationId: expect.any(String),
        expires_in: 1800,
        domain: `${running.url}/v3/directline`,
        resume: expect.any(String),
        resume_expires_in: 7 * 24 * 3600,
      });
    });

    // Issue 13: the token endpoint used to take the user id the caller asked for, so a stranger
    // could act as anyone's id. The server chooses it now; what pages of earlier versions send is ignored.
    it.each([['a dl_ id', 'dl_returning_user'], ['an id without the dl_ prefix', 'user-1234567'], ['an id that is not a string', 12]])(
      'never takes the user id the caller asks for (%s): a new dl_ id each time',
      async (_name, userId) => {
        const answer = await call(`${running.url}/api/directline/token`, 'POST', { body: { userId } });
        expect(answer.status).toBe(200);
        const claims = JSON.parse(Buffer.from(answer.body.token.split('.')[1], 'base64url').toString());
        expect(claims.user).toMatch(/^dl_[A-Za-z0-9_-]{16}$/);
        expect(claims.user).not.toBe(userId);
        expect(claims.conv).toBe(answer.body.conversationId);
      },
    );
  });

  describe('POST /api/directline/token with DIRECT_LINE_SECRET', () => {
    it('exchanges the secret with Direct Line and returns its token and domain, never the secret', async () => {
      const azure = await fakeDirectLine();
      const running = await startApp({ DIRECT_LINE_SECRET: SECRET, DIRECT_LINE_ENDPOINT: azure.endpoint });
      try {
        const answer = await call(`${running.url}/api/directline/token`, 'POST', { body: { userId: 'dl_returning_user' } });
        const page = await fetch(`${running.url}/`).then((response) => response.text());
        expect(answer.status).toBe(200);
        expect(answer.body).toEqual({ token: 'azure.conversation.token', conversationId: 'AzureConv123', expires_in: 1800, domain: azure.endpoint });
        // Azure chooses the user id: the one the caller asked for is not passed on (issue 13).
        expect(azure.requests).toEqual([{ url: '/v3/directline/tokens/generate', authorization: `Bearer ${SECRET}`, body: '{}' }]);
        expect(JSON.stringify(answer.body)).not.toContain(SECRET);
        expect(page).not.toContain(SECRET);
      } finally {
        await running.stop();
        await azure.close();
      }
    });

    it('never writes the secret to the logs, even at trace level and when Direct Line fails', async () => {
      const azure = await fakeDirectLine(200, 500);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-test-'));
      const lines: string[] = [];
      const config = loadConfig({
        NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DIRECT_LINE_SECRET: SECRET, DIRECT_LINE_ENDPOINT: azure.endpoint,
      });
      const app = await createApp(config, createLogger('trace', { write: (line: string) => void lines.push(line) }));
      const port = await listen(app.server, 0, '127.0.0.1');
      try {
        const ok = await call(`http://127.0.0.1:${port}/api/directline/token`, 'POST');
        const failed = await call(`http://127.0.0.1:${port}/api/directline/token`, 'POST');
        expect([ok.status, failed.status]).toEqual([200, 502]);
        expect(lines.join('\n')).toContain('web chat: no Direct Line token');
        expect(lines.join('\n')).not.toContain(SECRET);
      } finally {
        await new Promise<void>((resolve) => app.server.close(() => resolve()));
        await app.close();
        await azure.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });

    it('answers 502 without the secret when Direct Line refuses', async () => {
      const azure = await fakeDirectLine(403);
      const running = await startApp({ DIRECT_LINE_SECRET: SECRET, DIRECT_LINE_ENDPOINT: azure.endpoint });
      try {
        const answer = await call(`${running.url}/api/directline/token`, 'POST');
        expect(answer.status).toBe(502);
        expect(answer.body.error).toBe('directline_unavailable');
        expect(JSON.stringify(answer.body)).not.toContain(SECRET);
      } finally {
        await running.stop();
        await azure.close();
      }
    });
  });

  describe('the page', () => {
    let running: RunningApp;
    beforeAll(async () => {
      running = await startApp();
    });
    afterAll(async () => {
      await running.stop();
    });

    it('serves the chat page with a Content-Security-Policy allowing only this server', async () => {
      const response = await fetch(`${running.url}/`);
      const html = await response.text();
      const policy = response.headers.get('content-security-policy') ?? '';
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(policy).toContain("script-src 'self'");
      expect(policy).toContain("default-src 'none'");
      expect(policy).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\d+/);
      expect(html).toContain('<script src="/assets/webchat.js"></script>');
      expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    });

    it('serves Web Chat from the installed package', async () => {
      const response = await fetch(`${running.url}/assets/webchat.js`);
      const script = await response.text();
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/javascript/);
      expect(script).toContain('createDirectLine');
    });

    it('serves the texts in French and English with the same keys', async () => {
      const fr = await call(`${running.url}/chat/i18n/fr.json`, 'GET');
      const en = await call(`${running.url}/chat/i18n/en.json`, 'GET');
      expect(Object.keys(fr.body).sort()).toEqual(Object.keys(en.body).sort());
      expect(fr.body.restart).toBe('Nouvelle conversation');
      expect(en.body.restart).toBe('New conversation');
    });

    it('serves nothing else from the page folder', async () => {
      const answers = await Promise.all(['/chat/routes.ts', '/chat/index.html', '/chat/i18n/de.json', '/chat/..%2Froutes.ts'].map((path) => fetch(`${running.url}${path}`)));
      expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404, 404]);
    });
  });
});
