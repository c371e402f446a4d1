import http from 'node:http';
import type { RunningApp } from '../../support/app';

/** A local Bot Connector: records what the bot posts back, per conversation. */
export interface LocalChannel {
  readonly serviceUrl: string;
  /** Replies received for a conversation id, in order (trace activities left out). */
  replies(conversationId: string): Array<Record<string, any>>;
  close(): Promise<void>;
}

export async function startLocalChannel(): Promise<LocalChannel> {
  const byConversation = new Map<string, Array<Record<string, any>>>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const conversationId = decodeURIComponent(/\/v3\/conversations\/([^/]+)/.exec(req.url ?? '')?.[1] ?? '');
      let activity: Record<string, any> = {};
      try {
        activity = JSON.parse(body || '{}');
      } catch {
        // recorded as empty
      }
      if (activity.type !== 'trace') byConversation.set(conversationId, [...(byConversation.get(conversationId) ?? []), activity]);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id: `reply-${Date.now()}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    serviceUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}/`,
    replies: (conversationId) => byConversation.get(conversationId) ?? [],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let sequence = 0;

/** A well-formed channel activity for /api/messages; `overrides` replaces any field. */
export function channelActivity(channel: LocalChannel, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  sequence += 1;
  return {
    type: 'message',
    id: `activity-${sequence}`,
    channelId: 'emulator',
    serviceUrl: channel.serviceUrl,
    conversation: { id: `hostile-${sequence}-${Math.random().toString(36).slice(2, 8)}` },
    from: { id: 'supplier-1', name: 'Supplier' },
    recipient: { id: 'assistant', name: 'CSP assistant' },
    locale: 'fr-FR',
    timestamp: new Date().toISOString(),
    text: 'bonjour',
    ...overrides,
  };
}

/** Posts raw bytes or text to a path, with the given content type. */
export function postRaw(running: RunningApp, path: string, body: string | Buffer, contentType = 'application/json'): Promise<Response> {
  return fetch(`${running.url}${path}`, { method: 'POST', headers: { 'Content-Type': contentType }, body: typeof body === 'string' ? body : new Blob([new Uint8Array(body)]) });
}

export function postActivity(running: RunningApp, activity: unknown): Promise<Response> {
  return postRaw(running, '/api/messages', JSON.stringify(activity));
}

/**
 * What every hostile case ends with: the server still answers /healthz, and a new, well-behaved
 * conversation still gets its FAQ answer through /api/messages.
 */
export async function expectStillServing(running: RunningApp, channel: LocalChannel): Promise<void> {
  const health = await fetch(`${running.url}/healthz`);
  expect(health.status).toBe(200);
  const activity = channelActivity(channel, { text: 'comment activer la 2FA' });
  const response = await postActivity(running, activity);
  expect(response.status).toBe(200);
  const conversationId = (activity.conversation as { id: string }).id;
  expect(channel.replies(conversationId)[0]?.text).toMatch(/^Après vous être connecté au CSP/);
}
