import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../../logger';
import { parseWatermark } from './activity';
import { MAX_QUEUED_STREAM_BYTES, MAX_STREAM_BUFFER_BYTES, MAX_STREAMS_PER_CONVERSATION } from './limits';
import { sequenceOf, type ActivitySet, type ConversationStore } from './store';
import { TokenError, type DirectLineTokens } from './tokens';

const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/]+)\/stream$/;
/**
 * Close code of a stream opened past MAX_STREAMS_PER_CONVERSATION (4000–4999: the application's
 * own). Browsers hide a refused handshake's HTTP status from scripts, so the web chat page could
 * not say why the conversation stayed silent in a fifth tab; a close code it can read.
 */
export const TOO_MANY_STREAMS_CLOSE_CODE = 4429;
/** A client that does not answer that close frame is cut off after this long. */
const CLOSE_GRACE_MS = 2000;
/** Pings keep proxies from closing quiet sockets and find dead clients. */
const PING_INTERVAL_MS = 30_000;

export interface StreamDeps {
  tokens: DirectLineTokens;
  store: ConversationStore;
  logger: Logger;
  /** Open streams on this instance at most (all conversations). */
  maxStreams: number;
  /**
   * Open streams per client on this instance at most: conversations cost nothing, so without it
   * one client, 4 streams at a time, holds every stream of the instance and the next visitors get 503.
   */
  maxStreamsPerClient: number;
  /** The client a request comes from (as the rate limits see it: socket address, or X-Forwarded-For by hop count). */
  clientOf: (req: IncomingMessage) => string;
}

