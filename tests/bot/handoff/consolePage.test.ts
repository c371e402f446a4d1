import http from 'node:http';
import { startApp, type RunningApp } from '../../support/app';
import { addStaff, signIn } from '../../support/staff';
import { newTicket } from './fixtures';

describe('Staff console (/staff)', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp({}, { handoff: { send: async () => undefined } });
    await addStaff(running.app.database);
  });
  afterAll(() => running.stop());

  describe('page', () => {
    it('sends visitors who are not signed in to the sign-in page', async () => {
      const response = await fetch(`${running.url}/staff`, { redirect: 'manual' });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/staff/sign-in');
    });
  });

  describe('assets', () => {
    it('serves the console script and styles from the same origin', async () => {
      const script = await fetch(`${running.url}/staff/assets/console.js`);
      expect(script.status).toBe(200);
      expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect(await script.text()).not.toContain('innerHTML');
      expect((await fetch(`${running.url}/staff/assets/console.css`)).headers.get('content-type')).toMatch(/^text\/css/);
    });

    it('serves nothing else from the assets folder', async () => {
      for (const name of ['console.html', 'sign-in.html', '..%2Fconsole.ts', 'nope.js']) {
        expect((await fetch(`${running.url}/staff/assets/${name}`)).status).toBe(404);
      }
    });
  });

  describe('live events (/staff/events)', () => {
    it('refuses a visitor who is not signed in with 401', async () => {
      expect((await fetch(`${running.url}/staff/events`)).status).toBe(401);
    });

    it('streams a ticket event to a signed-in agent when a ticket is created', async () => {
      const session = await signIn(running.url);
      const received = await new Promise<string>((resolve, reject) => {
        const request = http.get(`${running.url}/staff/events`, { headers: { Cookie: session.cookie } }, (response) => {
          expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
          let data = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            data += chunk;
            if (data.includes('event: ticket')) {
              request.destroy();
              resolve(data);
            }
          });
          void running.app.handoff.openTicket(newTicket({ summary: 'live one' }));
        });
        request.on('error', reject);
      });
      const line = received.split('\n').find((l) => l.startsWith('data: '))!;
      expect(JSON.parse(line.slice(6))).toMatchObject({ type: 'ticket.created', status: 'open', ticketId: expect.stringMatching(/^PS-/) });
    });
  });
});

describe('Staff console event streams on shutdown', () => {
  it('end when the server closes, so closing does not wait for the browsers', async () => {
    const running = await startApp();
    await addStaff(running.app.database);
    const session = await signIn(running.url);
    const ended = new Promise<void>((resolve, reject) => {
      const request = http.get(`${running.url}/staff/events`, { headers: { Cookie: session.cookie } }, (response) => {
        response.resume();
        response.on('end', () => resolve());
      });
      request.on('error', reject);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await running.stop();
    await ended;
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
