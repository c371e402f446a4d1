import { startApp, type RunningApp } from '../../support/app';

describe('Lifecycle', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(() => running.stop());

  it('reports ready until it drains, then waits for the request in flight to finish', async () => {
    expect((await fetch(`${running.url}/readyz`)).status).toBe(200);
    // A bot turn in flight: a message whose replies go to a service URL that answers slowly.
    const slow = fetch(`${running.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: 'slow-1',
        text: 'bonjour',
        channelId: 'emulator',
        serviceUrl: 'http://127.0.0.1:9/',
        conversation: { id: 'drain-test' },
        from: { id: 'user-1' },
        recipient: { id: 'bot' },
      }),
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(running.app.lifecycle.requestsInFlight).toBeGreaterThanOrEqual(1);
    const drained = running.app.lifecycle.drain(running.app.server, 30_000);
    expect(running.app.lifecycle.ready).toBe(false);
    const response = await slow;
    expect(response.status).toBeLessThan(600);
    expect(await drained).toEqual({ drained: true });
  });
});
