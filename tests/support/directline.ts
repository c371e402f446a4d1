import type { TurnContext } from 'botbuilder';
import WebSocket from 'ws';
import { DirectLineChannel } from '../../bot/channels/directline/channel';
import type { ConversationStore } from '../../bot/channels/directline/store';
import { createLogger } from '../../bot/logger';

/** A Direct Line activity as clients receive it. */
export interface ClientActivity {
  id: string;
  type: string;
  text?: string;
  from: { id: string; name?: string; role?: string };
  channelData?: Record<string, unknown>;
  suggestedActions?: { actions: Array<{ title?: string; value?: unknown }> };
  attachments?: unknown[];
  locale?: string;
}

export interface HttpAnswer<T = any> {
  status: number;
  body: T;
}

/** One JSON request; `token` becomes `Authorization: Bearer token`. */
export async function call<T = any>(url: string, method: string, options: { token?: string; body?: unknown } = {}): Promise<HttpAnswer<T>> {
  const headers: Record<string, string> = {};
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(url, {
    method,
    headers,
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: body as T };
}

export const isBotMessage = (activity: ClientActivity) => activity.type === 'message' && activity.from.role === 'bot';

/**
 * Polls `GET …/activities?watermark=` until `done` accepts what arrived since `watermark`;
 * returns those activities and the last watermark.
 */
export async function pollUntil(
  domain: string,
  conversationId: string,
  token: string,
  done: (activities: ClientActivity[]) => boolean,
  watermark = '',
  timeoutMs = 15_000,
): Promise<{ activities: ClientActivity[]; watermark: string }> {
  const seen: ClientActivity[] = [];
  let current = watermark;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const answer = await call<{ activities: ClientActivity[]; watermark: string }>(
      `${domain}/conversations/${conversationId}/activities?watermark=${current}`,
      'GET',
      { token },
    );
    if (answer.status !== 200) throw new Error(`poll: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
    seen.push(...answer.body.activities);
    current = answer.body.watermark;
    if (done(seen)) return { activities: seen, watermark: current };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`poll: gave up after ${timeoutMs} ms; received ${JSON.stringify(seen.map((a) => [a.type, a.from.role, a.text]))}`);
}

/** A WebSocket on a stream URL collecting the activity sets it receives. */
export class StreamClient {
  readonly sets: Array<{ activities: ClientActivity[]; watermark: string }> = [];
  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      // binaryType is left at 'nodebuffer', so ws hands each message over as one Buffer.
      const text = (data as Buffer).toString();
      if (text) this.sets.push(JSON.parse(text) as { activities: ClientActivity[]; watermark: string });
    });
  }

  /** Opens the stream; rejects with the HTTP status when the upgrade is refused. */
  static open(url: string): Promise<StreamClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.once('open', () => resolve(new StreamClient(socket)));
      socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      socket.once('error', reject);
    });
  }

  get activities(): ClientActivity[] {
    return this.sets.flatMap((set) => set.activities);
  }

  async waitFor(done: (activities: ClientActivity[]) => boolean, timeoutMs = 15_000): Promise<ClientActivity[]> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this.activities)) {
      if (Date.now() > deadline) {
        throw new Error(`stream: gave up; received ${JSON.stringify(this.activities.map((a) => [a.type, a.from.role, a.text]))}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return this.activities;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}

/** The bot's turn logic, as a channel runs it. */
export type Logic = (context: TurnContext) => Promise<void>;

/** A channel on `store`, as one process (or instance) of the server runs it, with no HTTP; `logic` is the bot. */
export function channelOn(store: ConversationStore, logic: Logic, clock?: () => number): DirectLineChannel {
  const serviceUrl = () => 'http://127.0.0.1:1/directline-channel/';
  const channel = new DirectLineChannel({ store, serviceUrl, logger: createLogger('silent'), bot: { id: 'bot', name: 'Bot' }, clock });
  // In place of the adapter: the logic runs with a bare context holding the activity.
  channel.connect((activity) => logic({ activity } as unknown as TurnContext));
  return channel;
}
