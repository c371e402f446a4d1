import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Database } from '../storage/database';
import { SqlAttachmentStore } from './store';

/** How often files older than TRANSCRIPT_RETENTION_DAYS are deleted (as the transcripts). */
const PURGE_INTERVAL_MS = 24 * 3600 * 1000;

/** Supplier files: the store the Direct Line upload, the bot and the ticket API share, and its retention. */
export interface AttachmentsModule {
  readonly store: SqlAttachmentStore;
  close(): void;
}

export async function createAttachmentsModule(deps: { config: Readonly<Config>; logger: Logger; database: Database; now?: () => Date }): Promise<AttachmentsModule> {
  const store = new SqlAttachmentStore(deps.database, deps.now);
  const purge = () =>
    store
      .purgeOlderThan(deps.config.TRANSCRIPT_RETENTION_DAYS)
      .then((removed) => {
        if (removed > 0) deps.logger.info({ removed, days: deps.config.TRANSCRIPT_RETENTION_DAYS }, 'attachments: purged old files');
      })
      .catch((error: unknown) => deps.logger.error({ err: error }, 'attachments: retention purge failed'));
  await purge();
  const timer = setInterval(() => void purge(), PURGE_INTERVAL_MS);
  timer.unref();
  return {
    store,
    close: () => clearInterval(timer),
  };
}
