import type { Socket } from 'node:net';
import type { Activity } from 'botbuilder';
import { AuthenticationConstants, type ClaimsIdentity } from 'botframework-connector';
import type { Request } from 'restify';
import type { Config } from '../config';
import { clientAddress, limitKeyOfAddress } from '../rateLimits/clientKey';
import type { RateLimiter } from '../rateLimits/rateLimiter';
import type { SqlConversationBindings } from './conversationBindings';

/** Why a request to /api/messages is refused: the status and the `{"error","message","field"}` body. */
export interface Refusal {
  readonly status: number;
  readonly error: string;
  readonly message: string;
  readonly field?: string;
  /** Seconds, for a 429's Retry-After. */
  readonly retryAfterSeconds?: number;
}

/** The built-in Direct Line endpoint, as far as /api/messages must keep away from it. */
export interface BuiltInChannel {
  /** The channelId its activities carry. */
  readonly channelId: string;
  /** Whether a serviceUrl is the channel's own reply API (on this server). */
  ownsServiceUrl(url: string): boolean;
  /** Whether a conversation id is one of its conversations. */
  hasConversation(conversationId: string): Promise<boolean>;
}

export interface MessageAdmissionDeps {
  readonly config: Readonly<Pick<
    Config,
    'channelAuthEnabled' | 'ANONYMOUS_REMOTE' | 'TRUST_PROXY_HOPS' | 'RATE_LIMIT_MESSAGES_PER_MINUTE' | 'RATE_LIMIT_MESSAGES_PER_CONVERSATION_PER_MINUTE'
  >>;
  readonly bindings: SqlConversationBindings;
  readonly limiter: RateLimiter;
  readonly builtInChannel: BuiltInChannel;
}

/** Headers a proxy adds: a request carrying one was forwarded, so it is not from this machine. */
const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'];

const LOOPBACK_HOST = /^(127(\.\d{1,3}){3}|localhost|\[::1\])$/i;

/** A socket address on this machine: 127.0.0.0/8 or ::1, IPv4-mapped or not. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.replace(/^::ffff:/i, '');
  return plain === '::1' || /^127(\.\d{1,3}){3}$/.test(plain);
}

const refuse = (status: number, error: string, message: string, field?: string): Refusal => ({
  status,
  error,
  message,
  ...(field ? { field } : {}),
});

/**
 * Who may post which activity to /api/messages (issue 13, finding 4).
 *
 * Without an app id nobody is authenticated, so the endpoint is the Emulator's: clients on this
 * machine only (unless ANONYMOUS_REMOTE), replies only to the client itself, never the built-in
 * web chat channel. In both modes a conversation belongs to the channel that started it: a
 * request for it from another channelId or serviceUrl is refused before the bot reads or writes
 * anything of it (state, transcript, ticket) and before the server calls any URL.
 */
export class MessageAdmission {
  constructor(private readonly deps: MessageAdmissionDeps) {}

  private get anonymous(): boolean {
    return !this.deps.config.channelAuthEnabled;
  }

  /** Checks that need no token: who is calling, and where the replies would go. */
  async beforeAuthentication(req: Request, activity: Activity): Promise<Refusal | undefined> {
    const { config, builtInChannel } = this.deps;
    if (builtInChannel.ownsServiceUrl(activity.serviceUrl)) {
      return refuse(403, 'forbidden', "serviceUrl is the built-in web chat channel's; its conversations are not reachable here", 'serviceUrl');
    }
    if (!this.anonymous) return undefined;
    const socketAddress = (req.socket as Socket | undefined)?.remoteAddress;
    const forwarded = FORWARDING_HEADERS.some((name) => req.headers[name] !== undefined);
    const local = isLoopbackAddress(socketAddress) && !forwarded;
    if (!local && !config.ANONYMOUS_REMOTE) {
      return refuse(403, 'forbidden', 'without MicrosoftAppId this endpoint serves the Bot Framework Emulator on this machine only');
    }
    if (activity.channelId === builtInChannel.channelId) {
      return refuse(403, 'forbidden', `channelId "${builtInChannel.channelId}" belongs to the built-in web chat channel`, 'channelId');
    }
    const client = local ? 'loopback' : clientAddress(req, config.TRUST_PROXY_HOPS);
    if (!serviceUrlPointsAt(activity.serviceUrl, client)) {
      return refuse(403, 'forbidden', 'without MicrosoftAppId the serviceUrl must be the calling client itself (the Emulator)', 'serviceUrl');
    }
    const decision = await this.deps.limiter.hit(`messages:${client === 'loopback' ? socketAddress : limitKeyOfAddress(client)}`, config.RATE_LIMIT_MESSAGES_PER_MINUTE, 60);
    if (!decision.allowed) return this.tooMany(config.RATE_LIMIT_MESSAGES_PER_MINUTE, decision.retryAfterSeconds);
    return undefined;
  }

