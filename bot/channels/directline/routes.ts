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
import { directLineDomain, streamUrl } from './urls';
import { readUpload, releaseUpload } from '../../attachments/multipart';
import { checkFiles } from '../../attachments/intake';
import { AttachmentQuotaError, type AttachmentInfo, type SqlAttachmentStore } from '../../attachments/store';
import { fileMessage, type FileMessageKey } from '../../attachments/messages';
import { sendAttachment } from '../../attachments/serve';
import { jsonDepth, MAX_JSON_DEPTH, multipartContentType } from '../../http/bodyGuards';

export interface DirectLineRouteDeps {
  tokens: DirectLineTokens;
  channel: DirectLineChannel;
  publicUrl?: string;
  /** Counts activity posts (in memory on SQLite, in the database on PostgreSQL); none: not limited. */
  limiter?: RateLimiter;
  /** Posts per conversation and minute (a user's conversations together: USER_POSTS_FACTOR times it). */
  postsPerMinute: number;
  /** Where uploaded files are kept (none: uploads answer 404, as before). */
  attachments?: SqlAttachmentStore;
}

/** The channel id the built-in endpoint gives its conversations (and tickets record). */
const CHANNEL_ID = 'directline';

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
  const { tokens, channel, publicUrl, limiter, postsPerMinute, attachments } = deps;

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


  /** A file's address for the conversation: the signature lets Web Chat's <img> (no Authorization header) open it. */
  const fileUrl = (req: Request, conversationId: string, file: AttachmentInfo) =>
    `${directLineDomain(req, publicUrl)}/conversations/${encodeURIComponent(conversationId)}/attachments/${file.id}?sig=${tokens.attachmentSignature(conversationId, file.id)}`;

  // Direct Line 3.0's upload (DirectLineJS's postMessageWithAttachments): an `activity` part and
  // one `file` part per file, multipart/form-data. The files are checked from their content,
  // stored in the database, and the activity goes on with them as attachments, like a post.
  server.post('/v3/directline/conversations/:conversationId/upload', async (req: Request, res: Response) => {
    const contentType = multipartContentType(req);
    // Any answer before the body is read closes the connection: the rest of it is never read.
    const refuse = (status: number, error: string, message: string, field: string) => {
      res.setHeader('Connection', 'close');
      req.resume();
      sendError(res, status, error, message, field);
    };
    if (!attachments) return refuse(404, 'not_found', 'directline: this server takes no uploads', 'path');
    if (!contentType) return refuse(415, 'unsupported_media_type', 'an upload must be multipart/form-data with an "activity" part and "file" parts', 'Content-Type');
    const checked = await checkToken(tokens, req.headers.authorization, 'conversation', pathParam(req, 'conversationId'));
    if ('status' in checked) {
      res.setHeader('Connection', 'close');
      req.resume();
      return send(res, checked);
    }
    const claims = checked;
    // Set before the check: a refusal is sent by withinPostLimits itself, after which no header
    // can be added (it threw ERR_HTTP_HEADERS_SENT and left the connection open, body unread).
    res.setHeader('Connection', 'close');
    if (!(await withinPostLimits(res, claims))) {
      req.resume();
      return;
    }
    res.removeHeader('Connection');
    const conversation = await channel.store.get(claims.conversationId);
    if (!conversation) {
      res.setHeader('Connection', 'close');
      req.resume();
      return notFoundConversation(res);
    }
    const upload = await readUpload(req, contentType);
    if ('status' in upload) return refuse(upload.status, upload.error, upload.message, upload.field);
    try {
      const parsed = parseUploadActivity(upload.activity);
      if ('field' in parsed) return refuse(parsed.status, parsed.status === 413 ? 'too_large' : 'bad_request', parsed.message, parsed.field);
      const locale = parsed.activity.locale ?? conversation.locale;
      const result = checkFiles(upload.files);
      if ('refused' in result) {
        const { refused } = result;
        await tellUser(claims.conversationId, refused.chatKey, locale, refused.name);
        return refuse(refused.status, refused.status === 413 ? 'too_large' : 'unsupported_media_type', refused.message, refused.field);
      }
      let stored: AttachmentInfo[];
      try {
        stored = await attachments.save(CHANNEL_ID, claims.conversationId, result.accepted);
      } catch (error) {
        if (!(error instanceof AttachmentQuotaError)) throw error;
        await tellUser(claims.conversationId, 'file.refusedQuota', locale, upload.files[0]?.name ?? '');
        return refuse(413, 'too_large', error.message, 'file');
      }
      // The client's attachment list is only a description of its parts: the stored files replace it.
      const activity = {
        ...parsed.activity,
        // Web Chat shows a user's image by its thumbnailUrl (a file badge without one): the image itself.
        attachments: stored.map((file) => {
          const url = fileUrl(req, claims.conversationId, file);
          return { contentType: file.contentType, contentUrl: url, name: file.name, ...(file.contentType === 'application/pdf' ? {} : { thumbnailUrl: url }) };
        }),
      };
      const id = await channel.receive(claims.conversationId, claims.userId, activity);
      if (id === undefined) return notFoundConversation(res);
      res.send(200, { id });
    } catch (error) {
      sendDomainError(res, error);
    } finally {
      releaseUpload(upload);
    }
  });

  /** Says in the conversation, in its language, why a file was not taken (the HTTP answer says it to the client). */
  const tellUser = async (conversationId: string, key: FileMessageKey, locale: unknown, name: string) => {
    await channel.deliverFromBot(conversationId, {
      type: 'message',
      textFormat: 'plain',
      text: fileMessage(key, locale, { name: name.slice(0, 120) }),
    });
  };

  // A file of the conversation: to the holder of its address (signed for that conversation and
  // file) or of the conversation's token; anyone else gets the 404 an unknown id gets.
  server.get('/v3/directline/conversations/:conversationId/attachments/:attachmentId', async (req: Request, res: Response) => {
    const conversationId = pathParam(req, 'conversationId');
    const attachmentId = pathParam(req, 'attachmentId');
    const notFound = () => sendError(res, 404, 'not_found', 'directline: no such file in this conversation', 'attachmentId');
    if (!attachments) return notFound();
    const signature = (req.query as Record<string, unknown> | undefined)?.sig;
    let allowed = tokens.isAttachmentSignature(conversationId, attachmentId, signature);
    if (!allowed && req.headers.authorization) {
      const checked = await checkToken(tokens, req.headers.authorization, 'conversation', conversationId);
      allowed = !('status' in checked);
    }
    if (!allowed) return notFound();
    const file = await attachments.get(attachmentId, CHANNEL_ID, conversationId);
    if (!file) return notFound();
    sendAttachment(res, file);
  });

  // The Bot Connector API subset the bot uses to answer (sendToConversation, replyToActivity),
  // over HTTP: proactive messages, and replies for a conversation another instance started.
  const deliver = async (req: Request, res: Response) => {
    send(res, await acceptReply(tokens, channel, pathParam(req, 'conversationId'), req.headers.authorization, req.body));
  };
  server.post('/directline-channel/v3/conversations/:conversationId/activities', deliver);
  server.post('/directline-channel/v3/conversations/:conversationId/activities/:activityId', deliver);
}

/** The upload's `activity` part: a message activity as a post takes it (Web Chat sends one); absent → a bare message. */
function parseUploadActivity(text: string | undefined): ReturnType<typeof parseUserActivity> {
  if (text === undefined) return { activity: { type: 'message' } };
  let value: unknown;
  try {
    if (jsonDepth(text) > MAX_JSON_DEPTH) return { status: 400, field: 'activity', message: `the activity part must not nest deeper than ${MAX_JSON_DEPTH} levels` };
    value = JSON.parse(text);
  } catch {
    return { status: 400, field: 'activity', message: 'the activity part must be a JSON activity object' };
  }
  // The part's attachment list only describes the files (Web Chat adds a data: URL thumbnail of
  // each image, often over a post's 16 KB cap): the stored files replace it, so it is not read.
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) delete (value as Record<string, unknown>).attachments;
  const parsed = parseUserActivity(value);
  if ('field' in parsed) return { ...parsed, field: `activity.${parsed.field}` };
  if (parsed.activity.type !== 'message') return { status: 400, field: 'activity.type', message: 'activity.type must be "message" in an upload' };
  return parsed;
}