function refuse(socket: Duplex, status: number, reason: string, error: string, message: string): void {
  const body = JSON.stringify({ error, message });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * Sends sets of activities newer than what the socket has already received, in order. A client
 * that does not read (its queued output past MAX_STREAM_BUFFER_BYTES) is disconnected rather than
 * buffered for: DirectLineJS reconnects and resumes from its watermark.
 */
export function sender(ws: WebSocket, from: number, instanceOverBudget: () => boolean) {
  let last = from;
  return (set: ActivitySet) => {
    const activities = set.activities.filter((activity) => sequenceOf(activity.id) > last);
    if (activities.length === 0 || ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_STREAM_BUFFER_BYTES || (ws.bufferedAmount > 0 && instanceOverBudget())) return ws.terminate();
    last = sequenceOf(activities[activities.length - 1]!.id);
    ws.send(JSON.stringify({ activities, watermark: String(last) }));
  };
}

/**
 * The stream Direct Line clients open at the `streamUrl`: a WebSocket on the HTTP server's
 * upgrade event that first sends what came after the watermark (page by page), then each new
 * activity as `{ activities, watermark }`. Messages from the client (DirectLineJS pings with "")
 * are ignored. A stream token opens one socket; a conversation has at most
 * MAX_STREAMS_PER_CONVERSATION (one more is closed with TOO_MANY_STREAMS_CLOSE_CODE), the
 * instance `maxStreams`. Upgrades to any other path are answered 404 and closed (nothing else
 * here speaks WebSocket).
 * Returns a function closing every open stream (also done when the HTTP server closes).
 */
export function attachDirectLineStream(httpServer: HttpServer, deps: StreamDeps): () => void {
  const { tokens, store, logger, maxStreams, maxStreamsPerClient, clientOf } = deps;
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 4096, clientTracking: true });
  /** Streams open or being opened, per conversation and per client (this instance). */
  const open = new Map<string, number>();
  const openByClient = new Map<string, number>();
  let opening = 0;

  const countIn = (counts: Map<string, number>, key: string, delta: number) => {
    const next = (counts.get(key) ?? 0) + delta;
    if (next > 0) counts.set(key, next);
    else counts.delete(key);
  };
  const count = (conversationId: string, delta: number) => countIn(open, conversationId, delta);
  /** Whether all streams together have more output queued than MAX_QUEUED_STREAM_BYTES (at most maxStreams sockets to add up). */
  const overBudget = () => {
    let queued = 0;
    for (const client of sockets.clients) queued += client.bufferedAmount;
    return queued > MAX_QUEUED_STREAM_BYTES;
  };

  const serve = async (ws: WebSocket, conversationId: string, watermark: number | undefined) => {
    const send = sender(ws, watermark ?? 0, overBudget);
    // Live sets wait while the backlog is paged: sent at once, a newer one would move the sender's
    // watermark past backlog pages not yet sent, and the sender would skip them as already sent.
    let waiting: ActivitySet[] | undefined = [];
    const unsubscribe = store.subscribe(conversationId, (set) => (waiting ? waiting.push(set) : send(set)));
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
    // The backlog page by page: never more than one page of it in memory.
    let from = watermark;
    try {
      for (;;) {
        const page = await store.since(conversationId, from);
        if (!page || ws.readyState !== ws.OPEN || Number(page.watermark) <= (from ?? 0)) break;
        send(page);
        from = Number(page.watermark);
      }
    } finally {
      const live = waiting;
      waiting = undefined;
      for (const set of live) send(set);
    }
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = STREAM_PATH.exec(url.pathname);
    if (!match) return refuse(socket, 404, 'Not Found', 'not_found', 'server: no WebSocket is served at this path');
    if (sockets.clients.size + opening >= maxStreams) {
      return refuse(socket, 503, 'Service Unavailable', 'unavailable', 'directline: too many open streams; retry shortly');
    }
    const client = clientOf(req);
    if ((openByClient.get(client) ?? 0) >= maxStreamsPerClient) {
      return refuse(socket, 429, 'Too Many Requests', 'too_many_requests', `directline: at most ${maxStreamsPerClient} open streams per client`);
    }
    // Counted from now until the connection closes, refused or served, as per conversation below.
    countIn(openByClient, client, 1);
    socket.once('close', () => countIn(openByClient, client, -1));
    opening += 1;
    void (async () => {
      let conversationId: string;
      let claims;
      try {
        conversationId = decodeURIComponent(match[1]!);
        claims = await tokens.verify(url.searchParams.get('t') ?? undefined, 'stream');
        if (claims.conversationId !== conversationId) {
          return refuse(socket, 403, 'Forbidden', 'forbidden', 'directline: the token is for another conversation');
        }
      } catch (error) {
        if (error instanceof TokenError) return refuse(socket, 401, 'Unauthorized', 'unauthorized', error.message);
        return refuse(socket, 400, 'Bad Request', 'bad_request', 'directline: malformed stream URL');
      }
      const parsed = parseWatermark(url.searchParams.get('watermark') ?? undefined);
      if ('field' in parsed) return refuse(socket, 400, 'Bad Request', 'bad_request', parsed.message);
      if ((open.get(conversationId) ?? 0) >= MAX_STREAMS_PER_CONVERSATION) {
        if (socket.destroyed) return;
        // Opened only to be closed at once with a reason a browser can read; nothing is sent.
        return sockets.handleUpgrade(req, socket, head, (ws) => {
          ws.close(TOO_MANY_STREAMS_CLOSE_CODE, `directline: at most ${MAX_STREAMS_PER_CONVERSATION} open streams per conversation`);
          setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref();
        });
      }
      // Counted from now until the connection closes, refused or served: the raw socket is the stream's.
      count(conversationId, 1);
      socket.once('close', () => count(conversationId, -1));
      if (!(await store.get(conversationId))) {
        return refuse(socket, 404, 'Not Found', 'not_found', 'directline: no such conversation (it may have expired)');
      }
      if (!(await store.consumeToken(claims.tokenId!, claims.expiresAt * 1000))) {
        return refuse(socket, 401, 'Unauthorized', 'unauthorized', 'directline: this stream URL was already used; get a new one (GET the conversation)');
      }
      if (socket.destroyed) return;
      sockets.handleUpgrade(req, socket, head, (ws) => {
        serve(ws, conversationId, parsed.watermark).catch((error: unknown) => {
          logger.error({ err: error, conversation: conversationId }, 'directline: stream failed');
          ws.terminate();
        });
      });
    })()
      .catch((error: unknown) => {
        logger.error({ err: error }, 'directline: stream upgrade failed');
        socket.destroy();
      })
      .finally(() => {
        opening -= 1;
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
  });
  return () => {
    closeAll();
    httpServer.off('upgrade', onUpgrade);
  };
}