  /**
   * Checks once the caller is known (after the token, with an app id): the conversation must be
   * new or the caller's own channel's, then its rate limit. A new conversation is bound here.
   */
  async afterAuthentication(activity: Activity, identity: ClaimsIdentity): Promise<Refusal | undefined> {
    const { bindings, builtInChannel, config } = this.deps;
    const conversationId = activity.conversation.id;
    const wanted = { channelId: activity.channelId, serviceUrl: activity.serviceUrl };
    let bound = await bindings.get(conversationId);
    if (!bound) {
      // Its conversations never pass here (they run in process), so they are recognised by id.
      if (await builtInChannel.hasConversation(conversationId)) return this.notYours();
      bound = await bindings.claim(conversationId, (await bindings.fromTickets(conversationId)) ?? wanted);
    }
    if (bound.channelId !== wanted.channelId) return this.notYours();
    if (bound.serviceUrl !== wanted.serviceUrl) {
      // Channels may move a conversation (Teams' regional URLs); only a token that vouches for the new URL may.
      const vouched = identity.getClaimValue(AuthenticationConstants.ServiceUrlClaim) === wanted.serviceUrl;
      if (this.anonymous || !vouched) return this.notYours();
      await bindings.moveServiceUrl(conversationId, wanted.channelId, wanted.serviceUrl);
    }
    const limit = config.RATE_LIMIT_MESSAGES_PER_CONVERSATION_PER_MINUTE;
    const decision = await this.deps.limiter.hit(`messages-conversation:${conversationId}`, limit, 60);
    if (!decision.allowed) return this.tooMany(limit, decision.retryAfterSeconds);
    return undefined;
  }

  private notYours(): Refusal {
    return refuse(403, 'forbidden', 'this conversation belongs to another channel or serviceUrl', 'conversation');
  }

  private tooMany(limit: number, retryAfterSeconds: number): Refusal {
    return {
      ...refuse(429, 'too_many_requests', `rate limit: at most ${limit} activities per minute; retry in ${retryAfterSeconds} s`),
      retryAfterSeconds,
    };
  }
}

/** Whether a serviceUrl reaches the client: any loopback host for a local client, else the client's own address. */
function serviceUrlPointsAt(serviceUrl: string, client: string): boolean {
  let host: string;
  try {
    host = new URL(serviceUrl).hostname;
  } catch {
    return false;
  }
  if (client === 'loopback') return LOOPBACK_HOST.test(host);
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === client.replace(/^::ffff:/i, '').toLowerCase();
}

/** The channelId the built-in Direct Line endpoint gives its activities (bot/channels/directline/channel.ts). */
const BUILT_IN_CHANNEL_ID = 'directline';

/** The built-in Direct Line endpoint seen from /api/messages: its reply API's URL and its conversation store. */
export function builtInChannelOf(directLine: {
  endpoint: { localize(url: string): string | undefined };
  store: { get(conversationId: string): Promise<unknown> };
}): BuiltInChannel {
  return {
    channelId: BUILT_IN_CHANNEL_ID,
    ownsServiceUrl: (url) => directLine.endpoint.localize(url) !== undefined,
    hasConversation: async (conversationId) => (await directLine.store.get(conversationId)) !== undefined,
  };
}
