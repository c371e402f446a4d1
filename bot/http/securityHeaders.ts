import type { Request, Response, Next } from 'restify';
import type { Config } from '../config';

/** One year, the value HSTS preload lists ask for; no includeSubDomains: other hosts of the domain are not ours. */
const HSTS_MAX_AGE_SECONDS = 31_536_000;

/** Whether the server is reached over TLS (PUBLIC_URL is https://, as a TLS-terminating proxy serves it). */
function servedOverTls(config: Readonly<Pick<Config, 'PUBLIC_URL'>>): boolean {
  return /^https:\/\//i.test(config.PUBLIC_URL ?? '');
}

/**
 * Headers every response carries. Pages add their own Content-Security-Policy (staff pages
 * also forbid framing; the chat page and the widget demo may be framed by the widget's origins).
 * Strict-Transport-Security only when PUBLIC_URL is https: sent over plain HTTP on a
 * development machine it would be ignored, and on a real host it would pin a name to HTTPS
 * before HTTPS is there.
 */
export function securityHeaders(config: Readonly<Pick<Config, 'PUBLIC_URL'>>) {
  const hsts = servedOverTls(config) ? `max-age=${HSTS_MAX_AGE_SECONDS}` : undefined;
  return (_req: Request, res: Response, next: Next): void => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    if (hsts) res.setHeader('Strict-Transport-Security', hsts);
    next();
  };
}

/** Content-Security-Policy of every staff page: own scripts and styles only, no framing. */
const STAFF_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/**
 * The stricter headers of everything staff use (/staff pages, their assets, /api/handoff,
 * /api/analytics): on top of those of every response, no framing, no caching, no referrer.
 */
export function setSecurityHeaders(res: Response): void {
  res.setHeader('Content-Security-Policy', STAFF_CONTENT_SECURITY_POLICY);
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}
