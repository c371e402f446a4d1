import { ConversationState, MemoryStorage, UserState, type ActivityHandlerBase, type CloudAdapter, type Storage } from 'botbuilder';
import type { Server } from 'restify';
import { MainDialog, Replies, Session } from '../dialogs';
import { KnowledgeBase } from '../knowledge';
import { createAdapter, type AdapterOptions } from './adapter';
import { anyGuard, bearerTokenGuard, staffSessionGuard } from './analytics/guard';
import { createAnalyticsModule, type AnalyticsOverrides } from './analytics/module';
import type { AnalyticsRecorder } from './analytics/recorder';
import { AssistantBot } from './assistantBot';
import { configuredCredentialsFactory, createDirectLine, type DirectLine, type DirectLineOptions } from './channels/directline';
import { registerWebChatRoutes } from './channels/web/routes';
import type { Config } from './config';
import { createHandoffModule, type HandoffOverrides } from './handoff/module';
import { createKnowledgeModule, type KnowledgeModule, type KnowledgeOverrides } from './knowledgeModule';
import type { HandoffService } from './handoff/handoffService';
import type { Logger } from './logger';
import { analyticsFeedbackRecorder, type FeedbackRecorder } from './routes/faqFeedback';
import { SqlFeedbackStore } from './feedback/feedbackStore';
import { createServer } from './server';
import { openDatabase, type Database } from './storage/database';
import { migrate } from './storage/migrate';
import { authenticateStaff, readCookie, SESSION_COOKIE } from './staff/auth';
import { FaqMessagingExtension } from './teams/faqMessagingExtension';
import type { MessagingExtensionHandler } from './teams/messagingExtension';
import { createTurnErrorHandler } from './turnError';

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
  /** The built-in Direct Line 3.0 endpoint behind web chat (tokens, conversations, channel). */
  readonly directLine: DirectLine;
  /** Stops background work and closes the database (the server is closed by its owner). */
  close(): Promise<void>;
}

/** Wires config → knowledge base → database → adapter → bot → server. */
export async function createApp(config: Readonly<Config>, logger: Logger, overrides: AppOverrides = {}): Promise<App> {
  const database =
    overrides.database ?? (await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir }));
  await migrate(database);
  // The knowledge base lives in the database (seeded from the files on first start); staff edits swap it without restart.
  const fixedKnowledge = overrides.knowledgeBase;
  const knowledgeEditing = fixedKnowledge
    ? undefined
    : await createKnowledgeModule({ database, knowledgeDir: config.knowledgeDir, logger, overrides: overrides.knowledgeEditing });
  const knowledge = knowledgeEditing ? () => knowledgeEditing.live.current() : () => fixedKnowledge!;

  // Replies and proactive messages to the built-in Direct Line channel are signed with its own key.
  const directLine = createDirectLine(config, logger, overrides.directLine);
  const adapter = createAdapter(config, {
    ...overrides.adapter,
    credentialsFactory: directLine.connector.wrapCredentialsFactory(
      overrides.adapter?.credentialsFactory ?? configuredCredentialsFactory(config),
    ),
  });
  const handoff = createHandoffModule({ config, logger, database, adapter, overrides: overrides.handoff });
  const analytics = createAnalyticsModule({ config, logger, database, knowledge, overrides: overrides.analytics });
  await analytics.start();
  const storage = overrides.storage ?? new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const session = new Session(conversationState, userState, (text, hint) => knowledge().detectLanguage(text, hint));
  const replies = new Replies(session);
  const feedbackStore = new SqlFeedbackStore(database);
  const dialog = new MainDialog({ knowledge, session, replies, feedback: feedbackStore, handoff: handoff.service, logger });
  const messagingExtension = overrides.messagingExtension ?? new FaqMessagingExtension(knowledge);
  const bot = new AssistantBot({ conversationState, userState, session, replies, dialog, handoff: handoff.service, messagingExtension });
  adapter.onTurnError = createTurnErrorHandler({ logger, conversationState, session });
  const feedback = overrides.feedback ?? analyticsFeedbackRecorder(analytics.recorder);
  const server = createServer({ config, logger, knowledge, adapter, bot, feedback, analytics: analytics.recorder });
  handoff.registerRoutes(server);
  directLine.connect(adapter, (context) => bot.run(context));
  directLine.register(server);
  registerWebChatRoutes(server, { config, tokens: directLine.tokens, logger });
  knowledgeEditing?.registerRoutes(
    server,
    async (req, res) => (await authenticateStaff(req, res, { config, accounts: handoff.accounts }))?.actor,
    (req) => handoff.accounts.session(readCookie(req, SESSION_COOKIE)),
  );
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
    directLine,
    async close() {
      await directLine.close();
      await knowledgeEditing?.close();
      await handoff.close();
      await analytics.close();
      await database.close();
    },
  };
}
