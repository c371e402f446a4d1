import type { Request, Response, Next } from 'restify';
import type { Config } from '../config';

/** One year, the value HSTS preload lists ask for; no includeSubDomains: other hosts of the domain are not ours. */
export const HSTS_MAX_AGE_SECONDS = 31_536_000;

/** Whether the server is reached over TLS (PUBLIC_URL is https://, as a TLS-terminating proxy serves it). */
export function servedOverTls(config: Readonly<Pick<Config, 'PUBLIC_URL'>>): boolean {
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
