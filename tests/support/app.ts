import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App, type AppOverrides } from '../../bot/app';
import { loadConfig, type Config } from '../../bot/config';
import { createLogger } from '../../bot/logger';
import { listen } from '../../bot/server';

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
