import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../../logger';
import { parseWatermark } from './activity';
import { sequenceOf, type ActivitySet, type ConversationStore } from './store';
import { TokenError, type DirectLineTokens } from './tokens';

const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/]+)\/stream$/;
/** Pings keep proxies from closing quiet sockets and find dead clients. */
const PING_INTERVAL_MS = 30_000;

export interface StreamDeps {
  tokens: DirectLineTokens;
  store: ConversationStore;
  logger: Logger;
}

function refuse(socket: Duplex, status: number, reason: string, error: string, message: string): void {
  const body = JSON.stringify({ error, message });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Sends sets of activities newer than what the socket has already received, in order. */
function sender(ws: WebSocket, from: number) {
  let last = from;
  return (set: ActivitySet) => {
    const activities = set.activities.filter((activity) => sequenceOf(activity.id) > last);
    if (activities.length === 0 || ws.readyState !== ws.OPEN) return;
    last = sequenceOf(activities[activities.length - 1]!.id);
    ws.send(JSON.stringify({ activities, watermark: String(last) }));
  };
}

/**
 * The stream Direct Line clients open at the `streamUrl`: a WebSocket on the HTTP server's
 * upgrade event that first sends what came after the watermark, then each new activity as
 * `{ activities, watermark }`. Messages from the client (DirectLineJS pings with "") are ignored.
 * Returns a function closing every open stream (also done when the HTTP server closes).
 */
export function attachDirectLineStream(httpServer: HttpServer, deps: StreamDeps): () => void {
  const { tokens, store, logger } = deps;
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 4096, clientTracking: true });

  const serve = async (ws: WebSocket, conversationId: string, watermark: number | undefined) => {
    const pending: ActivitySet[] = [];
    let send: ((set: ActivitySet) => void) | undefined;
    const unsubscribe = store.subscribe(conversationId, (set) => (send ? send(set) : pending.push(set)));
    let alive = true;
    const ping = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, PING_INTERVAL_MS);
    ping.unref();
    ws.on('pong', () => (alive = true));
    ws.on('message', () => (alive = true));
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      clearInterval(ping);
      unsubscribe();
    });
    const backlog = await store.since(conversationId, watermark);
    send = sender(ws, watermark ?? 0);
    if (backlog) send(backlog);
    for (const set of pending.splice(0)) send(set);
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = STREAM_PATH.exec(url.pathname);
    if (!match) return; // another feature's WebSocket
    socket.on('error', () => socket.destroy());
    void (async () => {
      let conversationId: string;
      try {
        conversationId = decodeURIComponent(match[1]!);
        const claims = tokens.verify(url.searchParams.get('t') ?? undefined, 'stream');
        if (claims.conversationId !== conversationId) {
          return refuse(socket, 403, 'Forbidden', 'forbidden', 'directline: the token is for another conversation');
        }
      } catch (error) {
        if (error instanceof TokenError) return refuse(socket, 401, 'Unauthorized', 'unauthorized', error.message);
        return refuse(socket, 400, 'Bad Request', 'bad_request', 'directline: malformed stream URL');
      }
      const parsed = parseWatermark(url.searchParams.get('watermark') ?? undefined);
      if ('field' in parsed) return refuse(socket, 400, 'Bad Request', 'bad_request', parsed.message);
      if (!(await store.get(conversationId))) {
        return refuse(socket, 404, 'Not Found', 'not_found', 'directline: no such conversation (it may have expired)');
      }
      sockets.handleUpgrade(req, socket, head, (ws) => {
        serve(ws, conversationId, parsed.watermark).catch((error: unknown) => {
          logger.error({ err: error, conversation: conversationId }, 'directline: stream failed');
          ws.terminate();
        });
      });
    })().catch((error: unknown) => {
      logger.error({ err: error }, 'directline: stream upgrade failed');
      socket.destroy();
    });
  };
  httpServer.on('upgrade', onUpgrade);

  const closeAll = () => {
    for (const ws of sockets.clients) ws.terminate();
  };
  // http.Server#close waits for every connection, upgraded ones included: end the streams first.
  const close = httpServer.close.bind(httpServer);
  httpServer.close = ((callback?: (error?: Error) => void) => {
    closeAll();
    return close(callback);
  }) as typeof httpServer.close;
  return () => {
    closeAll();
    httpServer.off('upgrade', onUpgrade);
  };
}
