import http from 'node:http';
import { AttemptLimit } from '../../../bot/rateLimits/attemptLimit';
import { StaffAccounts } from '../../../bot/staff/accounts';
import { startApp, type RunningApp } from '../../support/app';
import { addStaff, AGENT, postSignIn, setCookies, signIn, signInForm, TEST_SCRYPT_COST } from '../../support/staff';
import { newTicket } from '../handoff/fixtures';

describe('Staff console (/staff)', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp({}, { handoff: { send: async () => undefined, signInLimiter: new AttemptLimit(3, 60_000) } });
    await addStaff(running.app.database);
    await addStaff(running.app.database, { email: 'limited@example.com', name: 'Limited', password: 'limited password 123' });
  });
  afterAll(() => running.stop());

  describe('sign-in', () => {
    it('sends visitors who are not signed in to the sign-in page', async () => {
      const response = await fetch(`${running.url}/staff`, { redirect: 'manual' });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/staff/sign-in');
    });

    it('serves the sign-in form with a CSRF token, a strict cookie and a Content-Security-Policy', async () => {
      const response = await fetch(`${running.url}/staff/sign-in`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      const cookie = response.headers.getSetCookie().find((c) => c.startsWith('csp_staff_signin='));
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      expect(await response.text()).toMatch(/<input type="hidden" name="csrf" value="[\w-]{20,}">/);
    });

    it('signs an agent in with an HttpOnly, SameSite=Strict session cookie and opens the console', async () => {
      const response = await postSignIn(running.url, AGENT.email, AGENT.password);
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/staff');
      const cookie = response.headers.getSetCookie().find((c) => c.startsWith('csp_staff_session='))!;
      expect(cookie).toMatch(/; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Strict$/);
      const page = await fetch(`${running.url}/staff`, { headers: { Cookie: `csp_staff_session=${setCookies(response).csp_staff_session}` } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('Alice Agent');
      expect(html).toMatch(/<meta name="csrf-token" content="[\w-]{20,}">/);
    });

    it('accepts the email in any case and with spaces around it', async () => {
      expect((await postSignIn(running.url, '  Agent@Example.COM ', AGENT.password)).status).toBe(303);
    });

    it('refuses a wrong password with 401 and no session', async () => {
      const response = await postSignIn(running.url, AGENT.email, 'wrong password!!');
      expect(response.status).toBe(401);
      expect(await response.text()).toContain('Wrong email or password.');
      expect(setCookies(response).csp_staff_session).toBeUndefined();
    });

    it('refuses an unknown email exactly like a wrong password', async () => {
      const response = await postSignIn(running.url, 'nobody@example.com', AGENT.password);
      expect(response.status).toBe(401);
      expect(await response.text()).toContain('Wrong email or password.');
    });

    it('refuses a sign-in without the form CSRF token, even with the right password', async () => {
      const form = await signInForm(running.url);
      const noCookie = await postSignIn(running.url, AGENT.email, AGENT.password, { cookie: '', csrf: form.csrf });
      const wrongField = await postSignIn(running.url, AGENT.email, AGENT.password, { cookie: form.cookie, csrf: 'forged' });
      expect(noCookie.status).toBe(403);
      expect(wrongField.status).toBe(403);
      expect(setCookies(noCookie).csp_staff_session).toBeUndefined();
    });

    it('answers 429 with Retry-After once an email has failed too often from one address, even for the right password', async () => {
      for (let i = 0; i < 3; i++) expect((await postSignIn(running.url, 'limited@example.com', `wrong ${i} password`)).status).toBe(401);
      const blocked = await postSignIn(running.url, 'limited@example.com', 'limited password 123');
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(setCookies(blocked).csp_staff_session).toBeUndefined();
      // Another account from the same address is not blocked.
      expect((await postSignIn(running.url, AGENT.email, AGENT.password)).status).toBe(303);
    });

    it('escapes what it puts back into the page', async () => {
      const response = await postSignIn(running.url, '"><script>alert(1)</script>@x.io', 'whatever password');
      const html = await response.text();
      expect(html).not.toContain('<script>alert(1)</script>');
      expect(html).toContain('&#60;script&#62;');
    });
  });

  describe('sign-out', () => {
    it('refuses to sign out without the CSRF token and keeps the session', async () => {
      const session = await signIn(running.url);
      const response = await fetch(`${running.url}/staff/sign-out`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Cookie: session.cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'csrf=forged',
      });
      expect(response.status).toBe(403);
      expect((await fetch(`${running.url}/api/handoff/tickets`, { headers: { Cookie: session.cookie } })).status).toBe(200);
    });

    it('signs out: the cookie is cleared and the session no longer works', async () => {
      const session = await signIn(running.url);
      const response = await fetch(`${running.url}/staff/sign-out`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Cookie: session.cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf: session.csrf }).toString(),
      });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/staff/sign-in');
      expect(response.headers.getSetCookie().find((c) => c.startsWith('csp_staff_session='))).toMatch(/Max-Age=0/);
      expect((await fetch(`${running.url}/api/handoff/tickets`, { headers: { Cookie: session.cookie } })).status).toBe(401);
      expect((await fetch(`${running.url}/staff`, { redirect: 'manual', headers: { Cookie: session.cookie } })).status).toBe(303);
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

describe('Staff sessions behind TLS', () => {
  it('marks cookies Secure when PUBLIC_URL is https', async () => {
    const running = await startApp({ PUBLIC_URL: 'https://assistant.example.com' });
    try {
      await addStaff(running.app.database);
      const response = await postSignIn(running.url, AGENT.email, AGENT.password);
      expect(response.headers.getSetCookie().find((c) => c.startsWith('csp_staff_session='))).toMatch(/; Secure$/);
    } finally {
      await running.stop();
    }
  });
});

describe('StaffAccounts', () => {
  it('stores an scrypt hash with its own salt, never the password', async () => {
    const running = await startApp();
    try {
      const accounts = new StaffAccounts(running.app.database);
      await accounts.upsert('one@example.com', 'One', 'the same password', TEST_SCRYPT_COST);
      await accounts.upsert('two@example.com', 'Two', 'the same password', TEST_SCRYPT_COST);
      const rows = await running.app.database.all<{ password_hash: string }>('SELECT password_hash FROM staff_users ORDER BY id');
      expect(rows.map((r) => r.password_hash.split('$')[0])).toEqual(['scrypt', 'scrypt']);
      expect(rows[0]!.password_hash).not.toBe(rows[1]!.password_hash);
      expect(rows.some((r) => r.password_hash.includes('the same password'))).toBe(false);
      expect(await accounts.authenticate('one@example.com', 'the same password')).toMatchObject({ email: 'one@example.com' });
      expect(await accounts.authenticate('one@example.com', 'the same passworD')).toBeUndefined();
    } finally {
      await running.stop();
    }
  });

  it('refuses short passwords and malformed emails', async () => {
    const running = await startApp();
    try {
      const accounts = new StaffAccounts(running.app.database);
      await expect(accounts.upsert('a@example.com', 'A', 'short', TEST_SCRYPT_COST)).rejects.toThrow('staff: the password must be at least 12 characters');
      await expect(accounts.upsert('not-an-email', 'A', 'long enough password', TEST_SCRYPT_COST)).rejects.toThrow('is not an email address');
    } finally {
      await running.stop();
    }
  });

  it('signs out every session of an account whose password is changed', async () => {
    const running = await startApp();
    try {
      const accounts = new StaffAccounts(running.app.database);
      const { member } = await accounts.upsert('c@example.com', 'C', 'first password 1', TEST_SCRYPT_COST);
      const { token } = await accounts.openSession(member);
      expect(await accounts.session(token)).toBeDefined();
      await accounts.upsert('c@example.com', 'C', 'second password 2', TEST_SCRYPT_COST);
      expect(await accounts.session(token)).toBeUndefined();
    } finally {
      await running.stop();
    }
  });
});
