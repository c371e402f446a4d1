import type { Request, Response, Server } from 'restify';
import { sendError, tooManyRequests } from '../../http/errors';
import { sendDomainError } from '../../http/errorTable';
import { pathParam } from '../../http/pathParam';
import type { RateLimiter } from '../../rateLimits/rateLimiter';
import { USER_POSTS_FACTOR } from './limits';
import { parseUserActivity, parseWatermark } from './activity';
import type { DirectLineChannel } from './channel';
import { TOKEN_LIFETIME_SECONDS, USER_ID_PATTERN, newConversationId, newUserId, type DirectLineTokens, type TokenClaims, type TokenScope } from './tokens';
import { acceptReply, bearerToken, checkToken, NO_SUCH_CONVERSATION, type ReplyAnswer } from './replyApi';
import { streamUrl } from './urls';

export interface DirectLineRouteDeps {
  tokens: DirectLineTokens;
  channel: DirectLineChannel;
  publicUrl?: string;
  /** Counts activity posts (in memory on SQLite, in the database on PostgreSQL); none: not limited. */
  limiter?: RateLimiter;
  /** Posts per conversation and minute (a user's conversations together: USER_POSTS_FACTOR times it). */
  postsPerMinute: number;
}

const LOCALE_PATTERN = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;

function bearer(req: Request): string | undefined {
  return bearerToken(req.headers.authorization);
}

