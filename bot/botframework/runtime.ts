import { ConversationState, TranscriptLoggerMiddleware, UserState, type ActivityHandlerBase, type CloudAdapter, type Storage } from 'botbuilder';
import { MainDialog, Replies, Session, type MainDialogDeps } from '../../dialogs';
import type { KnowledgeBase } from '../../knowledge';
import type { DirectLine } from '../channels/directline';
import type { Config } from '../config';
import type { TeamsQueryRecorder } from '../faq/teamsQueryRecorder';
import type { ProactiveSender } from '../handoff/handoffService';
import type { HandoffGateway } from '../handoff/types';
import type { RateLimiter } from '../rateLimits/rateLimiter';
import type { Logger } from '../logger';
import type { Database } from '../storage/database';
import { createAdapter, type AdapterOptions } from './adapter';
import { AssistantBot } from './assistantBot';
import { SqlConversationBindings } from './conversationBindings';
import { ChannelConnector, configuredCredentialsFactory } from './directline/connector';
import { FaqMessagingExtension } from './faqMessagingExtension';
import { builtInChannelOf, MessageAdmission } from './messageAdmission';
import { FileIntake } from './fileIntake';
import type { SqlAttachmentStore } from '../attachments/store';
import type { MessagingExtensionHandler } from './messagingExtension';
import { adapterSender } from './proactiveSender';
import { SendPacingMiddleware, type SendPacingOptions } from './sendPacing';
import { SqlStorage } from './sqlStorage';
import { SqlTranscriptStore } from './sqlTranscriptStore';
import { createTurnErrorHandler } from './turnError';

/** The adapter that reaches the channels (tests send proactive messages through it). */
export type BotAdapter = CloudAdapter;
/** The bot every turn runs through. */
export type Bot = ActivityHandlerBase;
/** Where conversation and user state are kept. */
export type BotStorage = Storage;
export type { AdapterOptions, MessagingExtensionHandler, SendPacingOptions };

/** How often transcripts older than TRANSCRIPT_RETENTION_DAYS are deleted. */
const TRANSCRIPT_PURGE_INTERVAL_MS = 24 * 3600 * 1000;

/** Replaceable parts of the Bot Framework side, for tests. */
interface BotRuntimeOverrides {
  /** A local auth setup, or credentials that never reach the cloud identity service. */
  adapter?: AdapterOptions;
  /** Bot state storage (default: the database). */
  storage?: BotStorage;
  /** Teams' message extension search (default: the FAQ's). */
  messagingExtension?: MessagingExtensionHandler;
  /** Outbound pacing and retry (default: Teams' per-conversation limits). */
  sendPacing?: SendPacingOptions;
}

export interface BotRuntimeDeps {
  readonly config: Readonly<Config>;
  readonly logger: Logger;
  readonly database: Database;
  /** The built-in Direct Line endpoint: its replies are signed with its key and served in process. */
  readonly directLine: DirectLine;
  /** Per-conversation and per-client limits of /api/messages. */
  readonly limiter: RateLimiter;
  /** Where suppliers' files are kept (none: messages' files are not taken). */
  readonly attachments?: SqlAttachmentStore;
  readonly overrides?: BotRuntimeOverrides;
}

/** What the conversation is made of: the dialogs' collaborators (see MainDialogDeps) and Teams' searches. */
interface ConversationDeps extends Omit<MainDialogDeps, 'session' | 'replies' | 'handoff'> {
  readonly knowledge: () => KnowledgeBase;
  /** Premium support: the escalation dialog opens tickets, the bot forwards messages while one is active. */
  readonly handoff: HandoffGateway;
  /** Records Teams' message-extension searches as questions. */
  readonly teamsQuestions: TeamsQueryRecorder;
}

/** The Bot Framework side of the application, built by createBotRuntime. */
export interface BotRuntime {
  readonly adapter: BotAdapter;
  /** Proactive messages into a stored conversation (the handoff's staff replies). */
  readonly send: ProactiveSender;
  /** Builds the bot on state in the database and connects the built-in Direct Line channel to it. Call once. */
  createBot(conversation: ConversationDeps): Bot;
  /** Stops the transcript retention timer. */
  close(): void;
}

