import type { Next, Request, Response, Server } from 'restify';
import type { Config } from '../config';
import { clientKey } from './clientKey';
import type { RateLimiter, RateLimitRule } from './rateLimiter';
import { tooManyRequests } from '../http/errors';

/** The public endpoints that cost something to serve, and their limits per client and minute. */
function publicRateLimitRules(config: Readonly<Config>): ReadonlyMap<string, RateLimitRule> {
  return new Map([
    ['GET /api/faq/search', { name: 'search', limit: config.RATE_LIMIT_SEARCH_PER_MINUTE, windowSeconds: 60 }],
    // A feedback answers a search: as many allowed, counted apart. Unlimited, one client wrote 1,200 rows a second into the analytics.
    ['POST /api/faq/:id/feedback', { name: 'feedback', limit: config.RATE_LIMIT_SEARCH_PER_MINUTE, windowSeconds: 60 }],
    // Taking a "did you mean" suggestion in the widget: one per search at most, counted apart.
    ['POST /api/faq/:id/suggestion', { name: 'suggestion', limit: config.RATE_LIMIT_SEARCH_PER_MINUTE, windowSeconds: 60 }],
    ['POST /api/directline/token', { name: 'token', limit: config.RATE_LIMIT_TOKEN_PER_MINUTE, windowSeconds: 60 }],
    // Resuming mints tokens too: one budget with new ones, so trading guesses gains nothing.
    ['POST /api/directline/resume', { name: 'token', limit: config.RATE_LIMIT_TOKEN_PER_MINUTE, windowSeconds: 60 }],
    ['GET /api/directline/ticket', { name: 'ticket-status', limit: config.RATE_LIMIT_TOKEN_PER_MINUTE, windowSeconds: 60 }],
    ['POST /v3/directline/conversations', { name: 'conversation', limit: config.RATE_LIMIT_CONVERSATIONS_PER_MINUTE, windowSeconds: 60 }],
    // A client starts up to 60 conversations a minute, each with its own post limit: this bounds them together.
    [
      'POST /v3/directline/conversations/:conversationId/activities',
      { name: 'directline-post', limit: config.RATE_LIMIT_DIRECTLINE_POSTS_PER_CLIENT_PER_MINUTE, windowSeconds: 60 },
    ],
    // An upload is a post with files: counted with the posts, under the same name.
    [
      'POST /v3/directline/conversations/:conversationId/upload',
      { name: 'directline-post', limit: config.RATE_LIMIT_DIRECTLINE_POSTS_PER_CLIENT_PER_MINUTE, windowSeconds: 60 },
    ],
    ['POST /staff/sign-in', { name: 'signin', limit: config.RATE_LIMIT_SIGN_IN_PER_MINUTE, windowSeconds: 60 }],
  ]);
}

/**
 * Applies the rules by route, before the route's handler: over the limit → 429 with Retry-After.
 * With PostgreSQL the counts are shared, so spreading requests over instances gains nothing.
 * Callback style on purpose: restify discards what an async handler returns, so `return false`
 * from one did not stop the chain — the 429 went out and the handler still ran (the search and
 * its recording, the token, the conversation, the password hash, the post and its turn), then
 * failed writing a second answer and logged a stack trace per refused request.
 */
export function enforcePublicRateLimits(server: Server, limiter: RateLimiter, config: Readonly<Config>): void {
  const rules = publicRateLimitRules(config);
  server.use((req: Request, res: Response, next: Next) => {
    // `use` handlers run only for a request restify routed: it always has its route here.
    const rule = rules.get(`${req.method} ${req.getRoute().path}`);
    if (!rule) return next();
    limiter.hit(`${rule.name}:${clientKey(req, config.TRUST_PROXY_HOPS)}`, rule.limit, rule.windowSeconds).then((decision) => {
      if (decision.allowed) return next();
      tooManyRequests(res, decision.retryAfterSeconds, `rate limit: at most ${rule.limit} requests per minute; retry in ${decision.retryAfterSeconds} s`);
      return next(false);
    }, next);
  });
}
