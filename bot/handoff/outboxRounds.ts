/**
 * When an outbox worker (the webhook's, the e-mails') runs a round: at once when nudged, again
 * right after a round if it was nudged meanwhile, otherwise every `pollIntervalMs`; never two
 * rounds at once. `stop()` lets the round in progress finish the item it is on (`halting`).
 */
export class OutboxRounds {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private stopping = false;

  constructor(
    private readonly round: () => Promise<unknown>,
    private readonly pollIntervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** True once stop() was called: a round checks it between items. */
  get halting(): boolean {
    return this.stopping;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopping = false;
    this.nudge();
  }

  /** Waits for the round in progress, then stops; what is left stays in the outbox. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Something was written to the outbox: run a round now rather than at the next poll. */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.running = this.round()
      .then(() => undefined)
      .catch(this.onError)
      .finally(() => {
        this.running = undefined;
        if (this.stopped) return;
        if (this.again) {
          this.again = false;
          this.nudge();
        } else {
          this.timer = setTimeout(() => this.nudge(), this.pollIntervalMs);
          this.timer.unref();
        }
      });
  }
}
