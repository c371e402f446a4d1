import { TLSSocket } from 'node:tls';
import type { Request } from 'restify';

const HOST_PATTERN = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The absolute address the browser reached this server at: PUBLIC_URL when set (behind a proxy),
 * otherwise the request's Host header (only a well-formed one), without a trailing slash.
 */
function publicBase(req: Request, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  const host = String(req.headers.host ?? '');
  const safeHost = HOST_PATTERN.test(host) ? host : `localhost:${req.socket.localPort ?? 3978}`;
  const protocol = req.socket instanceof TLSSocket ? 'https' : 'http';
  return `${protocol}://${safeHost}`;
}

/** The `domain` Web Chat's createDirectLine takes for the built-in endpoint. */
export function directLineDomain(req: Request, publicUrl: string | undefined): string {
  return `${publicBase(req, publicUrl)}/v3/directline`;
}

/** The WebSocket URL of a conversation's stream (http → ws, https → wss). */
export function streamUrl(req: Request, publicUrl: string | undefined, conversationId: string, streamToken: string, watermark?: number): string {
  const base = publicBase(req, publicUrl).replace(/^http/, 'ws');
  const query = new URLSearchParams({ watermark: watermark === undefined ? '' : String(watermark), t: streamToken });
  return `${base}/v3/directline/conversations/${encodeURIComponent(conversationId)}/stream?${query.toString()}`;
}
