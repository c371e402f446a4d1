import type { TLSSocket } from 'node:tls';
import { parseCookie, stringifySetCookie } from 'cookie';
import type { Request } from 'restify';
import type { Config } from '../config';

/** The console session: an opaque token whose hash is kept in staff_sessions. */
export const SESSION_COOKIE = 'csp_staff_session';
/** The sign-in form's double-submit CSRF token (only sent to /staff). */
export const SIGN_IN_COOKIE = 'csp_staff_signin';

/**
 * The value of one cookie of the request (the first one of that name), or undefined. Values are
 * decoded here, not by the library: one that does not decode is no value at all, where the
 * library would hand back its raw text (or take a later cookie of the same name).
 */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  const raw = parseCookie(header, { decode: (value) => value })[name];
  if (raw === undefined) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/** Whether cookies must be Secure: the public address is https, or the request came over TLS. */
export function isSecureRequest(req: Request, config: Readonly<Config>): boolean {
  if (config.PUBLIC_URL?.startsWith('https:')) return true;
  // A plain socket has no `encrypted`; a TLS one has it set to true.
  if ((req.socket as Partial<TLSSocket>).encrypted) return true;
  return String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]!.trim() === 'https';
}

/** A Set-Cookie value: HttpOnly, SameSite=Strict (+ Secure behind TLS); maxAgeSeconds 0 deletes the cookie. */
export function setCookie(name: string, value: string, maxAgeSeconds: number, secure: boolean, path = '/'): string {
  return stringifySetCookie({ name, value, path, maxAge: maxAgeSeconds, httpOnly: true, sameSite: 'strict', secure });
}
