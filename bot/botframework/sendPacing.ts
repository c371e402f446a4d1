/**
 * Outbound sends to channels. What botframework-connector 4.23's ConnectorClient already does
 * (its pipeline is @azure/core-rest-pipeline's default, through botbuilder-stdlib's compat
 * ServiceClient): up to 3 retries of a send refused with 429 or 503 carrying Retry-After
 * (honoured, also retry-after-ms), of any 5xx but 501/505 and 408 with exponential backoff
 * (1 s doubling, at most 64 s, jittered), and of ECONNRESET/ECONNREFUSED/timeouts. It does not
 * retry 412, nor 429 without Retry-After, and it knows nothing of per-conversation limits:
 * that is what this file adds.
 */
import type { Activity, Middleware, ResourceResponse, TurnContext } from 'botbuilder';

/** At most `count` messages in any `perMs` milliseconds. */
export interface SendLimit {
  readonly count: number;
  readonly perMs: number;
}

/** Teams' limits per bot and conversation. */
export const TEAMS_SEND_LIMITS: readonly SendLimit[] = [
  { count: 7, perMs: 1000 },
  { count: 60, perMs: 30_000 },
  { count: 1800, perMs: 3600_000 },
];

export interface SendPacingOptions {
  /** Default: Teams' limits. */
  limits?: readonly SendLimit[];
  /** Channels whose sends are paced (their limits are Teams'); other channels' sends are only retried. Default: msteams. */
  pacedChannels?: readonly string[];
  /** Added to every window, so network jitter cannot squeeze one message too many into it. Default 50 ms. */
  marginMs?: number;
  /** Attempts for a send the channel refuses with 412 or 429 (the connector's own policy gives up on those). Default 4. */
  maxAttempts?: number;
  /** First backoff delay when the channel gives no Retry-After; doubles on each attempt. Default 1000 ms. */
  baseDelayMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Hands out send slots per conversation so that no window of any limit holds more than its count.
 * Callers for one conversation are served in order; other conversations never wait for it.
 */
export class ConversationSendPacer {
  private readonly sent = new Map<string, number[]>();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly limits: readonly SendLimit[];
  private readonly marginMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly longestMs: number;

  constructor(options: Pick<SendPacingOptions, 'limits' | 'marginMs' | 'now' | 'sleep'> = {}) {
    this.limits = options.limits ?? TEAMS_SEND_LIMITS;
    if (this.limits.length === 0 || this.limits.some((limit) => limit.count < 1 || limit.perMs <= 0)) {
      throw new Error('ConversationSendPacer: every limit needs a count of at least 1 and a positive window');
    }
    this.marginMs = options.marginMs ?? 50;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
    this.longestMs = Math.max(...this.limits.map((limit) => limit.perMs)) + this.marginMs;
  }

  /** Resolves when the conversation may send one more message, and counts that message. */
  acquire(conversationId: string): Promise<void> {
    const turn = (this.queues.get(conversationId) ?? Promise.resolve()).then(() => this.waitForSlot(conversationId));
    const tail = turn.catch(() => undefined);
    this.queues.set(conversationId, tail);
    void tail.then(() => {
      if (this.queues.get(conversationId) === tail) this.queues.delete(conversationId);
    });
    return turn;
  }

  /** Conversations with a send in the longest window (for tests and metrics). */
  get trackedConversations(): number {
    return this.sent.size;
  }

  private async waitForSlot(conversationId: string): Promise<void> {
    for (;;) {
      const now = this.now();
      const recent = (this.sent.get(conversationId) ?? []).filter((at) => at > now - this.longestMs);
      let waitMs = 0;
      for (const limit of this.limits) {
        const window = limit.perMs + this.marginMs;
        const inWindow = recent.filter((at) => at > now - window);
        if (inWindow.length >= limit.count) waitMs = Math.max(waitMs, inWindow[inWindow.length - limit.count]! + window - now);
      }
      if (waitMs <= 0) {
        recent.push(now);
        this.sent.set(conversationId, recent);
        if (this.sent.size > 10_000) this.sweep(now);
        return;
      }
      await this.sleep(waitMs);
    }
  }

  private sweep(now: number): void {
    for (const [id, times] of this.sent) if (times.every((at) => at <= now - this.longestMs)) this.sent.delete(id);
  }
}

/** Activity types the adapter handles itself, without a request to the channel. */
const LOCAL_TYPES = new Set(['delay', 'invokeResponse']);

/** Statuses worth another attempt that the connector's pipeline does not retry (it handles 5xx, and 429/503 with Retry-After). */
const RETRIED_HERE = new Set([412, 429]);

/**
 * Paces every outgoing activity to Teams (replies and proactive messages) per conversation
 * within Teams' limits, and retries a send to any channel refused with 412 or 429 with
 * exponential backoff, honouring Retry-After. Use it first (`adapter.use`), so a batch is split
 * before other middleware sees it: each activity then passes the whole chain on its own.
 */
export class SendPacingMiddleware implements Middleware {
  private readonly pacer: ConversationSendPacer;
  private readonly pacedChannels: ReadonlySet<string>;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: SendPacingOptions = {}) {
    this.pacer = new ConversationSendPacer(options);
    this.pacedChannels = new Set(options.pacedChannels ?? ['msteams']);
    this.maxAttempts = options.maxAttempts ?? 4;
    this.baseDelayMs = options.baseDelayMs ?? 1000;
    this.sleep = options.sleep ?? defaultSleep;
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const paced = this.pacedChannels.has(context.activity.channelId);
    context.onSendActivities(async (ctx, activities, send) => {
      // One activity at a time, so a retry never sends again what already went through.
      if (activities.length > 1) {
        const responses: ResourceResponse[] = [];
        for (const activity of activities) responses.push(...(await ctx.sendActivities([activity])));
        return responses;
      }
      const activity: Partial<Activity> | undefined = activities[0];
      if (!activity || LOCAL_TYPES.has(activity.type ?? '')) return send();
      // The incoming activity as it came: the wire does not promise the conversation its type calls present.
      const incoming: Partial<Activity> = ctx.activity;
      return this.sendWithRetry(paced ? (incoming.conversation?.id ?? activity.conversation?.id ?? '') : undefined, send);
    });
    await next();
  }

  /** Sends, paced within the conversation's limits unless `conversationId` is undefined, retrying 412 and 429. */
  private async sendWithRetry(conversationId: string | undefined, send: () => Promise<ResourceResponse[]>): Promise<ResourceResponse[]> {
    for (let attempt = 1; ; attempt++) {
      if (conversationId !== undefined) await this.pacer.acquire(conversationId);
      try {
        return await send();
      } catch (error) {
        const status = statusOf(error);
        if (attempt >= this.maxAttempts || status === undefined || !RETRIED_HERE.has(status)) throw error;
        await this.sleep(retryAfterMs(error) ?? this.baseDelayMs * 2 ** (attempt - 1));
      }
    }
  }
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** The Retry-After of a refused send (seconds or an HTTP date), in milliseconds, capped at a minute. */
export function retryAfterMs(error: unknown, now = Date.now()): number | undefined {
  const headers = (error as { response?: { headers?: { get?: (name: string) => string | undefined } } } | undefined)?.response?.headers;
  const value = typeof headers?.get === 'function' ? headers.get('retry-after') : undefined;
  if (!value) return undefined;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now;
  return Number.isFinite(ms) ? Math.min(Math.max(0, ms), 60_000) : undefined;
}
