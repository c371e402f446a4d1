import type { Server as HttpServer } from 'node:http';
import type { Request, Response, Server } from 'restify';
import { sendError } from './errors';

/**
 * Deepest nesting of arrays and objects a JSON body may have. Bot Framework activities nest
 * about ten levels, an Adaptive Card attachment some twenty; a body of 256 KB of `[` is 262,144
 * levels, and the code that walks a parsed body (JSON.stringify when storing it, zod, botbuilder's
 * clones) recurses and would throw RangeError far from any handler.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * How long a client may take to send its request headers, and its whole request (body
 * included). Node's defaults (60 s and 300 s, checked every 30 s) let a slow client hold a
 * socket for five minutes. Responses are not bounded by these: event streams stay open.
 */
export interface HttpTimeouts {
  headersMs: number;
  requestMs: number;
  /** How often Node looks for connections over these limits. */
  checkEveryMs: number;
}

export const DEFAULT_HTTP_TIMEOUTS: Readonly<HttpTimeouts> = { headersMs: 15_000, requestMs: 30_000, checkEveryMs: 1_000 };

/** Applies the timeouts; call before the server listens (Node reads the check interval then). */
export function applyHttpTimeouts(server: HttpServer, timeouts: Readonly<HttpTimeouts> = DEFAULT_HTTP_TIMEOUTS): void {
  server.headersTimeout = timeouts.headersMs;
  server.requestTimeout = timeouts.requestMs;
  (server as HttpServer & { connectionsCheckingInterval: number }).connectionsCheckingInterval = timeouts.checkEveryMs;
}

/** Whether a Content-Encoding header says the body is sent as it is ("identity", or nothing). */
function isIdentity(contentEncoding: string | string[] | undefined): boolean {
  if (contentEncoding === undefined) return true;
  const codings = (Array.isArray(contentEncoding) ? contentEncoding.join(',') : contentEncoding).split(',');
  return codings.every((coding) => coding.trim().toLowerCase() === 'identity' || coding.trim() === '');
}

/**
 * Refuses compressed request bodies on every route, before routing: 415 naming Content-Encoding.
 * restify's body reader inflates gzip without counting the inflated bytes (its maxBodySize counts
 * what came over the wire), so 200 KB of gzip became 200 MB of JSON and the process ran out of
 * heap. No client of ours compresses requests, nor do Bot Framework channels. The connection is
 * closed after the answer so that the unread body is not read on our side.
 */
export function refuseEncodedBodies(server: Server): void {
  server.pre((req: Request, res: Response, next) => {
    const encoding = req.headers['content-encoding'];
    if (isIdentity(encoding)) {
      // restify's reader refuses any coding but gzip, "identity" included: it means "none".
      delete req.headers['content-encoding'];
      return next();
    }
    res.setHeader('Accept-Encoding', 'identity');
    res.setHeader('Connection', 'close');
    sendError(res, 415, 'unsupported_media_type', 'request bodies must not be compressed: send them without Content-Encoding', 'Content-Encoding');
    return next(false);
  });
}

/**
 * The one route that takes a multipart body: Direct Line's upload (Web Chat's attach button).
 * Its handler reads the body itself, with busboy, in memory and within hard limits
 * (bot/attachments/multipart.ts); restify's parser never sees it.
 */
const UPLOAD_PATH = /^\/v3\/directline\/conversations\/[A-Za-z0-9_-]{1,128}\/upload$/;

/** The multipart Content-Type of an upload the guard let through to its route (restify saw it as a byte stream). */
const uploadTypes = new WeakMap<Request, string>();

export function multipartContentType(req: Request): string | undefined {
  return uploadTypes.get(req);
}

/**
 * Refuses multipart bodies on every route but the upload route, before routing: 415 naming
 * Content-Type. restify's body parser hands them to formidable, which writes every file part to
 * the system temp directory and never removes it: one anonymous 256 KB request, to any route
 * (a 401 or 404 one too), left thousands of files in /tmp, and nothing bounded how many requests
 * did. For the upload route the body is hidden from restify's reader and parser (its type is
 * kept aside and the request marked a byte stream, which both pass by) for the route to read.
 */
export function refuseMultipartBodies(server: Server): void {
  server.pre((req: Request, res: Response, next) => {
    const type = req.headers['content-type'];
    if (typeof type !== 'string' || !/^\s*multipart\//i.test(type)) return next();
    if (req.method === 'POST' && UPLOAD_PATH.test((req.url ?? '').split('?')[0] ?? '') && /^\s*multipart\/form-data\s*;/i.test(type)) {
      uploadTypes.set(req, type);
      req.headers['content-type'] = 'application/octet-stream';
      return next();
    }
    res.setHeader('Connection', 'close');
    sendError(res, 415, 'unsupported_media_type', 'multipart bodies are not accepted: send JSON', 'Content-Type');
    return next(false);
  });
}

/** The nesting depth of a JSON text, in one pass (brackets inside strings do not count). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return deepest;
}

/** After the body parser: a JSON body nested deeper than MAX_JSON_DEPTH → 400 naming the body. */
export function refuseDeepJson(server: Server): void {
  server.use((req: Request, res: Response, next) => {
    const raw: unknown = (req as { rawBody?: unknown }).rawBody;
    const isJson = /^application\/([\w.-]+\+)?json$/i.test(req.getContentType());
    if (!isJson || typeof raw !== 'string' || typeof req.body !== 'object' || req.body === null) return next();
    if (jsonDepth(raw) <= MAX_JSON_DEPTH) return next();
    sendError(res, 400, 'bad_request', `the JSON body must not nest deeper than ${MAX_JSON_DEPTH} levels`, 'body');
    return next(false);
  });
}
