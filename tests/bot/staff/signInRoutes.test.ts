import { AttemptLimit } from '../../../bot/rateLimits/attemptLimit';
import { startApp, type RunningApp } from '../../support/app';
import { addStaff, AGENT, postSignIn, setCookies, signIn, signInForm } from '../../support/staff';

describe('Staff sign-in (/staff/sign-in, /staff/sign-out)', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp({}, { handoff: { send: async () => undefined }, staff: { signInLimiter: new AttemptLimit(3, 60_000) } });
    await addStaff(running.app.database);
    await addStaff(running.app.database, { email: 'limited@example.com', name: 'Limited', password: 'limited password 123' });
  });
  afterAll(() => running.stop());

  describe('sign-in', () => {
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
      expect(cookie).toMatch(/; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Strict$/);
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
});

describe('Staff sessions behind TLS', () => {
  it('marks cookies Secure when PUBLIC_URL is https', async () => {
    const running = await startApp({ PUBLIC_URL: 'https://assistant.example.com' });
    try {
      await addStaff(running.app.database);
      const response = await postSignIn(running.url, AGENT.email, AGENT.password);
      expect(response.headers.getSetCookie().find((c) => c.startsWith('csp_staff_session='))).toMatch(/; HttpOnly; Secure; SameSite=Strict$/);
    } finally {
      await running.stop();
    }
  });
});
