import { ConversationState, TranscriptLoggerMiddleware, UserState, type ActivityHandlerBase, type CloudAdapter, type Storage } from 'botbuilder';
import type { Server } from 'restify';
import { MainDialog, Replies, Session } from '../dialogs';
import { KnowledgeBase } from '../knowledge';
import { createAdapter, type AdapterOptions } from './botframework/adapter';
import { anyGuard, bearerTokenGuard, staffSessionGuard } from './analytics/guard';
import { createAnalyticsModule, type AnalyticsOverrides } from './analytics/module';
import type { AnalyticsRecorder } from './analytics/recorder';
import { AssistantBot } from './botframework/assistantBot';
import { configuredCredentialsFactory, createDirectLine, type DirectLine, type DirectLineOptions } from './channels/directline';
import { registerWebChatRoutes } from './channels/web/routes';
import type { Config } from './config';
import { createHandoffModule, type HandoffOverrides } from './handoff/module';
import { createKnowledgeModule, type KnowledgeModule, type KnowledgeOverrides } from './knowledgeEditing/module';
import type { HandoffService } from './handoff/handoffService';
import type { Logger } from './logger';
import { analyticsFeedbackRecorder, type FeedbackRecorder } from './faq/feedbackRoute';
import type { StaffGuard } from './knowledgeEditing/routes';
import { SqlFeedbackStore } from './faq/feedbackStore';
import { createServer } from './server';
import { openDatabase, type Database } from './storage/database';
import { migrate } from './storage/migrate';
import { authenticateStaff, readCookie, SESSION_COOKIE } from './staff/auth';
import { createSuggestionsModule, type SuggestionsModule } from './suggestions/module';
import { FaqMessagingExtension } from './botframework/faqMessagingExtension';
import type { MessagingExtensionHandler } from './botframework/messagingExtension';
import { createTurnErrorHandler } from './botframework/turnError';
import { TeamsQueryRecorder } from './faq/teamsQueryRecorder';
import { countingEscalations, countingResolutions } from './analytics/conversationAnalytics';
import type { EventBus } from './events/eventBus';
import { deployment } from './deployment';
import { enforcePublicRateLimits } from './rateLimits/publicLimits';
import { Lifecycle } from './http/lifecycle';
import { SqlStorage } from './botframework/sqlStorage';
import { SqlTranscriptStore } from './botframework/sqlTranscriptStore';
import { SendPacingMiddleware, type SendPacingOptions } from './botframework/sendPacing';
import { builtInChannelOf, MessageAdmission } from './botframework/messageAdmission';
import { SqlConversationBindings } from './botframework/conversationBindings';

/** Replaceable parts, for tests (a local auth setup, a prepared database, a fixed clock). */
export interface AppOverrides {
  adapter?: AdapterOptions;
  database?: Database;
  /** A fixed knowledge base instead of the live, editable one (no editing API then). */
  knowledgeBase?: KnowledgeBase;
  /** Knowledge editing parts (change notifier between instances, evaluation set, clock). */
  knowledgeEditing?: KnowledgeOverrides;
  /** Premium support handoff parts (proactive sender, webhook timing, sign-in limiter, clock). */
  handoff?: HandoffOverrides;
  /** Where widget feedback goes (default: the staff analytics, which writes the feedback table). */
  feedback?: FeedbackRecorder;
  /** Bot state storage (default: in memory). */
  storage?: Storage;
  /** Teams' message extension search. */
  messagingExtension?: MessagingExtensionHandler;
  /** Analytics parts (staff guard, clock, question grouping). */
  analytics?: AnalyticsOverrides;
  /** The built-in Direct Line endpoint's parts (conversation store, bot account, clock). */
  directLine?: DirectLineOptions;
  /** Events between instances (default: PostgreSQL LISTEN/NOTIFY with DATABASE_URL, else in-process). */
  eventBus?: EventBus;
  /** Outbound pacing and retry (default: Teams' per-conversation limits). */
  sendPacing?: SendPacingOptions;
}

