import type { Next, Request, RequestHandler, Response } from 'restify';

/** How long a browser may reuse a preflight answer, in seconds. */
const PREFLIGHT_MAX_AGE = 600;

/** Which cross-origin callers may use the widget's resources, and which resources those are. */
export interface CorsOptions {
  /** Exact origins (scheme://host[:port]) allowed to call; anything else gets no CORS headers. */
  allowedOrigins: readonly string[];
  /** Whether a request path is one of the widget's resources (script, search, feedback). */
  appliesTo(path: string): boolean;
}

/** `https://Example.com/` → `https://example.com`, so a configured origin matches what browsers send. */
export function normalizeOrigin(origin: string): string {
  try {
    return new URL(origin).origin;
  } catch {
    return origin;
  }
}

/**
 * A restify `pre` handler: answers preflight requests for the widget's resources and marks
 * responses to allowed origins with `Access-Control-Allow-Origin`. Runs before routing, so an
 * OPTIONS request needs no route of its own.
 */
export function corsHandler(options: CorsOptions): RequestHandler {
  const allowed = new Set(options.allowedOrigins.map(normalizeOrigin));
  return (req: Request, res: Response, next: Next) => {
    const path = req.getPath();
    if (!options.appliesTo(path)) return next();
    // The answer depends on Origin, so caches must key on it even when no header is added.
    res.setHeader('Vary', 'Origin');
    const origin = req.headers.origin;
    const isAllowed = typeof origin === 'string' && allowed.has(origin);
    if (isAllowed) res.setHeader('Access-Control-Allow-Origin', origin);
    if (req.method === 'OPTIONS') {
      if (isAllowed) {
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
        res.setHeader('Access-Control-Allow-Headers', 'Content-Type');
        res.setHeader('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE));
      }
      res.writeHead(204);
      res.end();
      return next(false);
    }
    return next();
  };
}