function body(req: Request): Record<string, unknown> {
  const value: unknown = req.body;
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Sends an answer of the reply API's shape (status, JSON body, headers). */
function send(res: Response, answer: ReplyAnswer): void {
  for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
  res.send(answer.status, answer.body);
}

/** The token's claims, or undefined after answering 401 (missing, invalid or expired). */
async function authorize(req: Request, res: Response, tokens: DirectLineTokens, scope: TokenScope, conversationId?: string): Promise<TokenClaims | undefined> {
  const checked = await checkToken(tokens, req.headers.authorization, scope, conversationId);
  if (!('status' in checked)) return checked;
  send(res, checked);
  return undefined;
}

/** The claims when the token is for the conversation in the path; answers 401/403 otherwise. */
function authorizeConversation(req: Request, res: Response, tokens: DirectLineTokens, scope: TokenScope): Promise<TokenClaims | undefined> {
  return authorize(req, res, tokens, scope, pathParam(req, 'conversationId'));
}

/** `user.id` from a generate/start body: absent, or a `dl_` id; a string error names the problem. */
function requestedUserId(payload: Record<string, unknown>): string | undefined | Error {
  const user = payload.user;
  if (user === undefined) return undefined;
  const id = user !== null && typeof user === 'object' ? (user as Record<string, unknown>).id : undefined;
  if (id === undefined) return undefined;
  if (typeof id !== 'string' || !USER_ID_PATTERN.test(id)) return new Error('user.id must be "dl_" followed by 8 to 64 letters, digits, "_" or "-"');
  return id;
}

function notFoundConversation(res: Response): void {
  sendError(res, 404, 'not_found', NO_SUCH_CONVERSATION);
}

/**
 * Direct Line 3.0's client API at `/v3/directline` (the paths and JSON DirectLineJS, inside
 * Web Chat, speaks), and the Bot Connector reply API the bot calls at the channel's serviceUrl.
 */
export function registerDirectLineRoutes(server: Server, deps: DirectLineRouteDeps): void {
  const { tokens, channel, publicUrl, limiter, postsPerMinute } = deps;

  /** Whether one more post is allowed for the conversation and for its user; answers 429 when not. */
  const withinPostLimits = async (res: Response, claims: TokenClaims): Promise<boolean> => {
    if (!limiter) return true;
    const checks = [
      { key: `directline-post-conversation:${claims.conversationId}`, limit: postsPerMinute, what: 'this conversation' },
      { key: `directline-post-user:${claims.userId}`, limit: postsPerMinute * USER_POSTS_FACTOR, what: 'this user' },
    ];
    for (const check of checks) {
      const decision = await limiter.hit(check.key, check.limit, 60);
      if (decision.allowed) continue;
      tooManyRequests(res, decision.retryAfterSeconds, `directline: at most ${check.limit} activities per minute in ${check.what}; retry in ${decision.retryAfterSeconds} s`);
      return false;
    }
    return true;
  };
  const conversationAnswer = async (req: Request, conversationId: string, userId: string, watermark?: number) => ({
    conversationId,
    token: await tokens.sign('conversation', conversationId, userId),
    expires_in: TOKEN_LIFETIME_SECONDS,
    streamUrl: streamUrl(req, publicUrl, conversationId, await tokens.sign('stream', conversationId, userId), watermark),
  });

  // Only for holders of this server's local secret (the server itself): browsers get tokens
  // from POST /api/directline/token, which never hands out a secret.
  server.post('/v3/directline/tokens/generate', async (req: Request, res: Response) => {
    if (!tokens.isLocalSecret(bearer(req))) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      return sendError(res, 401, 'unauthorized', 'directline: generating tokens needs this server\'s Direct Line secret');
    }
    const userId = requestedUserId(body(req));
    if (userId instanceof Error) return sendError(res, 400, 'bad_request', userId.message, 'user.id');
    const conversationId = newConversationId();
    res.send(200, { conversationId, token: await tokens.sign('conversation', conversationId, userId ?? newUserId()), expires_in: TOKEN_LIFETIME_SECONDS });
  });

  server.post('/v3/directline/tokens/refresh', async (req: Request, res: Response) => {
    const claims = await authorize(req, res, tokens, 'conversation');
    if (!claims) return;
    res.send(200, {
      conversationId: claims.conversationId,
      token: await tokens.sign('conversation', claims.conversationId, claims.userId),
      expires_in: TOKEN_LIFETIME_SECONDS,
    });
  });

  server.post('/v3/directline/conversations', async (req: Request, res: Response) => {
    const payload = body(req);
    const locale = payload.locale;
    if (locale !== undefined && (typeof locale !== 'string' || locale.length > 35 || !LOCALE_PATTERN.test(locale))) {
      return sendError(res, 400, 'bad_request', 'locale must be a BCP 47 language tag such as fr-FR', 'locale');
    }
    let conversationId: string;
    let userId: string;
    if (tokens.isLocalSecret(bearer(req))) {
      const requested = requestedUserId(payload);
      if (requested instanceof Error) return sendError(res, 400, 'bad_request', requested.message, 'user.id');
      conversationId = newConversationId();
      userId = requested ?? newUserId();
    } else {
      const claims = await authorize(req, res, tokens, 'conversation');
      if (!claims) return;
      ({ conversationId, userId } = claims);
    }
    const created = await channel.start(conversationId, userId, locale);
    res.send(created ? 201 : 200, await conversationAnswer(req, conversationId, userId));
  });

  server.get('/v3/directline/conversations/:conversationId', async (req: Request, res: Response) => {
    const claims = await authorizeConversation(req, res, tokens, 'conversation');
    if (!claims) return;
    const parsed = parseWatermark((req.query as Record<string, unknown> | undefined)?.watermark);
    if ('field' in parsed) return sendError(res, 400, 'bad_request', parsed.message, parsed.field);
    if (!(await channel.store.get(claims.conversationId))) return notFoundConversation(res);
    res.send(200, await conversationAnswer(req, claims.conversationId, claims.userId, parsed.watermark));
  });

  server.post('/v3/directline/conversations/:conversationId/activities', async (req: Request, res: Response) => {
    const claims = await authorizeConversation(req, res, tokens, 'conversation');
    if (!claims) return;
    if (!(await withinPostLimits(res, claims))) return;
    const parsed = parseUserActivity(req.body);
    if ('field' in parsed) return sendError(res, parsed.status, parsed.status === 413 ? 'too_large' : 'bad_request', parsed.message, parsed.field);
    try {
      const id = await channel.receive(claims.conversationId, claims.userId, parsed.activity);
      if (id === undefined) return notFoundConversation(res);
      res.send(200, { id });
    } catch (error) {
      // A full queue of turns (BusyError) is a 429; anything else a 500.
      sendDomainError(res, error);
    }
  });

  server.get('/v3/directline/conversations/:conversationId/activities', async (req: Request, res: Response) => {
    const claims = await authorizeConversation(req, res, tokens, 'conversation');
    if (!claims) return;
    const parsed = parseWatermark((req.query as Record<string, unknown> | undefined)?.watermark);
    if ('field' in parsed) return sendError(res, 400, 'bad_request', parsed.message, parsed.field);
    const set = await channel.store.since(claims.conversationId, parsed.watermark);
    if (!set) return notFoundConversation(res);
    res.send(200, set);
  });

  // The Bot Connector API subset the bot uses to answer (sendToConversation, replyToActivity),
  // over HTTP: proactive messages, and replies for a conversation another instance started.
  const deliver = async (req: Request, res: Response) => {
    send(res, await acceptReply(tokens, channel, pathParam(req, 'conversationId'), req.headers.authorization, req.body));
  };
  server.post('/directline-channel/v3/conversations/:conversationId/activities', deliver);
  server.post('/directline-channel/v3/conversations/:conversationId/activities/:activityId', deliver);
}
