import type { ActivityHandlerBase, CloudAdapter } from 'botbuilder';
import type { Server } from 'restify';
import { KnowledgeBase } from '../knowledge';
import { createAdapter, type AdapterOptions } from './adapter';
import type { Config } from './config';
import type { Logger } from './logger';
import { SearchBot } from './searchBot';
import { createServer } from './server';
import { openDatabase, type Database } from './storage/database';
import { migrate } from './storage/migrate';

/** Replaceable parts, for tests (a local auth setup, a prepared database, a fixed clock). */
export interface AppOverrides {
  adapter?: AdapterOptions;
  database?: Database;
  knowledgeBase?: KnowledgeBase;
}

/** The assembled application: what index.ts listens with and what tests drive. */
export interface App {
  readonly server: Server;
  readonly adapter: CloudAdapter;
  readonly bot: ActivityHandlerBase;
  readonly database: Database;
  readonly knowledge: () => KnowledgeBase;
  /** Stops background work and closes the database (the server is closed by its owner). */
  close(): Promise<void>;
}

/** Wires config → knowledge base → database → adapter → bot → server. */
export async function createApp(config: Readonly<Config>, logger: Logger, overrides: AppOverrides = {}): Promise<App> {
  const knowledgeBase = overrides.knowledgeBase ?? KnowledgeBase.fromDirectory(config.knowledgeDir);
  const knowledge = () => knowledgeBase;
  const database =
    overrides.database ?? (await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir }));
  await migrate(database);

  const adapter = createAdapter(config, overrides.adapter);
  adapter.onTurnError = async (context, error) => {
    logger.error({ err: error, conversation: context.activity.conversation?.id }, 'bot: turn failed');
  };
  const bot = new SearchBot(knowledge);
  const server = createServer({ config, logger, knowledge, adapter, bot });

  return {
    server,
    adapter,
    bot,
    database,
    knowledge,
    async close() {
      await database.close();
    },
  };
}
