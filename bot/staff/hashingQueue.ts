/** Work refused because the queue is full: the caller answers 503 with this Retry-After. */
export class QueueFullError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`queue full: retry in ${retryAfterSeconds} s`);
    this.name = 'QueueFullError';
  }
}

export interface BoundedQueueOptions {
  /** Tasks running at once. */
  readonly concurrency: number;
  /** Tasks waiting for a turn; one more is refused at once with QueueFullError. */
  readonly maxWaiting: number;
  /** What to tell a refused caller: about the time the full queue takes to drain. */
  readonly retryAfterSeconds: number;
}

/**
 * Runs at most `concurrency` tasks at once, first come first served, with a bounded wait.
 * A tiny class rather than p-limit or p-queue: both queue without bound (the caller would have
 * to check the pending count itself before every add) and are ESM-only, which this CommonJS
 * build cannot require.
 */
export class BoundedQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly options: BoundedQueueOptions) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> | void {
    if (this.running < this.options.concurrency) {
      this.running += 1;
      return;
    }
    if (this.waiting.length >= this.options.maxWaiting) throw new QueueFullError(this.options.retryAfterSeconds);
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Hands the slot straight to the next in line, so no newcomer overtakes the queue. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running -= 1;
  }
}
