import restify, { type Request, type Response, type Server } from 'restify';
import type { KnowledgeBase } from '../knowledge';
import type { AnalyticsRecorder } from './analytics/recorder';
import { corsHandler } from './channels/widget/cors';
import { isWidgetResource, registerWidgetRoutes } from './channels/widget/routes';
import type { Config } from './config';
import { applyHttpTimeouts, refuseDeepJson, refuseEncodedBodies, refuseMultipartBodies } from './http/bodyGuards';
import { errorAnswer } from './http/errorTable';
import { securityHeaders } from './http/securityHeaders';
import type { Lifecycle } from './http/lifecycle';
import type { Logger } from './logger';
import { registerFaqRoutes } from './faq/routes';
import { registerFaqFeedbackRoutes, type FeedbackRecorder } from './faq/feedbackRoute';
import { registerFavicon } from './http/favicon';
import { registerHealthRoutes } from './http/health';
import { registerMessageRoutes } from './botframework/messagesRoute';
import type { Bot, BotAdapter } from './botframework/runtime';

/** Request bodies above this are refused with 413 (Teams refuses messages over about 40 KB). */
const MAX_BODY_BYTES = 256 * 1024;

/** What the HTTP server is built from; tests pass their own (temp data dir, local auth, fakes). */
export interface ServerDeps {
  config: Readonly<Config>;
  logger: Logger;
  /** The live knowledge base (a function, so an edited one can replace it without restart). */
  knowledge: () => KnowledgeBase;
  /** The Bot Framework adapter and bot behind /api/messages. */
  adapter: BotAdapter;
  bot: Bot;
  /** Records each FAQ search for the staff analytics (none: not recorded). */
  analytics?: AnalyticsRecorder;
  /** Where the widget's "was this helpful?" answers go. */
  feedback: FeedbackRecorder;
  /** Counts requests in flight and says whether the instance is ready (graceful shutdown). */
  lifecycle?: Lifecycle;
}

/** Builds the restify server with every route; the caller decides when it listens. */
export function createServer(deps: ServerDeps): Server {
  const server = restify.createServer({ name: 'csp-assistant', handleUncaughtExceptions: false });
  deps.lifecycle?.track(server);
  applyHttpTimeouts(server.server);
  server.pre(securityHeaders(deps.config));
  refuseEncodedBodies(server);
  refuseMultipartBodies(server);
  server.pre(corsHandler({ allowedOrigins: deps.config.WIDGET_ALLOWED_ORIGINS, appliesTo: isWidgetResource }));
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(
    restify.plugins.bodyParser({ mapParams: false, maxBodySize: MAX_BODY_BYTES, rejectUnknown: false }),
  );
  refuseDeepJson(server);

  registerFavicon(server);
  registerHealthRoutes(server, () => ({ entries: deps.knowledge().entries.length }), deps.lifecycle);
  registerFaqRoutes(server, deps.knowledge, deps.analytics);
  registerFaqFeedbackRoutes(server, deps.knowledge, deps.feedback);
  registerWidgetRoutes(server, { publicUrl: deps.config.PUBLIC_URL });
  registerMessageRoutes(server, deps.adapter, deps.bot);

  server.on('restifyError', (req: Request, res: Response, error: RestifyError, callback: () => unknown) => {
    // A domain error a handler threw: answered by the one table (errorTable.ts), as if caught.
    const known = errorAnswer(error);
    if (known) {
      for (const [name, value] of Object.entries(known.headers ?? {})) res.setHeader(name, value);
      Object.assign(error, { statusCode: known.status, toJSON: () => known.body });
      deps.logger.debug({ status: known.status, url: req.url, message: error.message }, 'server: client error');
      return callback();
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) deps.logger.error({ err: error, url: req.url }, 'server: request failed');
    else deps.logger.debug({ status, url: req.url, message: error.message }, 'server: client error');
    // A plain Error (a bug in a handler) has no statusCode: restify would then send a fresh
    // InternalError carrying the error's own text (a path, a table, a secret). Giving it the status
    // makes restify send this object, with the fixed message below.
    error.statusCode = status;
    error.toJSON = () => ({
      error: status >= 500 ? 'internal_error' : codeOf(error),
      // Some messages (restify's 404) repeat the request path: keep what a client can make us echo short.
      message: status >= 500 ? 'server: the request could not be completed' : truncate(error.message, 200),
    });
    return callback();
  });
  return server;
}

/** What restify hands its 'restifyError' listeners (typed `any` there): an Error, its status and code when it has them. */
interface RestifyError extends Error {
  statusCode?: number;
  code?: unknown;
  /** Restify serializes the error's response body with this. */
  toJSON?: () => unknown;
}

/** restify-errors' code (`ResourceNotFound`) or Node's (`ERR_…`); `bad_request` for an error without one. */
function codeOf(error: RestifyError): string {
  return typeof error.code === 'string' || typeof error.code === 'number' ? String(error.code) : 'bad_request';
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}

/** Starts listening; resolves with the bound port (PORT=0 picks a free one, as tests do). */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      resolve((server.address() as { port: number }).port);
    });
  });
}

