import { createHmac } from 'node:crypto';
import type { Logger } from '../logger';
import type { Database } from '../storage/database';
import { OutboxRounds } from './outboxRounds';

/** Header carrying `sha256=` + hex HMAC-SHA256(secret, raw body). */
const SIGNATURE_HEADER = 'X-Signature-256';
/** Header carrying the event id, identical on every retry of one event. */
const IDEMPOTENCY_HEADER = 'Idempotency-Key';

export interface WebhookWorkerOptions {
  url: string;
  secret: string;
  logger: Logger;
  /** Delay before the first retry; doubles on each further failure (default 2 s). */
  baseDelayMs?: number;
  /** Longest delay between two attempts (default 1 hour). */
  maxDelayMs?: number;
  /** After this many failed attempts the event is set aside as failed (default 30, about a day). */
  maxAttempts?: number;
  /** How often the outbox is checked when nothing nudges the worker (default 5 s). */
  pollIntervalMs?: number;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
  /** Events fetched per round (default 20). */
  batchSize?: number;
  /** Delivered events are deleted from the outbox after this long (default 7 days). */
  keepDeliveredMs?: number;
  now?: () => Date;
}

/** `sha256=` + hex HMAC of the body: what the receiver recomputes to trust an event. */
export function signWebhookBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** The wait before attempt `attempts + 1`: base · 2^(attempts − 1), capped, with ±20 % jitter. */
export function backoffDelay(attempts: number, baseDelayMs: number, maxDelayMs: number, random = Math.random): number {
  const exponential = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential * (0.8 + 0.4 * random()));
}

/** An undelivered `handoff_outbox` row as the drivers return it (pg gives BIGSERIAL ids as strings). */
interface OutboxRow {
  id: number | string;
  event_id: string;
  payload: string;
  attempts: number | string;
  [key: string]: unknown;
}

/** An event waiting in the outbox: the JSON to POST and how many attempts it has had. */
interface PendingDelivery {
  readonly id: number;
  readonly eventId: string;
  readonly payload: string;
  readonly attempts: number;
}

function toPendingDelivery(row: OutboxRow): PendingDelivery {
  return { id: Number(row.id), eventId: row.event_id, payload: row.payload, attempts: Number(row.attempts) };
}

/**
 * Delivers the handoff outbox to HANDOFF_WEBHOOK_URL: at least once, in order of creation,
 * retrying failures with exponential backoff. A lease (locked_until) keeps two instances
 * from sending the same event at the same moment; a crash mid-send only means a retry.
 */
export class WebhookWorker {
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxAttempts: number;
  private readonly timeoutMs: number;
  private readonly batchSize: number;
  private readonly now: () => Date;
  private lastPurge = 0;
  private readonly rounds: OutboxRounds;

  constructor(
    private readonly db: Database,
    private readonly options: WebhookWorkerOptions,
  ) {
    this.baseDelayMs = options.baseDelayMs ?? 2000;
    this.maxDelayMs = options.maxDelayMs ?? 3_600_000;
    this.maxAttempts = options.maxAttempts ?? 30;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.batchSize = options.batchSize ?? 20;
    this.now = options.now ?? (() => new Date());
    this.rounds = new OutboxRounds(
      () => this.deliverDue(),
      options.pollIntervalMs ?? 5000,
      (error: unknown) => options.logger.error({ err: error }, 'webhook: outbox round failed'),
    );
  }

  start(): void {
    this.rounds.start();
  }

  /** Waits for the round in progress, then stops; what is left stays in the outbox. */
  async stop(): Promise<void> {
    await this.rounds.stop();
  }

  /** Something was written to the outbox: run a round now rather than at the next poll. */
  nudge(): void {
    this.rounds.nudge();
  }

  /** Sends every event that is due; returns how many were delivered. */
  async deliverDue(): Promise<number> {
    await this.purgeDelivered();
    let delivered = 0;
    for (;;) {
      const now = this.now().toISOString();
      const rows = await this.db.all<OutboxRow>(
        `SELECT id, event_id, payload, attempts FROM handoff_outbox
         WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ? AND (locked_until IS NULL OR locked_until < ?)
         ORDER BY id LIMIT ?`,
        [now, now, this.batchSize],
      );
      if (rows.length === 0) return delivered;
      let progressed = false;
      for (const pending of rows.map(toPendingDelivery)) {
        if (this.rounds.halting) return delivered;
        if (!(await this.lease(pending))) continue;
        progressed = true;
        if (await this.send(pending)) delivered++;
      }
      if (!progressed) return delivered;
    }
  }

  /** At most hourly: drops events delivered long ago (failed ones stay, for someone to look at). */
  private async purgeDelivered(): Promise<void> {
    const now = this.now().getTime();
    if (now - this.lastPurge < 3_600_000) return;
    this.lastPurge = now;
    const before = new Date(now - (this.options.keepDeliveredMs ?? 7 * 24 * 3_600_000)).toISOString();
    await this.db.run('DELETE FROM handoff_outbox WHERE delivered_at IS NOT NULL AND delivered_at < ?', [before]);
  }

  private async lease(pending: PendingDelivery): Promise<boolean> {
    const now = this.now();
    const until = new Date(now.getTime() + this.timeoutMs * 2).toISOString();
    const result = await this.db.run(
      'UPDATE handoff_outbox SET locked_until = ? WHERE id = ? AND delivered_at IS NULL AND (locked_until IS NULL OR locked_until < ?)',
      [until, pending.id, now.toISOString()],
    );
    return result.changes === 1;
  }

  private async send(pending: PendingDelivery): Promise<boolean> {
    const attempts = pending.attempts + 1;
    let failure: string;
    try {
      const response = await fetch(this.options.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'csp-assistant-handoff/1',
          [SIGNATURE_HEADER]: signWebhookBody(this.options.secret, pending.payload),
          [IDEMPOTENCY_HEADER]: pending.eventId,
        },
        body: pending.payload,
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'manual',
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.status >= 200 && response.status < 300) {
        await this.db.run('UPDATE handoff_outbox SET delivered_at = ?, attempts = ?, locked_until = NULL, last_error = NULL WHERE id = ?', [
          this.now().toISOString(),
          attempts,
          pending.id,
        ]);
        return true;
      }
      failure = `HTTP ${response.status}`;
    } catch (error) {
      failure = (error as Error).message;
    }
    const giveUp = attempts >= this.maxAttempts;
    const next = new Date(this.now().getTime() + backoffDelay(attempts, this.baseDelayMs, this.maxDelayMs)).toISOString();
    await this.db.run(
      'UPDATE handoff_outbox SET attempts = ?, next_attempt_at = ?, locked_until = NULL, last_error = ?, failed_at = ? WHERE id = ?',
      [attempts, next, failure.slice(0, 500), giveUp ? this.now().toISOString() : null, pending.id],
    );
    const log = { eventId: pending.eventId, attempts, error: failure };
    if (giveUp) this.options.logger.error(log, 'webhook: event set aside after too many failed attempts');
    else this.options.logger.warn({ ...log, retryAt: next }, 'webhook: delivery failed, will retry');
    return false;
  }
}
