import type { Database } from '../../bot/storage/database';
import { StaffAccounts, type StaffMember } from '../../bot/staff/accounts';
import type { Page } from 'playwright-core';

/** A cheap scrypt cost: tests create accounts often; the real cost is kept for production. */
export const TEST_SCRYPT_COST = { N: 1024, r: 8, p: 1 } as const;

export const AGENT = { email: 'agent@example.com', name: 'Alice Agent', password: 'correct horse battery staple' } as const;

/** Creates (or resets) a staff account directly in the database. */
export async function addStaff(db: Database, account: { email: string; name: string; password: string } = AGENT): Promise<StaffMember> {
  return (await new StaffAccounts(db).upsert(account.email, account.name, account.password, TEST_SCRYPT_COST)).member;
}

/** The `name=value` pairs of a response's Set-Cookie headers. */
export function setCookies(response: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const index = pair!.indexOf('=');
    out[pair!.slice(0, index)] = pair!.slice(index + 1);
  }
  return out;
}

/** The sign-in form's CSRF cookie and hidden field, as a browser gets them. */
export async function signInForm(baseUrl: string): Promise<{ cookie: string; csrf: string }> {
  const response = await fetch(`${baseUrl}/staff/sign-in`, { redirect: 'manual' });
  const html = await response.text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  const token = setCookies(response).csp_staff_signin;
  if (!csrf || !token) throw new Error('tests: no sign-in CSRF token in the form');
  return { cookie: `csp_staff_signin=${token}`, csrf };
}

/** Posts the sign-in form; returns the raw response (303 on success). */
export async function postSignIn(
  baseUrl: string,
  email: string,
  password: string,
  form?: { cookie: string; csrf: string },
): Promise<Response> {
  const { cookie, csrf } = form ?? (await signInForm(baseUrl));
  return fetch(`${baseUrl}/staff/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
    body: new URLSearchParams({ csrf, email, password }).toString(),
  });
}

/** A signed-in console session: the Cookie header to send and the CSRF token of the page. */
export async function signIn(baseUrl: string, account: { email: string; password: string } = AGENT): Promise<{ cookie: string; csrf: string }> {
  const response = await postSignIn(baseUrl, account.email, account.password);
  if (response.status !== 303) throw new Error(`tests: sign-in answered ${response.status}`);
  const cookie = `csp_staff_session=${setCookies(response).csp_staff_session}`;
  const page = await (await fetch(`${baseUrl}/staff`, { headers: { Cookie: cookie } })).text();
  const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(page)?.[1];
  if (!csrf) throw new Error('tests: no CSRF token in the console page');
  return { cookie, csrf };
}

/** Signs the agent in through the console's form in a browser page: opening `path` leads to the sign-in page first. */
export async function signInInBrowser(
  page: Page,
  baseUrl: string,
  path = '/staff',
  account: { email: string; password: string } = AGENT,
): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  await page.waitForURL(/\/staff\/sign-in$/);
  await page.fill('input[name="email"]', account.email);
  await page.fill('input[name="password"]', account.password);
  await Promise.all([page.waitForURL(/\/staff$/), page.click('button[type="submit"]')]);
}
