import { startApp, type RunningApp } from '../../support/app';

/**
 * A bug in a handler (a plain Error thrown in an async handler) answers 500 with a fixed message:
 * the error's own text can name a table, a file or a secret, and belongs in the log only. Every
 * route handler here is async (restify insists on it for two-argument handlers); the few
 * synchronous pre-handlers in bot/http only read headers, since restify has no net for a
 * synchronous throw short of its deprecated domain-based handleUncaughtExceptions.
 */
describe('Server › unexpected errors', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp();
    running.app.server.get('/test/throws', async () => {
      throw new Error('secret detail: /var/lib/db password=hunter2');
    });
    running.app.server.get('/test/rejects', async () => {
      await Promise.resolve();
      throw new Error('secret detail: /var/lib/db password=hunter2');
    });
  });
  afterAll(() => running.stop());

  it.each(['/test/throws', '/test/rejects'])('answers %s with 500 and a message that tells nothing of the error', async (route) => {
    const response = await fetch(`${running.url}${route}`);
    expect(response.status).toBe(500);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({ error: 'internal_error', message: 'server: the request could not be completed' });
    expect(JSON.stringify(body)).not.toContain('secret');
  });

  it('keeps serving after the errors', async () => {
    const response = await fetch(`${running.url}/healthz`);
    expect(response.status).toBe(200);
  });
});
