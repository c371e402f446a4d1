import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Request, Response, Server } from 'restify';
import { projectRoot } from '../../../knowledge/paths';
import type { Config } from '../../config';
import { AssetTable } from '../../http/assets';
import { sendError } from '../../http/errors';
import { sendDomainError } from '../../http/errorTable';
import { pathParam } from '../../http/pathParam';
import type { Logger } from '../../logger';
import { checkToken } from '../directline/replyApi';
import type { DirectLineTokens } from '../directline/tokens';
import { directLineDomain } from '../directline/urls';
import { DirectLineUpstreamError, azureCredentials, localCredentials } from './tokenService';

/** The page's files: served from the project folder whether the server runs from source or dist/. */
const WEB_CHAT_DIR = path.join(projectRoot(), 'bot', 'channels', 'web');

/** Files of the page under /chat/ and their types (nothing else there is served). */
const PAGE_FILES = new AssetTable([
  ['chat.js', { file: path.join(WEB_CHAT_DIR, 'chat.js'), type: 'application/javascript; charset=utf-8' }],
  ['chat.css', { file: path.join(WEB_CHAT_DIR, 'chat.css'), type: 'text/css; charset=utf-8' }],
  ['logo.svg', { file: path.join(WEB_CHAT_DIR, 'logo.svg'), type: 'image/svg+xml' }],
]);

export interface WebChatDeps {
  config: Readonly<Config>;
  tokens: DirectLineTokens;
  logger: Logger;
  /** Whether the built-in endpoint still keeps a conversation (a resume token outlives an expired one). */
  conversationExists: (conversationId: string) => Promise<boolean>;
  /** The id of the conversation's open or claimed ticket, if any (the page asks before starting over). */
  activeTicket: (conversationId: string) => Promise<string | undefined>;
}

function origin(url: string): string {
  return new URL(url).origin;
}

/**
 * The page's policy: scripts and styles from this server only (Web Chat injects its own style
 * elements, hence 'unsafe-inline' for styles), connections to this server and, with an Azure
 * secret, to Azure's Direct Line; embeddable by this server and WIDGET_ALLOWED_ORIGINS.
 */
