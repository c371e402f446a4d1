import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import { projectRoot } from '../../knowledge/paths';
import type { Config } from '../config';
import { sendError } from '../http/errors';
import { fillTemplate } from '../http/html';
import { clientAddress, limitKeyOfAddress } from '../rateLimits/clientKey';
import { setSecurityHeaders } from '../http/securityHeaders';
import type { Logger } from '../logger';
import { normalizeEmail, SESSION_TTL_MS, type StaffAccounts, type StaffMember } from './accounts';
import { CSRF_HEADER, safeEqual, SIGN_IN_PATH } from './auth';
import { isSecureRequest, readCookie, SESSION_COOKIE, setCookie, SIGN_IN_COOKIE } from './cookies';
import { QueueFullError } from './hashingQueue';
import type { AttemptLimit } from '../rateLimits/attemptLimit';

/** Where the sign-in page's template is (bot/staff/public, from source or dist). */
const SIGN_IN_ASSETS = path.join(projectRoot(), 'bot', 'staff', 'public');
/** Where a member lands once signed in: the ticket console. */
const SIGNED_IN_HOME = '/staff';
/** Sign-in attempts allowed per email + IP within the window, before 429; a success starts the count again. */
export const SIGN_IN_LIMIT = 5;
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
/** How long a sign-in form stays valid. */
const SIGN_IN_FORM_SECONDS = 3600;

export interface SignInRouteDeps {
  config: Readonly<Config>;
  accounts: StaffAccounts;
  logger: Logger;
  limiter: AttemptLimit;
}

function sendHtml(res: Response, status: number, html: string, headers: Record<string, string | string[]> = {}): void {
  setSecurityHeaders(res);
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', ...headers });
  res.end(html);
}

function redirect(res: Response, location: string, cookies: string[] = []): void {
  setSecurityHeaders(res);
  res.writeHead(303, { Location: location, ...(cookies.length ? { 'Set-Cookie': cookies } : {}) });
  res.end();
}

function field(body: unknown, name: string): string {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : '';
}

/**
 * Sign-in and sign-out: the form (styled by the console's stylesheet, /staff/assets/console.css),
 * the password check behind the attempt limiter, and the session cookie.
 */
export function registerSignInRoutes(server: Server, deps: SignInRouteDeps): void {
  const { accounts, limiter } = deps;
  const signInTemplate = fs.readFileSync(path.join(SIGN_IN_ASSETS, 'sign-in.html'), 'utf8');

  const signInPage = (req: Request, res: Response, status: number, error = '', email = '', headers: Record<string, string> = {}) => {
    const token = randomBytes(24).toString('base64url');
    const secure = isSecureRequest(req, deps.config);
    sendHtml(res, status, fillTemplate(signInTemplate, { csrf: token, error, email }), {
      ...headers,
      'Set-Cookie': setCookie(SIGN_IN_COOKIE, token, SIGN_IN_FORM_SECONDS, secure, '/staff'),
    });
  };

  server.get(SIGN_IN_PATH, async (req: Request, res: Response) => {
    const session = await accounts.session(readCookie(req, SESSION_COOKIE));
    if (session) return redirect(res, SIGNED_IN_HOME);
    signInPage(req, res, 200);
  });

  server.post(SIGN_IN_PATH, async (req: Request, res: Response) => {
    const email = normalizeEmail(field(req.body, 'email')).slice(0, 320);
    const password = field(req.body, 'password');
    const sent = field(req.body, 'csrf');
    const expected = readCookie(req, SIGN_IN_COOKIE);
    if (!sent || !expected || !safeEqual(sent, expected)) {
      return signInPage(req, res, 403, 'Your sign-in form expired. Please try again.', email);
    }
    // Behind a proxy every request comes from the proxy: throttle by the client it forwards for.
    const client = clientAddress(req, deps.config.TRUST_PROXY_HOPS);
    const key = `${email}|${limitKeyOfAddress(client)}`;
    // Counted before the password is checked (see AttemptLimit), so parallel attempts cannot overtake the limit.
    const wait = await limiter.reserve(key);
    if (wait > 0) {
      return signInPage(req, res, 429, `Too many failed attempts. Try again in ${Math.ceil(wait / 60)} minute(s).`, email, {
        'Retry-After': String(wait),
      });
    }
    let member: StaffMember | undefined;
    try {
      member = email && password ? await accounts.authenticate(email, password) : undefined;
    } catch (error) {
      if (!(error instanceof QueueFullError)) throw error;
      await limiter.refund(key);
      deps.logger.warn({ ip: client }, 'staff: sign-in refused, password hashing queue full');
      return signInPage(req, res, 503, 'Sign-in is busy. Please try again in a few seconds.', email, {
        'Retry-After': String(error.retryAfterSeconds),
      });
    }
    if (!member) {
      deps.logger.info({ ip: client }, 'staff: failed sign-in');
      return signInPage(req, res, 401, 'Wrong email or password.', email);
    }
    await limiter.succeed(key);
    const { token } = await accounts.openSession(member);
    const secure = isSecureRequest(req, deps.config);
    deps.logger.info({ staff: member.email }, 'staff: signed in');
    redirect(res, SIGNED_IN_HOME, [
      setCookie(SESSION_COOKIE, token, Math.floor(SESSION_TTL_MS / 1000), secure),
      setCookie(SIGN_IN_COOKIE, '', 0, secure, '/staff'),
    ]);
  });

  server.post('/staff/sign-out', async (req: Request, res: Response) => {
    const token = readCookie(req, SESSION_COOKIE);
    const session = await accounts.session(token);
    if (!session) return redirect(res, SIGN_IN_PATH);
    const sent = field(req.body, 'csrf') || String(req.headers[CSRF_HEADER] ?? '');
    if (!safeEqual(sent, session.csrfToken)) {
      setSecurityHeaders(res);
      return sendError(res, 403, 'csrf_failed', 'staff: missing or wrong CSRF token');
    }
    await accounts.closeSession(token!);
    redirect(res, SIGN_IN_PATH, [setCookie(SESSION_COOKIE, '', 0, isSecureRequest(req, deps.config))]);
  });
}
