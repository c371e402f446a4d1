/**
 * Composition root: read the configuration, assemble the application, listen, and
 * shut down cleanly. What the application is made of lives in app.ts.
 */
import { createApp } from './app';
import { loadConfig } from './config';
import { createLogger } from './logger';
import { listen } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const app = await createApp(config, logger);
  const port = await listen(app.server, config.PORT, config.HOST);
  logger.info(
    { port, entries: app.knowledge().entries.length, database: app.database.engine, channelAuth: config.channelAuthEnabled },
    'server: listening',
  );
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'server: shutting down');
    app.server.close(() => {
      void app.close().finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  // Start-up errors name the variable or file at fault; print them plainly, not as a stack.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
