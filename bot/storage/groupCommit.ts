import type { Database, SqlValue } from './database';

interface PendingWrite {
  readonly statements: ReadonlyArray<readonly [sql: string, params: readonly SqlValue[]]>;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Group commit for append-only writes (analytics rows, transcript lines): the writes issued in
 * one pass of the event loop share one transaction, so a burst of searches or bot turns costs
 * one commit instead of one each (a commit was the largest item of a search request's profile).
 * Each caller's promise still settles only once its rows are committed, so what a caller reads
 * afterwards includes them, exactly as with a direct write.
 */
export class GroupCommit {
  private pending: PendingWrite[] = [];
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly db: Database) {}

  /** Runs `statements` (in order, all or none) in the next group; settles when committed. */
  write(...statements: Array<readonly [sql: string, params: readonly SqlValue[]]>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.pending.length === 0) setImmediate(() => void this.flush());
      this.pending.push({ statements, resolve, reject });
    });
  }

  /** Settles once everything written so far is committed (or has failed). */
  async drain(): Promise<void> {
    if (this.pending.length > 0) await this.flush();
    await this.flushing;
  }

  private flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return this.flushing;
    this.flushing = this.flushing.then(() => this.commit(batch));
    return this.flushing;
  }

  private async commit(batch: PendingWrite[]): Promise<void> {
    try {
      await this.db.transaction(async (tx) => {
        for (const write of batch) for (const [sql, params] of write.statements) await tx.run(sql, params);
      });
      for (const write of batch) write.resolve();
    } catch {
      // One bad write (a constraint, a value the engine refuses) must not cost the others
      // their rows: the group is rolled back and each write is retried on its own.
      for (const write of batch) {
        try {
          await this.db.transaction(async (tx) => {
            for (const [sql, params] of write.statements) await tx.run(sql, params);
          });
          write.resolve();
        } catch (error) {
          write.reject(error);
        }
      }
    }
  }
}
