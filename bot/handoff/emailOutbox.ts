import crypto from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Language } from '../../knowledge';
import type { Logger } from '../logger';
import type { Database } from '../storage/database';
import { composeFollowUp } from './emailMessage';
import { backoffDelay } from './webhook';
import { OutboxRounds } from './outboxRounds';

/** A follow-up e-mail as queued: everything needed to write it at send time, nothing secret. */
export interface QueuedFollowUp {
  readonly kind: 'reply' | 'resolved';
  /** One e-mail per key, ever: `reply:<ticket message id>` or `resolved:<ticket id>`. */
  readonly key: string;
  readonly ticketId: string;
  readonly to: string;
  readonly language: Language;
  readonly conversationId: string;
  readonly userId: string;
  readonly text?: string;
}

/** The stored payload: the queued e-mail and its Message-ID, the same on every attempt. */
interface Payload extends QueuedFollowUp {
  readonly messageId: string;
}

/** Makes the link that reopens a conversation (a fresh resume token each time it is asked). */
type ResumeLinks = (conversationId: string, userId: string, language: Language) => Promise<{ url: string; validDays: number }>;

/** What sends one e-mail: nodemailer's transport (tests may pass another with the same shape). */
export interface MailTransport {
  sendMail(message: {
    from: string;
    to: string;
    subject: string;
    text: string;
    html: string;
    messageId: string;
    headers: Record<string, string>;
  }): Promise<unknown>;
  close?(): void;
}

export interface EmailOutboxOptions {
  /** SMTP_URL: smtp:// or smtps://, with credentials if the server needs them. */
  smtpUrl?: string;
  /** Another transport instead of SMTP_URL's (tests). */
  transport?: MailTransport;
  from: string;
  links: ResumeLinks;
  logger: Logger;
  /** Delay before the first retry; doubles on each further failure (default 30 s). */
  baseDelayMs?: number;
  /** Longest delay between two attempts (default 1 hour). */
  maxDelayMs?: number;
  /** After this many failed attempts the e-mail is set aside (default 20, about 12 hours). */
  maxAttempts?: number;
  /** How often the outbox is read when nothing nudges it (default 5 s). */
  pollIntervalMs?: number;
  /** One SMTP exchange at most (default 30 s); the lease is twice it. */
  timeoutMs?: number;
  /** Sent e-mails are deleted from the outbox after this long (default 7 days). */
  keepSentMs?: number;
  now?: () => Date;
}

interface OutboxRow {
  id: number | string;
  payload: string;
  attempts: number | string;
  sending_since: string | null;
  [key: string]: unknown;
}

/** `[A-Za-z0-9.-]` of a key, for a Message-ID's left part. */
function messageIdPart(key: string): string {
  return key.replace(/[^A-Za-z0-9.-]/g, '.');
}

