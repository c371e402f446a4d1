import { startApp, type RunningApp } from '../../support/app';

describe('Security headers', () => {
  describe('behind TLS (PUBLIC_URL is https://)', () => {
    let running: RunningApp;
    beforeAll(async () => {
      running = await startApp({ PUBLIC_URL: 'https://assistant.example.com' });
    });
    afterAll(() => running.stop());

    it.each(['/healthz', '/', '/widget', '/staff/sign-in', '/no/such/page'])('sends Strict-Transport-Security on %s', async (page) => {
      const response = await fetch(`${running.url}${page}`, { redirect: 'manual' });
      expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000');
    });
  });

  describe('over plain HTTP (no PUBLIC_URL, or an http:// one)', () => {
    let running: RunningApp;
    beforeAll(async () => {
      running = await startApp({ PUBLIC_URL: 'http://localhost:3978' });
    });
    afterAll(() => running.stop());

    it('sends no Strict-Transport-Security, which would pin the name to HTTPS that is not there', async () => {
      const response = await fetch(`${running.url}/healthz`);
      expect(response.headers.get('strict-transport-security')).toBeNull();
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('keeps staff pages out of frames and to their own scripts', async () => {
      for (const page of ['/staff/sign-in', '/staff/assets/console.js', '/staff/assets/constructor']) {
        const response = await fetch(`${running.url}${page}`);
        expect(response.headers.get('x-frame-options')).toBe('DENY');
        expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      }
    });

    it('lets the chat page and the widget demo be framed by their own origin, with a policy, and never with DENY', async () => {
      for (const page of ['/', '/widget']) {
        const response = await fetch(`${running.url}${page}`);
        expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
        expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
        expect(response.headers.get('x-frame-options')).toBeNull();
      }
    });
  });
});
