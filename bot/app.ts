import type { Server } from 'restify';
import type { KnowledgeBase } from '../knowledge';
import { createAnalyticsModule, type AnalyticsOverrides } from './analytics/module';
import type { AnalyticsRecorder } from './analytics/recorder';
import {
  createBotRuntime,
  type AdapterOptions,
  type Bot,
  type BotAdapter,
  type BotStorage,
  type MessagingExtensionHandler,
  type SendPacingOptions,
} from './botframework/runtime';
import { createAttachmentsModule } from './attachments/module';
import { createDirectLine, type DirectLine, type DirectLineOptions } from './channels/directline';
import { webChatConversations } from './channels/web/followUpLinks';
import { registerWebChatRoutes } from './channels/web/routes';
import type { Config } from './config';
import { createHandoffModule, type HandoffOverrides } from './handoff/module';
import { createKnowledgeModule, type KnowledgeModule, type KnowledgeOverrides } from './knowledgeEditing/module';
import type { HandoffService } from './handoff/handoffService';
import type { Logger } from './logger';
import { analyticsFeedbackRecorder, type FeedbackRecorder } from './faq/feedbackRoute';
import { SqlFeedbackStore } from './faq/feedbackStore';
import { createServer } from './server';
import { openDatabase, type Database } from './storage/database';
import { migrate } from './storage/migrate';
import { createStaffModule, type StaffOverrides } from './staff/module';
import { createSuggestionsModule, type SuggestionsModule } from './suggestions/module';
import { TeamsQueryRecorder } from './faq/teamsQueryRecorder';
import { countingEscalations, countingResolutions } from './analytics/conversationAnalytics';
import type { EventBus } from './events/eventBus';
import { deployment } from './deployment';
import { Lifecycle } from './http/lifecycle';
import { enforcePublicRateLimits } from './rateLimits/publicLimits';

/** Replaceable parts, for tests (a local auth setup, a prepared database, a fixed clock). */
export interface AppOverrides {
  adapter?: AdapterOptions;
  database?: Database;
  /** A fixed knowledge base instead of the live, editable one (no editing API then). */
  knowledgeBase?: KnowledgeBase;
  /** Knowledge editing parts (change notifier between instances, evaluation set, clock). */
  knowledgeEditing?: KnowledgeOverrides;
  /** Premium support handoff parts (proactive sender, webhook timing, clock). */
  handoff?: HandoffOverrides;
  /** Staff sign-in parts (attempt limiter, clock). */
  staff?: StaffOverrides;
  /** Where widget feedback goes (default: the staff analytics, which writes the feedback table). */
  feedback?: FeedbackRecorder;
  /** Bot state storage (default: in memory). */
  storage?: BotStorage;
  /** Teams' message extension search. */
  messagingExtension?: MessagingExtensionHandler;
  /** Analytics parts (clock, question grouping). */
  analytics?: AnalyticsOverrides;
  /** The built-in Direct Line endpoint's parts (conversation store, bot account, clock). */
  directLine?: Partial<DirectLineOptions>;
  /** Events between instances (default: PostgreSQL LISTEN/NOTIFY with DATABASE_URL, else in-process). */
  eventBus?: EventBus;
  /** Outbound pacing and retry (default: Teams' per-conversation limits). */
  sendPacing?: SendPacingOptions;
}

/** The assembled application: what index.ts listens with and what tests drive. */
export interface App {
  readonly server: Server;
  readonly adapter: BotAdapter;
  readonly bot: Bot;
  readonly database: Database;
  readonly knowledge: () => KnowledgeBase;
  /** The live knowledge base and its staff editing (absent when a fixed knowledge base was passed). */
  readonly knowledgeEditing?: KnowledgeModule;
  /** Premium support: the bot's HandoffGateway, and the staff operations behind /staff and /api/handoff. */
  readonly handoff: HandoffService;
  /** Records questions, feedback, escalations and resolutions for /staff/analytics; never rejects. */
  readonly analytics: AnalyticsRecorder;
  /** Accepted "did you mean" suggestions and the staff's candidate phrasings. */
  readonly suggestions: SuggestionsModule;
  /** The built-in Direct Line 3.0 endpoint behind web chat (tokens, conversations, channel). */
  readonly directLine: DirectLine;
  /** Readiness and in-flight requests, for graceful shutdown. */
  readonly lifecycle: Lifecycle;
  /** Stops background work and closes the database (the server is closed by its owner). */
  close(): Promise<void>;
}