/** The domain of SMTP_FROM, for Message-IDs. */
function senderDomain(from: string): string {
  return /@([^\s<>@]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';
}

/**
 * The follow-up e-mail outbox (table `email_outbox`, migration 060), shared by every instance:
 * an e-mail is queued once per key (the ticket message, or the resolution), then sent at least
 * once by whichever instance leases it, retried with backoff, and set aside (logged as an error,
 * kept for someone to look at) after `maxAttempts` failures.
 *
 * "Never twice": a key is queued once (UNIQUE); a lease keeps two instances from sending one row
 * at once; a graceful stop waits for the send in progress and records it; each e-mail has one
 * Message-ID on every attempt. What SMTP cannot give: an instance killed after the SMTP server
 * accepted the message and before the row is marked sent retries it once its lease has run out
 * (logged as a possible duplicate); the same Message-ID lets mail systems that deduplicate drop it.
 */
export class EmailOutbox {
  private readonly transport: MailTransport;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxAttempts: number;
  private readonly timeoutMs: number;
  private readonly now: () => Date;
  private lastPurge = 0;
  private readonly rounds: OutboxRounds;

  constructor(
    private readonly db: Database,
    private readonly options: EmailOutboxOptions,
  ) {
    this.baseDelayMs = options.baseDelayMs ?? 30_000;
    this.maxDelayMs = options.maxDelayMs ?? 3_600_000;
    this.maxAttempts = options.maxAttempts ?? 20;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.now = options.now ?? (() => new Date());
    this.rounds = new OutboxRounds(
      () => this.sendDue(),
      options.pollIntervalMs ?? 5000,
      (error: unknown) => options.logger.error({ err: error }, 'email: outbox round failed'),
    );
    if (options.transport) {
      this.transport = options.transport;
    } else if (options.smtpUrl) {
      this.transport = nodemailer.createTransport({
        url: options.smtpUrl,
        connectionTimeout: this.timeoutMs,
        greetingTimeout: this.timeoutMs,
        socketTimeout: this.timeoutMs,
      });
    } else {
      throw new Error('email: SMTP_URL or a transport is required');
    }
  }

  /** Queues the e-mail unless one with its key was ever queued; true when this call queued it. */
  async enqueue(followUp: QueuedFollowUp): Promise<boolean> {
    const now = this.now().toISOString();
    const payload: Payload = {
      ...followUp,
      messageId: `<${messageIdPart(followUp.key)}.${crypto.randomBytes(9).toString('base64url').replace(/[^A-Za-z0-9]/g, 'x')}@${senderDomain(this.options.from)}>`,
    };
    const inserted = await this.db.run(
      `INSERT INTO email_outbox (idem_key, ticket_id, payload, created_at, next_attempt_at, attempts)
       VALUES (?, ?, ?, ?, ?, 0) ON CONFLICT (idem_key) DO NOTHING`,
      [followUp.key, followUp.ticketId, JSON.stringify(payload), now, now],
    );
    if (inserted.changes === 1) this.nudge();
    return inserted.changes === 1;
  }

  start(): void {
    this.rounds.start();
  }

  /** Waits for the round in progress, then stops; what is left stays in the outbox. */
  async stop(): Promise<void> {
    await this.rounds.stop();
    this.transport.close?.();
  }

  /** Something was written to the outbox: run a round now rather than at the next poll. */
  nudge(): void {
    this.rounds.nudge();
  }

  /** Sends every e-mail that is due; returns how many were sent. */
  async sendDue(): Promise<number> {
    await this.purgeSent();
    let sent = 0;
    for (;;) {
      const now = this.now().toISOString();
      const rows = await this.db.all<OutboxRow>(
        `SELECT id, payload, attempts, sending_since FROM email_outbox
         WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ? AND (locked_until IS NULL OR locked_until < ?)
         ORDER BY id LIMIT 20`,
        [now, now],
      );
      if (rows.length === 0) return sent;
      let progressed = false;
      for (const row of rows) {
        if (this.rounds.halting) return sent;
        if (!(await this.lease(Number(row.id)))) continue;
        progressed = true;
        if (await this.send(row)) sent++;
      }
      if (!progressed) return sent;
    }
  }

  private async purgeSent(): Promise<void> {
    const now = this.now().getTime();
    if (now - this.lastPurge < 3_600_000) return;
    this.lastPurge = now;
    const before = new Date(now - (this.options.keepSentMs ?? 7 * 24 * 3_600_000)).toISOString();
    await this.db.run('DELETE FROM email_outbox WHERE sent_at IS NOT NULL AND sent_at < ?', [before]);
  }

  /** Takes the row for one attempt; `sending_since` records that an attempt began. */
  private async lease(id: number): Promise<boolean> {
    const now = this.now();
    const until = new Date(now.getTime() + this.timeoutMs * 2).toISOString();
    const result = await this.db.run(
      `UPDATE email_outbox SET locked_until = ?, sending_since = COALESCE(sending_since, ?)
       WHERE id = ? AND sent_at IS NULL AND (locked_until IS NULL OR locked_until < ?)`,
      [until, now.toISOString(), id, now.toISOString()],
    );
    return result.changes === 1;
  }

  private async send(row: OutboxRow): Promise<boolean> {
    const id = Number(row.id);
    const attempts = Number(row.attempts) + 1;
    const payload = JSON.parse(row.payload) as Payload;
    if (row.sending_since !== null) {
      // The last attempt began and never recorded an outcome: its instance stopped mid-send.
      this.options.logger.warn({ ticketId: payload.ticketId, key: payload.key }, 'email: retrying an e-mail whose last attempt was cut off; it may arrive twice');
    }
    let failure: string;
    try {
      const link = await this.options.links(payload.conversationId, payload.userId, payload.language);
      const mail = composeFollowUp({
        kind: payload.kind,
        language: payload.language,
        ticketId: payload.ticketId,
        text: payload.text,
        link: link.url,
        linkDays: link.validDays,
      });
      await this.transport.sendMail({
        from: this.options.from,
        to: payload.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: payload.messageId,
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All', 'Content-Language': payload.language },
      });
      await this.db.run('UPDATE email_outbox SET sent_at = ?, attempts = ?, locked_until = NULL, sending_since = NULL, last_error = NULL WHERE id = ?', [
        this.now().toISOString(),
        attempts,
        id,
      ]);
      return true;
    } catch (error) {
      failure = (error as Error).message;
    }
    const giveUp = attempts >= this.maxAttempts;
    const next = new Date(this.now().getTime() + backoffDelay(attempts, this.baseDelayMs, this.maxDelayMs)).toISOString();
    await this.db.run(
      'UPDATE email_outbox SET attempts = ?, next_attempt_at = ?, locked_until = NULL, sending_since = NULL, last_error = ?, failed_at = ? WHERE id = ?',
      [attempts, next, failure.slice(0, 500), giveUp ? this.now().toISOString() : null, id],
    );
    // Never the address or the text in the log: the ticket and the key say which e-mail.
    const log = { ticketId: payload.ticketId, key: payload.key, attempts, error: failure.slice(0, 200) };
    if (giveUp) this.options.logger.error(log, 'email: follow-up set aside after too many failed attempts');
    else this.options.logger.warn({ ...log, retryAt: next }, 'email: follow-up not sent, will retry');
    return false;
  }
}
