import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import { projectRoot } from '../../knowledge/paths';
import type { HandoffEvent } from '../handoff/events';
import type { HandoffService } from '../handoff/handoffService';
import { AssetTable, serveAssets } from '../http/assets';
import { sendError } from '../http/errors';
import { fillTemplate } from '../http/html';
import { clientAddress, limitKeyOfAddress } from '../rateLimits/clientKey';
import type { Logger } from '../logger';
import { normalizeEmail, SESSION_TTL_MS, type StaffAccounts, type StaffMember } from './accounts';
import {
  authenticateStaff,
  cookie,
  isSecureRequest,
  readCookie,
  safeEqual,
  setSecurityHeaders,
  SESSION_COOKIE,
  SIGN_IN_COOKIE,
  type StaffAuthDeps,
} from './auth';
import { QueueFullError } from './hashingQueue';
import { AttemptLimit } from '../rateLimits/attemptLimit';

/** Where the console's HTML templates, script and styles are (bot/staff/public, from source or dist). */
export const CONSOLE_ASSETS = path.join(projectRoot(), 'bot', 'staff', 'public');

/** Sign-in attempts allowed per email + IP within the window, before 429; a success starts the count again. */
export const SIGN_IN_LIMIT = 5;
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
/** SSE keep-alive, below the usual 60 s proxy idle timeout. */
const HEARTBEAT_MS = 25_000;

const ASSETS = new AssetTable([
  ['console.js', { file: path.join(CONSOLE_ASSETS, 'console.js'), type: 'text/javascript; charset=utf-8' }],
  ['console.css', { file: path.join(CONSOLE_ASSETS, 'console.css'), type: 'text/css; charset=utf-8' }],
]);

export interface StaffConsoleDeps extends StaffAuthDeps {
  handoff: HandoffService;
  accounts: StaffAccounts;
  logger: Logger;
  /** Sign-in rate limiter; tests pass a small one. */
  limiter?: AttemptLimit;
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

/** The staff console: sign-in and sign-out, the queue page, its assets and its live event stream. */
export function registerStaffConsole(server: Server, deps: StaffConsoleDeps): void {
  const limiter = deps.limiter ?? new AttemptLimit(SIGN_IN_LIMIT, SIGN_IN_WINDOW_MS);
  const template = (name: string) => fs.readFileSync(path.join(CONSOLE_ASSETS, name), 'utf8');
  const streams = openStreams(server);
  const signInTemplate = template('sign-in.html');
  const consoleTemplate = template('console.html');

  const signInPage = (req: Request, res: Response, status: number, error = '', email = '', headers: Record<string, string> = {}) => {
    const token = randomBytes(24).toString('base64url');
    const secure = isSecureRequest(req, deps.config);
    sendHtml(res, status, fillTemplate(signInTemplate, { csrf: token, error, email }), {
      ...headers,
      'Set-Cookie': cookie(SIGN_IN_COOKIE, token, 3600, secure, '/staff'),
    });
  };

  server.get('/staff', async (req: Request, res: Response) => {
    const session = await deps.accounts.session(readCookie(req, SESSION_COOKIE));
    if (!session) return redirect(res, '/staff/sign-in');
    sendHtml(res, 200, fillTemplate(consoleTemplate, { csrf: session.csrfToken, name: session.member.name, email: session.member.email }));
  });

  server.get('/staff/sign-in', async (req: Request, res: Response) => {
    const session = await deps.accounts.session(readCookie(req, SESSION_COOKIE));
    if (session) return redirect(res, '/staff');
    signInPage(req, res, 200);
  });

  server.post('/staff/sign-in', async (req: Request, res: Response) => {
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
      member = email && password ? await deps.accounts.authenticate(email, password) : undefined;
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
    const { token } = await deps.accounts.openSession(member);
    const secure = isSecureRequest(req, deps.config);
    deps.logger.info({ staff: member.email }, 'staff: signed in');
    redirect(res, '/staff', [
      cookie(SESSION_COOKIE, token, Math.floor(SESSION_TTL_MS / 1000), secure),
      cookie(SIGN_IN_COOKIE, '', 0, secure, '/staff'),
    ]);
  });

  server.post('/staff/sign-out', async (req: Request, res: Response) => {
    const token = readCookie(req, SESSION_COOKIE);
    const session = await deps.accounts.session(token);
    if (!session) return redirect(res, '/staff/sign-in');
    const sent = field(req.body, 'csrf') || String(req.headers['x-csrf-token'] ?? '');
    if (!safeEqual(sent, session.csrfToken)) {
      setSecurityHeaders(res);
      return sendError(res, 403, 'csrf_failed', 'staff: missing or wrong CSRF token');
    }
    await deps.accounts.closeSession(token!);
    redirect(res, '/staff/sign-in', [cookie(SESSION_COOKIE, '', 0, isSecureRequest(req, deps.config))]);
  });

  serveAssets(server, '/staff/assets/:file', ASSETS, { param: 'file', notFoundMessage: 'staff: no such asset', prepare: setSecurityHeaders });

  // Live queue updates (server-sent events); the page re-reads what changed through the API.
  // Connection: close, so that ending a stream (see openStreams) also frees its socket.
  server.get('/staff/events', async (req: Request, res: Response) => {
    setSecurityHeaders(res);
    const caller = await authenticateStaff(req, res, deps);
    if (!caller) return;
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'close', 'X-Accel-Buffering': 'no' });
    res.write('retry: 3000\n\n');
    const send = (event: HandoffEvent) => res.write(`event: ticket\ndata: ${JSON.stringify(event)}\n\n`);
    const unsubscribe = deps.handoff.events.subscribe(send);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    await new Promise<void>((resolve) => {
      const done = () => {
        clearInterval(heartbeat);
        unsubscribe();
        streams.remove(res);
        resolve();
      };
      req.once('close', done);
      res.once('close', done);
      streams.add(res);
    });
    res.end();
  });
}

/**
 * The open event streams. A stream never ends by itself, so server.close() would wait for the
 * browsers forever: once the server stops listening, the streams are ended (EventSource
 * reconnects, to another instance behind a load balancer).
 */
function openStreams(server: Server): { add(res: Response): void; remove(res: Response): void } {
  const open = new Set<Response>();
  let watch: NodeJS.Timeout | undefined;
  const check = () => {
    if (server.server.listening) return;
    for (const res of open) res.end();
    open.clear();
  };
  return {
    add(res) {
      open.add(res);
      if (!watch) {
        watch = setInterval(check, 500);
        watch.unref();
      }
    },
    remove(res) {
      open.delete(res);
      if (open.size === 0 && watch) {
        clearInterval(watch);
        watch = undefined;
      }
    },
  };
}
