import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App, type AppOverrides } from '../../bot/app';
import { loadConfig, type Config } from '../../bot/config';
import { createLogger } from '../../bot/logger';
import { listen } from '../../bot/server';
import { createTestDatabase, postgresAvailable } from './postgres';

export interface RunningApp {
  readonly app: App;
  readonly config: Readonly<Config>;
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

/**
 * Starts the whole application on a free loopback port with its own temporary DATA_DIR.
 * `env` adds or overrides environment variables; logs are silent unless TEST_LOG_LEVEL is set.
 */
export async function startApp(env: Record<string, string> = {}, overrides: AppOverrides = {}): Promise<RunningApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-test-'));
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ...env });
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const app = await createApp(config, logger, overrides);
  const port = await listen(app.server, 0, '127.0.0.1');
  return {
    app,
    config,
    url: `http://127.0.0.1:${port}`,
    dataDir,
    async stop() {
      await new Promise<void>((resolve) => app.server.close(() => resolve()));
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Two instances of the application on one fresh PostgreSQL database of their own. */
export interface SharedPostgresApps {
  readonly first: RunningApp;
  readonly second: RunningApp;
  /** Stops both instances and drops the database. */
  stop(): Promise<void>;
}

/**
 * Starts two instances sharing a new PostgreSQL database (what several replicas behind a load
 * balancer share); `env` is added to both. Fails when PostgreSQL is not reachable.
 */
export async function startTwoOnPostgres(env: Record<string, string> = {}): Promise<SharedPostgresApps> {
  if (!(await postgresAvailable())) throw new Error('tests: PostgreSQL is not reachable (see TEST_DATABASE_URL)');
  const database = await createTestDatabase();
  const shared = { DATABASE_URL: database.url, ...env };
  const started: RunningApp[] = [];
  const stop = async () => {
    for (const running of started.reverse()) await running.stop();
    await database.drop();
  };
  try {
    started.push(await startApp(shared));
    started.push(await startApp(shared));
  } catch (error) {
    await stop();
    throw error;
  }
  return { first: started[0]!, second: started[1]!, stop };
}
