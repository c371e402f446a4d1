import { createHash, timingSafeEqual } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { Request, Response } from 'restify';
import type { Config } from '../config';
import { sendError } from '../http/errors';
import type { Actor } from '../handoff/ticket';
import type { StaffAccounts, StaffSession } from './accounts';

export const SESSION_COOKIE = 'csp_staff_session';
export const SIGN_IN_COOKIE = 'csp_staff_signin';
export const CSRF_HEADER = 'x-csrf-token';

/** Content-Security-Policy of every console page: own scripts and styles only, no framing. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** Headers for everything under /staff and /api/handoff. */
export function setSecurityHeaders(res: Response): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

/** Constant-time string comparison (hashing first, so lengths do not leak either). */
export function safeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) {
      try {
        return decodeURIComponent(part.slice(index + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** Whether cookies must be Secure: the public address is https, or the request came over TLS. */
export function isSecureRequest(req: Request, config: Readonly<Config>): boolean {
  if (config.PUBLIC_URL?.startsWith('https:')) return true;
  if ((req.socket as TLSSocket).encrypted) return true;
  return String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]!.trim() === 'https';
}

/** An HttpOnly, SameSite=Strict cookie (+ Secure behind TLS); maxAgeSeconds 0 deletes it. */
export function cookie(name: string, value: string, maxAgeSeconds: number, secure: boolean, path = '/'): string {
  return [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${path}`,
    `Max-Age=${maxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

/** Who is calling the staff API: a signed-in member (with their session) or the integration token. */
export type StaffCaller = { kind: 'session'; session: StaffSession; actor: Actor } | { kind: 'token'; actor: Actor };

export interface StaffAuthDeps {
  config: Readonly<Config>;
  accounts: StaffAccounts;
}

/**
 * Authenticates a staff API or console request, or answers it (401/403) and returns undefined.
 * A bearer token is checked on its own (no fallback to the cookie); a session must also carry
 * its CSRF token on every request that changes something.
 */
export async function authenticateStaff(req: Request, res: Response, deps: StaffAuthDeps): Promise<StaffCaller | undefined> {
  const authorization = req.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    const expected = deps.config.STAFF_API_TOKEN;
    if (match && expected && safeEqual(match[1]!, expected)) return { kind: 'token', actor: { id: 'api' } };
    res.setHeader('WWW-Authenticate', 'Bearer realm="staff"');
    sendError(res, 401, 'unauthorized', 'staff: missing or wrong credentials');
    return undefined;
  }
  const session = await deps.accounts.session(readCookie(req, SESSION_COOKIE));
  if (!session) {
    sendError(res, 401, 'unauthorized', 'staff: sign in or send Authorization: Bearer STAFF_API_TOKEN');
    return undefined;
  }
  if (!['GET', 'HEAD'].includes(req.method ?? 'GET')) {
    const sent = req.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !safeEqual(sent, session.csrfToken)) {
      sendError(res, 403, 'csrf_failed', `staff: missing or wrong ${CSRF_HEADER} header`);
      return undefined;
    }
  }
  return { kind: 'session', session, actor: { id: session.member.email, name: session.member.name } };
}
