/**
 * Composition root: read the configuration, assemble the application, listen, and
 * shut down cleanly. What the application is made of lives in app.ts.
 */
import { format } from 'node:util';
import v8 from 'node:v8';
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
    {
      port,
      entries: app.knowledge().entries.length,
      database: app.database.engine,
      channelAuth: config.channelAuthEnabled,
      // The heap limit `npm start` sets (package.json config.nodeFlags); a run without the flags shows here.
      heapLimitMb: Math.round(v8.getHeapStatistics().heap_size_limit / 1048576),
    },
    'server: listening',
  );
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // Not ready → the load balancer stops routing here; in-flight turns finish; then close.
    logger.info({ signal, inFlight: app.lifecycle.requestsInFlight }, 'server: draining');
    const { drained } = await app.lifecycle.drain(app.server, config.SHUTDOWN_TIMEOUT_SECONDS * 1000);
    logger.info({ drained }, 'server: stopped accepting; closing');
    await app.close().catch((error: unknown) => logger.error({ err: error }, 'server: close failed'));
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  // Start-up errors name the variable or file at fault; print them plainly, not as a stack.
  // (What console.error would print, written without the console, which no-console keeps to the CLIs.)
  process.stderr.write(`${format(error instanceof Error ? error.message : error)}\n`);
  process.exit(1);
});