/** Wires config → knowledge base → database → adapter → bot → server. */
export async function createApp(config: Readonly<Config>, logger: Logger, overrides: AppOverrides = {}): Promise<App> {
  for (const deprecation of config.deprecations) logger.warn(deprecation);
  const database =
    overrides.database ?? (await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir }));
  await migrate(database);
  // Local or shared infrastructure, decided once from the database engine (PostgreSQL: several instances).
  const infrastructure = await deployment(database, config, logger, { eventBus: overrides.eventBus });
  // The knowledge base lives in the database (seeded from the files on first start); staff edits swap it without restart.
  const fixedKnowledge = overrides.knowledgeBase;
  const knowledgeEditing = fixedKnowledge
    ? undefined
    : await createKnowledgeModule({
        database,
        knowledgeDir: config.knowledgeDir,
        logger,
        overrides: { changes: infrastructure.knowledgeChanges, ...overrides.knowledgeEditing },
      });
  const knowledge = knowledgeEditing ? () => knowledgeEditing.live.current() : () => fixedKnowledge!;

  const { rateLimiter, conversationStore: store, signingKey } = infrastructure;
  // Replies and proactive messages to the built-in Direct Line channel are signed with its own key.
  // Files suppliers send (web chat's attach button, cloud channels' attachments), kept in the database.
  const files = await createAttachmentsModule({ config, logger, database });
  const directLine = createDirectLine(config, logger, { store, rateLimiter, signingKey, attachments: files.store, ...overrides.directLine });
  // The Bot Framework: the adapter (admission to /api/messages, pacing, transcripts), then the bot below.
  const botRuntime = await createBotRuntime({ config, logger, database, directLine, limiter: rateLimiter, attachments: files.store, overrides });
  const staff = createStaffModule({ config, logger, database, overrides: { signInLimiter: infrastructure.signInLimit, ...overrides.staff } });
  const handoff = createHandoffModule({
    config,
    logger,
    database,
    send: botRuntime.send,
    conversations: webChatConversations(config, directLine),
    attachments: files.store,
    overrides: { events: infrastructure.handoffEvents, ...overrides.handoff },
  });
  const analytics = createAnalyticsModule({ config, logger, database, knowledge, overrides: overrides.analytics });
  await analytics.start();
  const suggestions = createSuggestionsModule({ database, logger });
  const feedbackStore = new SqlFeedbackStore(database);
  const teamsQuestions = new TeamsQueryRecorder(analytics.recorder);
  const bot = botRuntime.createBot({
    knowledge,
    feedback: countingResolutions(feedbackStore, analytics.recorder),
    handoff: countingEscalations(handoff.service, analytics.recorder),
    logger,
    analytics: analytics.recorder,
    suggestions: suggestions.recorder,
    teamsQuestions,
  });
  const feedback = overrides.feedback ?? analyticsFeedbackRecorder(analytics.recorder);
  const lifecycle = new Lifecycle();
  const server = createServer({ config, logger, knowledge, adapter: botRuntime.adapter, bot, feedback, analytics: analytics.recorder, lifecycle });
  enforcePublicRateLimits(server, rateLimiter, config);
  staff.registerRoutes(server);
  handoff.registerRoutes(server, staff.requireStaff);
  directLine.register(server);
  registerWebChatRoutes(server, {
    config,
    tokens: directLine.tokens,
    logger,
    conversationExists: async (conversationId) => (await directLine.store.get(conversationId)) !== undefined,
    activeTicket: async (conversationId) => (await handoff.service.activeTicketFor(conversationId))?.id,
  });
  knowledgeEditing?.registerRoutes(server, staff.requireStaff);
  suggestions.registerPublicRoute(server, knowledge);
  if (knowledgeEditing) suggestions.registerStaffRoutes(server, knowledgeEditing.editor, staff.requireStaff, knowledge);
  analytics.registerRoutes(server, staff.requireStaff);

  return {
    server,
    adapter: botRuntime.adapter,
    bot,
    database,
    knowledge,
    knowledgeEditing,
    handoff: handoff.service,
    analytics: analytics.recorder,
    suggestions,
    directLine,
    lifecycle,
    async close() {
      files.close();
      botRuntime.close();
      await teamsQuestions.flush();
      await directLine.close();
      await knowledgeEditing?.close();
      await handoff.close();
      await analytics.close();
      await infrastructure.close();
      await database.close();
    },
  };
}