/**
 * Everything Bot Framework–specific the application needs, behind one call: the adapter (with
 * admission to /api/messages, the built-in channel's credentials, send pacing and transcripts),
 * the proactive sender, and the bot with its state and dialogs. A move to the Microsoft 365
 * Agents SDK replaces this folder; app.ts sees plain functions and the types above.
 */
export async function createBotRuntime(deps: BotRuntimeDeps): Promise<BotRuntime> {
  const { config, logger, database, directLine, overrides = {} } = deps;
  const directLineConnector = new ChannelConnector(directLine.tokens, directLine.endpoint);
  directLineConnector.serveRepliesInProcess((conversationId, authorization, payload) =>
    directLine.acceptReply(conversationId, authorization, payload),
  );
  // /api/messages: who may reach which conversation (the Emulator only, without an app id).
  const admission = new MessageAdmission({
    config,
    bindings: new SqlConversationBindings(database),
    limiter: deps.limiter,
    builtInChannel: builtInChannelOf(directLine),
  });
  const adapter = createAdapter(config, {
    ...overrides.adapter,
    credentialsFactory: directLineConnector.wrapCredentialsFactory(
      overrides.adapter?.credentialsFactory ?? configuredCredentialsFactory(config),
    ),
    admission,
    logger,
  });
  const transcripts = new SqlTranscriptStore(database);
  // First in the chain: splits batches and paces each send within Teams' per-conversation limits.
  adapter.use(new SendPacingMiddleware(overrides.sendPacing));
  adapter.use(new TranscriptLoggerMiddleware(transcripts));
  const purgeTranscripts = () =>
    transcripts
      .purgeOlderThan(config.TRANSCRIPT_RETENTION_DAYS)
      .catch((error: unknown) => logger.error({ err: error }, 'transcripts: retention purge failed'));
  await purgeTranscripts();
  const transcriptPurge = setInterval(() => void purgeTranscripts(), TRANSCRIPT_PURGE_INTERVAL_MS);
  transcriptPurge.unref();

  return {
    adapter,
    send: adapterSender(adapter, config.MicrosoftAppId),
    createBot(conversation) {
      const { knowledge, handoff, teamsQuestions, ...dialogDeps } = conversation;
      // Conversation and user state in the database: a conversation survives a restart and any instance serves any turn.
      const storage = overrides.storage ?? new SqlStorage(database);
      const conversationState = new ConversationState(storage);
      const userState = new UserState(storage);
      const session = new Session(conversationState, userState, (text, hint) => knowledge().detectLanguage(text, hint));
      const replies = new Replies(session);
      const dialog = new MainDialog({ ...dialogDeps, knowledge, session, replies, handoff });
      const messagingExtension = overrides.messagingExtension ?? new FaqMessagingExtension(knowledge, teamsQuestions);
      const builtIn = builtInChannelOf(directLine);
      const files = deps.attachments
        ? new FileIntake({
            store: deps.attachments,
            // Only the cloud Direct Line's own host: the origin of the endpoint the web chat page is given.
            allowedOrigins: [new URL(config.DIRECT_LINE_ENDPOINT).origin],
            isBuiltIn: (activity) => activity.channelId === builtIn.channelId && typeof activity.serviceUrl === 'string' && builtIn.ownsServiceUrl(activity.serviceUrl),
            logger,
          })
        : undefined;
      const bot = new AssistantBot({ conversationState, userState, session, replies, dialog, handoff, messagingExtension, files });
      adapter.onTurnError = createTurnErrorHandler({ logger, conversationState, session });
      directLine.connect(directLineConnector.turnRunner(adapter, config.MicrosoftAppId, (context) => bot.run(context)));
      return bot;
    },
    close() {
      clearInterval(transcriptPurge);
    },
  };
}