/** The assembled application: what index.ts listens with and what tests drive. */
export interface App {
  readonly server: Server;
  readonly adapter: CloudAdapter;
  readonly bot: ActivityHandlerBase;
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

/** How often transcripts older than TRANSCRIPT_RETENTION_DAYS are deleted. */
const TRANSCRIPT_PURGE_INTERVAL_MS = 24 * 3600 * 1000;

/** Wires config → knowledge base → database → adapter → bot → server. */
export async function createApp(config: Readonly<Config>, logger: Logger, overrides: AppOverrides = {}): Promise<App> {
  for (const deprecation of config.deprecations) logger.warn(deprecation);
  const database =
    overrides.database ?? (await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir }));
  await migrate(database);
  // With PostgreSQL, several instances share everything: state, conversations, events, limits.
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
  const directLine = createDirectLine(config, logger, { store, rateLimiter, signingKey, ...overrides.directLine });
  // /api/messages: who may reach which conversation (the Emulator only, without an app id).
  const admission = new MessageAdmission({
    config,
    bindings: new SqlConversationBindings(database),
    limiter: rateLimiter,
    builtInChannel: builtInChannelOf(directLine),
  });
  const adapter = createAdapter(config, {
    ...overrides.adapter,
    credentialsFactory: directLine.connector.wrapCredentialsFactory(
      overrides.adapter?.credentialsFactory ?? configuredCredentialsFactory(config),
    ),
    admission,
    logger,
  });
  const handoff = createHandoffModule({
    config,
    logger,
    database,
    adapter,
    overrides: { events: infrastructure.handoffEvents, signInLimiter: infrastructure.signInLimit, ...overrides.handoff },
  });
  const analytics = createAnalyticsModule({ config, logger, database, knowledge, overrides: overrides.analytics });
  await analytics.start();
  const suggestions = createSuggestionsModule({ database, logger });
  // Conversation and user state in the database: a conversation survives a restart and any instance serves any turn.
  const storage = overrides.storage ?? new SqlStorage(database);
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
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const session = new Session(conversationState, userState, (text, hint) => knowledge().detectLanguage(text, hint));
  const replies = new Replies(session);
  const feedbackStore = new SqlFeedbackStore(database);
  const gateway = countingEscalations(handoff.service, analytics.recorder);
  const dialog = new MainDialog({
    knowledge,
    session,
    replies,
    feedback: countingResolutions(feedbackStore, analytics.recorder),
    handoff: gateway,
    logger,
    analytics: analytics.recorder,
    suggestions: suggestions.recorder,
  });
  const teamsQuestions = new TeamsQueryRecorder(analytics.recorder);
  const messagingExtension = overrides.messagingExtension ?? new FaqMessagingExtension(knowledge, teamsQuestions);
  const bot = new AssistantBot({ conversationState, userState, session, replies, dialog, handoff: gateway, messagingExtension });
  adapter.onTurnError = createTurnErrorHandler({ logger, conversationState, session });
  const feedback = overrides.feedback ?? analyticsFeedbackRecorder(analytics.recorder);
  const lifecycle = new Lifecycle();
  const server = createServer({ config, logger, knowledge, adapter, bot, feedback, analytics: analytics.recorder, lifecycle });
  enforcePublicRateLimits(server, rateLimiter, config);
  handoff.registerRoutes(server);
  directLine.connect(adapter, (context) => bot.run(context));
  directLine.register(server);
  registerWebChatRoutes(server, { config, tokens: directLine.tokens, logger });
  const requireKnowledgeStaff: StaffGuard = async (req, res) => (await authenticateStaff(req, res, { config, accounts: handoff.accounts }))?.actor;
  knowledgeEditing?.registerRoutes(server, requireKnowledgeStaff, (req) => handoff.accounts.session(readCookie(req, SESSION_COOKIE)));
  suggestions.registerPublicRoute(server, knowledge);
  if (knowledgeEditing) suggestions.registerStaffRoutes(server, knowledgeEditing.editor, requireKnowledgeStaff, knowledge);
  analytics.registerRoutes(server, anyGuard(bearerTokenGuard(config.STAFF_API_TOKEN), staffSessionGuard(handoff.accounts)));

  return {
    server,
    adapter,
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
      clearInterval(transcriptPurge);
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
