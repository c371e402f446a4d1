import type { Server } from 'restify';
import { loadKnowledgeData, type KnowledgeBase } from '../../knowledge';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { StaffGuard } from '../staff/identity';
import type { Database } from '../storage/database';
import { questionTerms, type QuestionTerms } from './grouping';
import { bestEffort, type AnalyticsRecorder } from './recorder';
import { registerAnalyticsRoutes } from './routes';
import { SqlAnalytics } from './sqlAnalytics';
import type { AnalyticsSummary } from './summary';

/** How often old analytics are purged after the start-up purge. */
export const PURGE_INTERVAL_MS = 24 * 60 * 60 * 1000;

/** Replaceable parts of the analytics module, for tests. */
export interface AnalyticsOverrides {
  terms?: QuestionTerms;
  now?: () => Date;
}

export interface AnalyticsModuleDeps {
  config: Readonly<Config>;
  logger: Logger;
  database: Database;
  /** The live knowledge base, for entry titles in the summary. */
  knowledge?: () => KnowledgeBase;
  overrides?: AnalyticsOverrides;
}

/** The assembled analytics: the recorder the surfaces call, the figures, and the retention job. */
export interface AnalyticsModule {
  /** What every surface calls; never rejects (failures are logged). */
  readonly recorder: AnalyticsRecorder;
  readonly store: SqlAnalytics;
  /** Purges past ANALYTICS_RETENTION_DAYS now, then every day. */
  start(): Promise<void>;
  /** Adds /api/analytics/summary(.csv) and /staff/analytics, behind `requireStaff`. */
  registerRoutes(server: Server, requireStaff: StaffGuard): void;
  /** Stops the daily purge and waits for one in progress. */
  close(): Promise<void>;
}

/** Wires the SQL store → best-effort recorder → retention timer → routes. */
export function createAnalyticsModule(deps: AnalyticsModuleDeps): AnalyticsModule {
  const { config, logger, database, overrides = {} } = deps;
  const terms = overrides.terms ?? questionTerms(loadKnowledgeData(config.knowledgeDir));
  const store = new SqlAnalytics(database, { terms, now: overrides.now });
  const recorder = bestEffort(store, logger);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const purge = (): Promise<void> => {
    running = store
      .purgeOlderThan(config.ANALYTICS_RETENTION_DAYS)
      .then((removed) => {
        if (removed > 0) logger.info({ removed, days: config.ANALYTICS_RETENTION_DAYS }, 'analytics: purged old records');
      })
      .catch((error: unknown) => logger.error({ err: error }, 'analytics: purge failed'));
    return running;
  };

  return {
    recorder,
    store,
    async start() {
      await purge();
      timer = setInterval(() => void purge(), PURGE_INTERVAL_MS);
      timer.unref();
    },
    registerRoutes(server, requireStaff) {
      registerAnalyticsRoutes(server, {
        summary: async (range) => withTitles(await store.summary(range), deps.knowledge),
        requireStaff,
        now: overrides.now,
      });
    },
    async close() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}

/** Adds each entry's English question, so staff read titles rather than ids. */
function withTitles(summary: AnalyticsSummary, knowledge?: () => KnowledgeBase): AnalyticsSummary {
  if (!knowledge) return summary;
  const kb = knowledge();
  const title = (entryId: string) => kb.get(entryId)?.en.question;
  return {
    ...summary,
    topEntries: summary.topEntries.map((row) => ({ ...row, title: title(row.entryId) })),
    feedback: summary.feedback.map((row) => ({ ...row, title: title(row.entryId) })),
  };
}
