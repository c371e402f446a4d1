import restify, { type Server } from 'restify';
import { listen } from '../../../bot/server';
import type { StaffSession } from '../../../bot/staff/accounts';
import { createRequireStaff } from '../../../bot/staff/auth';
import type { RequireStaffOptions } from '../../../bot/staff/identity';

const TOKEN = 'staff-api-token-0123456789abcdef';
const SESSION: StaffSession = { member: { id: 7, email: 'alice@example.com', name: 'Alice' }, csrfToken: 'csrf-of-alice', expiresAt: '2099-01-01T00:00:00Z' };
const accounts = { session: async (token: string | undefined) => (token === 'good-session' ? SESSION : undefined) };

/** A server whose routes answer with who `requireStaff` let in, under each option. */
async function serve(token: string | undefined): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = restify.createServer({ handleUncaughtExceptions: false });
  const requireStaff = createRequireStaff({ config: { STAFF_API_TOKEN: token }, accounts });
  const routes: Array<[string, RequireStaffOptions]> = [
    ['/api', {}],
    ['/page', { page: true }],
    ['/member-page', { page: true, signedIn: true }],
  ];
  for (const [path, options] of routes) {
    for (const method of ['get', 'post'] as const) {
      server[method](path, async (req: restify.Request, res: restify.Response) => {
        const staff = await requireStaff(req, res, options);
        if (staff) res.send(200, staff);
      });
    }
  }
  const url = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('requireStaff', () => {
  let running: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    running = await serve(TOKEN);
  });
  afterAll(() => running.close());

  const call = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
    fetch(`${running.url}${path}`, { method, headers, redirect: 'manual' });

  it('lets an integration in with the STAFF_API_TOKEN bearer, as "api"', async () => {
    const response = await call('/api', { Authorization: `Bearer ${TOKEN}` });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ kind: 'integration', id: 'api' });
  });

  it('lets a signed-in member in with the session cookie, as their email and name', async () => {
    const response = await call('/api', { Cookie: 'csp_staff_session=good-session' });
    expect(await response.json()).toEqual({ kind: 'member', id: 'alice@example.com', email: 'alice@example.com', name: 'Alice', csrfToken: 'csrf-of-alice' });
  });

  it('answers a wrong bearer token with 401, without falling back to the cookie', async () => {
    const response = await call('/api', { Authorization: 'Bearer nope', Cookie: 'csp_staff_session=good-session' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="staff"');
    expect(await response.json()).toEqual({ error: 'unauthorized', message: 'staff: missing or wrong credentials' });
  });

  it('answers a request without credentials, or with an unknown session, with 401', async () => {
    for (const headers of [{}, { Cookie: 'csp_staff_session=forged' }] as Array<Record<string, string>>) {
      const response = await call('/api', headers);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: 'unauthorized', message: 'staff: sign in or send Authorization: Bearer STAFF_API_TOKEN' });
    }
  });

  it('refuses a change from a session without its CSRF token with 403, and accepts it with the token', async () => {
    const cookie = { Cookie: 'csp_staff_session=good-session' };
    for (const sent of [{}, { 'X-CSRF-Token': 'not-the-token' }] as Array<Record<string, string>>) {
      const response = await call('/api', { ...cookie, ...sent }, 'POST');
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ error: 'csrf_failed' });
    }
    expect((await call('/api', { ...cookie, 'X-CSRF-Token': 'csrf-of-alice' }, 'POST')).status).toBe(200);
  });

  it('sends a page visitor who is not let in to the sign-in page', async () => {
    for (const headers of [{}, { Authorization: 'Bearer nope' }] as Array<Record<string, string>>) {
      const response = await call('/page', headers);
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/staff/sign-in');
    }
    expect((await call('/page', { Authorization: `Bearer ${TOKEN}` })).status).toBe(200);
  });

  it('lets only a session into a page that needs one, whatever Authorization says', async () => {
    expect((await call('/member-page', { Authorization: `Bearer ${TOKEN}` })).status).toBe(303);
    const response = await call('/member-page', { Authorization: 'Bearer nope', Cookie: 'csp_staff_session=good-session' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ kind: 'member', csrfToken: 'csrf-of-alice' });
  });

  it('refuses every bearer token when none is configured', async () => {
    const unconfigured = await serve(undefined);
    try {
      const response = await fetch(`${unconfigured.url}/api`, { headers: { Authorization: 'Bearer undefined' } });
      expect(response.status).toBe(401);
    } finally {
      await unconfigured.close();
    }
  });
});
