import { PNG } from 'pngjs';
import { startApp, type RunningApp } from '../../support/app';

/** Browsers ask every page's icon: a 404 each time filled the console and the logs. */
describe('Icons', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(() => running.stop());

  it('serves /favicon.ico as a 32×32 PNG, cacheable', async () => {
    const response = await fetch(`${running.url}/favicon.ico`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('cache-control')).toContain('max-age=');
    const png = PNG.sync.read(Buffer.from(await response.arrayBuffer()));
    expect([png.width, png.height]).toEqual([32, 32]);
  });

  it.each(['/', '/widget', '/staff/sign-in'])('names an icon that answers on %s', async (page) => {
    const html = await (await fetch(`${running.url}${page}`)).text();
    const href = /<link rel="icon" href="([^"]+)" type="image\/svg\+xml">/.exec(html)?.[1];
    expect(href).toBeDefined();
    const icon = await fetch(`${running.url}${href}`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toContain('image/svg+xml');
  });
});
