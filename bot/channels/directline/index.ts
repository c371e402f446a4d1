import type { Server } from 'restify';
import type { Config } from '../../config';
import type { Logger } from '../../logger';
import { clientKey } from '../../rateLimits/clientKey';
import type { RateLimiter } from '../../rateLimits/rateLimiter';
import type { SqlAttachmentStore } from '../../attachments/store';
import { DirectLineChannel, type BotAccount, type TurnRunner } from './channel';
import { acceptReply, type ReplyAnswer } from './replyApi';
import { ReplyEndpoint } from './replyEndpoint';
import { registerDirectLineRoutes } from './routes';
import type { ConversationStore } from './store';
import { attachDirectLineStream } from './stream';
import { DirectLineTokens } from './tokens';


/** How often idle conversations are dropped. */
const SWEEP_INTERVAL_MS = 60_000;

/** The bot as the built-in Direct Line channel names it. */
const DEFAULT_BOT_ACCOUNT: BotAccount = { id: 'csp-assistant', name: 'CSP assistant' };

/** The built-in Direct Line 3.0–compatible endpoint: its token service, store, channel and connector. */
export interface DirectLine {
  readonly tokens: DirectLineTokens;
  readonly store: ConversationStore;
  /** The address of the channel's reply API (the `serviceUrl` the bot replies to). */
  readonly endpoint: ReplyEndpoint;
  readonly channel: DirectLineChannel;
  /** The reply API (sendToConversation, replyToActivity), for a connector that serves the bot's replies in process. */
  acceptReply(conversationId: string, authorization: unknown, payload: unknown): Promise<ReplyAnswer>;
  /** Hands the channel's turns to the bot (once the adapter and bot exist). */
  connect(run: TurnRunner): void;
  /** Adds the `/v3/directline` and channel-reply routes and the WebSocket stream to the server. */
  register(server: Server): void;
  /** Stops the idle sweep and closes open streams and the store. */
  close(): Promise<void>;
}

export interface DirectLineOptions {
  /** Conversations, their activities and pending turns (SqlConversationStore). */
  store: ConversationStore;
  bot?: BotAccount;
  /** Milliseconds since the epoch, for tests. */
  clock?: () => number;
  /** The token signing key; default: one kept in DATA_DIR (several instances pass a shared one). */
  signingKey?: Buffer;
  /** Counts activity posts per conversation and user (the app's limiter: shared in the database on PostgreSQL). */
  rateLimiter?: RateLimiter;
  /** Where uploaded files are kept (none: the upload route answers 404). */
  attachments?: SqlAttachmentStore;
}

/** Builds the endpoint; its signing key is given, or read from (or created in) DATA_DIR. */
export function createDirectLine(config: Readonly<Config>, logger: Logger, options: DirectLineOptions): DirectLine {
  const tokens = options.signingKey
    ? DirectLineTokens.withKey(options.signingKey, options.clock)
    : DirectLineTokens.open(config.dataDir, options.clock);
  const { store } = options;
  const endpoint = new ReplyEndpoint();
  const channel = new DirectLineChannel({
    store,
    serviceUrl: () => endpoint.serviceUrl(),
    logger,
    bot: options.bot ?? DEFAULT_BOT_ACCOUNT,
    clock: options.clock,
  });
  const recover = () => channel.recover().catch((error: unknown) => logger.error({ err: error }, 'directline: recovery of pending turns failed'));
  // Also picks up turns of an instance that died (PostgreSQL) once their lease has run out.
  const sweep = setInterval(() => {
    store.sweep().catch((error: unknown) => logger.error({ err: error }, 'directline: sweep failed'));
    void recover();
  }, SWEEP_INTERVAL_MS);
  sweep.unref();
  let closeStreams: (() => void) | undefined;
  return {
    tokens,
    store,
    endpoint,
    channel,
    acceptReply: (conversationId, authorization, payload) => acceptReply(tokens, channel, conversationId, authorization, payload),
    connect: (run) => channel.connect(run),
    register(server) {
      endpoint.bind(server);
      registerDirectLineRoutes(server, {
        tokens,
        channel,
        publicUrl: config.PUBLIC_URL,
        limiter: options.rateLimiter,
        postsPerMinute: config.RATE_LIMIT_DIRECTLINE_POSTS_PER_MINUTE,
        attachments: options.attachments,
      });
      // Turns acknowledged before a crash run once the server listens (their replies need its address).
      server.server.once('listening', () => void recover());
      closeStreams = attachDirectLineStream(server.server, {
        tokens,
        store,
        logger,
        maxStreams: config.DIRECTLINE_MAX_STREAMS,
        maxStreamsPerClient: config.DIRECTLINE_MAX_STREAMS_PER_CLIENT,
        clientOf: (req) => clientKey(req, config.TRUST_PROXY_HOPS),
      });
    },
    async close() {
      clearInterval(sweep);
      if (!(await channel.drain(config.SHUTDOWN_TIMEOUT_SECONDS * 1000))) {
        logger.warn('directline: turns still running at shutdown; their replies may be lost');
      }
      closeStreams?.();
      await store.close();
    },
  };
}
