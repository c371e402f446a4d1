import { createAnalyticsModule, PURGE_INTERVAL_MS, type AnalyticsModule } from '../../../bot/analytics/module';
import { loadConfig } from '../../../bot/config';
import { createLogger } from '../../../bot/logger';
import type { Database } from '../../../bot/storage/database';
import { ENGINES } from '../storage/engines';

const sqlite = ENGINES.find((engine) => engine.name === 'sqlite')!;
const config = loadConfig({ NODE_ENV: 'test', ANALYTICS_RETENTION_DAYS: '30' });
const logger = createLogger('silent');

describe('createAnalyticsModule', () => {
  let db: Database;
  let dispose: () => Promise<void>;
  let analytics: AnalyticsModule | undefined;

  beforeEach(async () => {
    ({ db, dispose } = await sqlite.open());
  });
  afterEach(async () => {
    jest.useRealTimers();
    await analytics?.close();
    await dispose();
  });

  async function ask(text: string, at: Date): Promise<void> {
    const module = createAnalyticsModule({ config, logger, database: db, overrides: { now: () => at } });
    await module.recorder.recordQuestion({ surface: 'chat', text, lang: 'fr', topEntryId: null, topScore: null, confident: false });
  }

  it('purges the records older than ANALYTICS_RETENTION_DAYS when it starts', async () => {
    await ask('trop vieille', new Date(Date.now() - 31 * 86_400_000));
    await ask('récente', new Date(Date.now() - 29 * 86_400_000));
    analytics = createAnalyticsModule({ config, logger, database: db });
    await analytics.start();
    expect((await db.all('SELECT text FROM analytics_questions'))).toEqual([{ text: 'récente' }]);
  });

  it('purges again every day until it is closed', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    analytics = createAnalyticsModule({ config, logger, database: db });
    const purge = jest.spyOn(analytics.store, 'purgeOlderThan').mockResolvedValue(0);
    await analytics.start();
    expect(purge).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(PURGE_INTERVAL_MS);
    expect(purge).toHaveBeenCalledTimes(2);
    expect(purge).toHaveBeenLastCalledWith(30);
    await analytics.close();
    jest.advanceTimersByTime(3 * PURGE_INTERVAL_MS);
    expect(purge).toHaveBeenCalledTimes(2);
  });

  it('gives the surfaces a recorder that logs a failure instead of failing the turn', async () => {
    const warnings: string[] = [];
    const quiet = Object.assign(createLogger('silent'), { warn: (_details: object, message: string) => void warnings.push(message) });
    analytics = createAnalyticsModule({ config, logger: quiet, database: db });
    await db.run('DROP TABLE analytics_questions');
    await expect(
      analytics.recorder.recordQuestion({ surface: 'teams', text: 'x', lang: 'en', topEntryId: null, topScore: null, confident: false }),
    ).resolves.toBeUndefined();
    await expect(analytics.recorder.markEscalated('c1')).resolves.toBeUndefined();
    expect(warnings).toEqual(['analytics: could not record a question']);
  });
});