function contentSecurityPolicy(config: Readonly<Config>, host: string): string {
  const connect = ["'self'", `ws://${host}`, `wss://${host}`];
  if (config.DIRECT_LINE_SECRET) {
    const upstream = origin(config.DIRECT_LINE_ENDPOINT);
    connect.push(upstream, upstream.replace(/^http/, 'ws'));
  }
  if (config.PUBLIC_URL) {
    const own = origin(config.PUBLIC_URL);
    connect.push(own.replace(/^http/, 'ws'));
  }
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "media-src 'self' blob: https:",
    "font-src 'self' data:",
    // blob: — Web Chat's attach button reads the chosen file from its blob: URL before uploading it.
    `connect-src ${[...connect, 'blob:'].join(' ')}`,
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors 'self'${config.WIDGET_ALLOWED_ORIGINS.map((allowed) => ` ${allowed.replace(/\/+$/, '')}`).join('')}`,
  ].join('; ');
}

/** Reads a file once, on first use. */
function cached(file: string): () => Buffer {
  let content: Buffer | undefined;
  return () => (content ??= fs.readFileSync(file));
}

/**
 * The web chat: `GET /` (the page), `/chat/*` (its script, styles, logo and texts),
 * `/assets/webchat.js` (Web Chat from the installed botframework-webchat package, no CDN),
 * `POST /api/directline/token` (the page's Direct Line credentials), and on the built-in endpoint
 * `POST /api/directline/resume` (a resume token traded for new credentials of its conversation)
 * and `GET /api/directline/ticket` (the conversation's open ticket, if any).
 */
export function registerWebChatRoutes(server: Server, deps: WebChatDeps): void {
  const { config, tokens, logger, conversationExists, activeTicket } = deps;
  const page = cached(path.join(WEB_CHAT_DIR, 'index.html'));
  const webChatFile = path.join(path.dirname(require.resolve('botframework-webchat')), '..', 'dist', 'webchat.js');
  const webChat = cached(webChatFile);
  let webChatGzip: Buffer | undefined;
  const strings = {
    fr: cached(path.join(WEB_CHAT_DIR, 'i18n', 'fr.json')),
    en: cached(path.join(WEB_CHAT_DIR, 'i18n', 'en.json')),
  };

  server.get('/', async (req: Request, res: Response) => {
    const host = /^[A-Za-z0-9.:[\]-]+$/.test(String(req.headers.host ?? '')) ? String(req.headers.host) : 'localhost';
    res.sendRaw(200, page(), {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': contentSecurityPolicy(config, host),
      'Cache-Control': 'no-cache',
    });
  });

  server.get('/chat/i18n/:file', async (req: Request, res: Response) => {
    const file = pathParam(req, 'file');
    const lang = file === 'fr.json' ? 'fr' : file === 'en.json' ? 'en' : undefined;
    if (!lang) return sendError(res, 404, 'not_found', 'web chat: texts exist for fr.json and en.json only');
    res.sendRaw(200, strings[lang](), { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'public, max-age=300' });
  });

  server.get('/chat/:file', async (req: Request, res: Response) => {
    const file = pathParam(req, 'file');
    const asset = PAGE_FILES.find(file);
    if (!asset) return sendError(res, 404, 'not_found', `web chat: no file ${JSON.stringify(file.slice(0, 100))}`);
    // sendRaw, not serveAssets: these answers have always carried a Content-Length.
    res.sendRaw(200, PAGE_FILES.read(asset), { 'Content-Type': asset.type, 'Cache-Control': 'public, max-age=300' });
  });

  server.get('/assets/webchat.js', async (req: Request, res: Response) => {
    const headers: Record<string, string> = {
      'Content-Type': 'application/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=86400',
      Vary: 'Accept-Encoding',
    };
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      webChatGzip ??= zlib.gzipSync(webChat());
      res.sendRaw(200, webChatGzip, { ...headers, 'Content-Encoding': 'gzip' });
      return;
    }
    res.sendRaw(200, webChat(), headers);
  });

  server.post('/api/directline/token', async (req: Request, res: Response) => {
    const payload: unknown = req.body;
    if (payload !== undefined && payload !== null && (typeof payload !== 'object' || Array.isArray(payload))) {
      return sendError(res, 400, 'bad_request', 'body must be a JSON object', 'body');
    }
    // The user id is always the server's choice, never the caller's: a chosen one let a stranger
    // act as someone else's id (issue 13). A `userId` sent by pages of earlier versions is ignored;
    // the page resumes its conversation with the token it keeps (refreshed at /tokens/refresh).
    res.setHeader('Cache-Control', 'no-store');
    if (!config.DIRECT_LINE_SECRET) {
      res.send(200, await localCredentials(tokens, directLineDomain(req, config.PUBLIC_URL)));
      return;
    }
    try {
      res.send(200, await azureCredentials(config.DIRECT_LINE_ENDPOINT, config.DIRECT_LINE_SECRET));
    } catch (error) {
      if (error instanceof DirectLineUpstreamError) logger.warn({ message: error.message }, 'web chat: no Direct Line token');
      sendDomainError(res, error);
    }
  });

  // The page's way back to its conversation once the conversation token has expired (a tab
  // closed for the night, a restart, the follow-up e-mail's link): a resume token, bound to one
  // conversation and user, traded for a new conversation token and a new resume token. Nothing
  // else accepts a resume token, and nothing but a resume token is accepted here.
  server.post('/api/directline/resume', async (req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    if (config.DIRECT_LINE_SECRET) return sendError(res, 404, 'not_found', 'web chat: conversations are resumed by Azure Direct Line here');
    const claims = await checkToken(tokens, req.headers.authorization, 'resume');
    if ('status' in claims) {
      if (claims.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
      res.send(claims.status, claims.body);
      return;
    }
    if (!(await conversationExists(claims.conversationId))) {
      return sendError(res, 404, 'not_found', 'web chat: that conversation is no longer kept; start a new one');
    }
    res.send(200, await localCredentials(tokens, directLineDomain(req, config.PUBLIC_URL), claims));
  });

  // Whether "New conversation" should ask first: only the conversation's own token may ask.
  server.get('/api/directline/ticket', async (req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    if (config.DIRECT_LINE_SECRET) return sendError(res, 404, 'not_found', 'web chat: ticket status needs the built-in Direct Line endpoint');
    const claims = await checkToken(tokens, req.headers.authorization, 'conversation');
    if ('status' in claims) {
      if (claims.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
      res.send(claims.status, claims.body);
      return;
    }
    res.send(200, { ticket: (await activeTicket(claims.conversationId)) ?? null });
  });
}
