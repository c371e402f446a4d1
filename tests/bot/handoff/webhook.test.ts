import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../../bot/logger';
import { SqlTicketStore } from '../../../bot/handoff/sqlTicketStore';
import { backoffDelay, signWebhookBody, WebhookWorker } from '../../../bot/handoff/webhook';
import { openSqlite, type Database } from '../../../bot/storage/database';
import { migrate } from '../../../bot/storage/migrate';
import { startApp } from '../../support/app';
import { newTicket } from './fixtures';
import { startReceiver } from '../../support/receiver';

const SECRET = 'webhook-secret-for-tests';
const logger = createLogger('silent');

function expectedSignature(body: string): string {
  return `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
}

describe('backoffDelay', () => {
  it('doubles from the base delay and stops at the cap', () => {
    const exact = () => 0.5;
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 100, 10_000, exact))).toEqual([100, 200, 400, 800]);
    expect(backoffDelay(30, 100, 10_000, exact)).toBe(10_000);
  });

  it('spreads retries by at most a fifth either way', () => {
    expect(backoffDelay(1, 1000, 10_000, () => 0)).toBe(800);
    expect(backoffDelay(1, 1000, 10_000, () => 1)).toBe(1200);
  });
});

describe('signWebhookBody', () => {
  it('is sha256= and the hex HMAC-SHA256 of the body with the secret', () => {
    expect(signWebhookBody(SECRET, '{"a":1}')).toBe(expectedSignature('{"a":1}'));
  });
});

describe('WebhookWorker', () => {
  let dir: string;
  let db: Database;
  let store: SqlTicketStore;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-webhook-'));
    db = openSqlite(path.join(dir, 'db.sqlite'));
    await migrate(db);
    store = new SqlTicketStore(db, { outbox: true });
  });
  afterEach(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('retries a failing receiver with backoff until it accepts, signing every attempt and keeping the idempotency key', async () => {
    const receiver = await startReceiver([500, 503]);
    const worker = new WebhookWorker(db, { url: receiver.url, secret: SECRET, logger, baseDelayMs: 30, pollIntervalMs: 10 });
    try {
      const ticket = await store.create(newTicket());
      const started = Date.now();
      worker.start();
      const requests = await receiver.waitFor(3);
      expect(Date.now() - started).toBeGreaterThanOrEqual(30 * 0.8 + 60 * 0.8);
      for (const request of requests) {
        expect(request.method).toBe('POST');
        expect(request.headers['content-type']).toBe('application/json');
        expect(request.headers['x-signature-256']).toBe(expectedSignature(request.body));
      }
      expect(new Set(requests.map((r) => r.headers['idempotency-key'])).size).toBe(1);
      expect(new Set(requests.map((r) => r.body)).size).toBe(1);
      const event = JSON.parse(requests[0]!.body);
      expect(requests[0]!.headers['idempotency-key']).toBe(event.id);
      expect(event).toMatchObject({ type: 'ticket.created', ticket: { id: ticket.id, summary: ticket.summary } });
      await waitUntil(async () => (await db.get('SELECT delivered_at FROM handoff_outbox WHERE delivered_at IS NOT NULL')) !== undefined);
      const row = await db.get<{ attempts: number; last_error: string | null }>('SELECT attempts, last_error FROM handoff_outbox');
      expect(row).toEqual({ attempts: 3, last_error: null });
    } finally {
      await worker.stop();
      await receiver.close();
    }
  });

  it('delivers events in the order they happened, each with its own idempotency key', async () => {
    const receiver = await startReceiver();
    const worker = new WebhookWorker(db, { url: receiver.url, secret: SECRET, logger, pollIntervalMs: 10 });
    try {
      const ticket = await store.create(newTicket());
      await store.addMessage(ticket.id, 'user', 'encore là ?');
      await store.resolve(ticket.id, { id: 'alice@example.com' });
      worker.start();
      const requests = await receiver.waitFor(3);
      expect(requests.map((r) => JSON.parse(r.body).type)).toEqual(['ticket.created', 'ticket.message', 'ticket.resolved']);
      expect(new Set(requests.map((r) => r.headers['idempotency-key'])).size).toBe(3);
    } finally {
      await worker.stop();
      await receiver.close();
    }
  });

  it('keeps undelivered events in the outbox across a restart and sends them then', async () => {
    const receiver = await startReceiver([500]);
    const first = new WebhookWorker(db, { url: receiver.url, secret: SECRET, logger, baseDelayMs: 60_000, pollIntervalMs: 10 });
    try {
      await store.create(newTicket());
      first.start();
      await receiver.waitFor(1);
      await first.stop();
      await db.run('UPDATE handoff_outbox SET next_attempt_at = ?', [new Date(0).toISOString()]);
      const second = new WebhookWorker(db, { url: receiver.url, secret: SECRET, logger, pollIntervalMs: 10 });
      second.start();
      const requests = await receiver.waitFor(2);
      await second.stop();
      expect(requests[1]!.headers['idempotency-key']).toBe(requests[0]!.headers['idempotency-key']);
    } finally {
      await receiver.close();
    }
  });

  it('deletes events delivered longer ago than it keeps them, and only those', async () => {
    const receiver = await startReceiver();
    try {
      await store.create(newTicket());
      await new WebhookWorker(db, { url: receiver.url, secret: SECRET, logger }).deliverDue();
      await db.run('UPDATE handoff_outbox SET delivered_at = ?', ['2020-01-01T00:00:00.000Z']);
      await store.create(newTicket());
      await new WebhookWorker(db, { url: receiver.url, secret: SECRET, logger }).deliverDue();
      expect(await db.all('SELECT delivered_at FROM handoff_outbox')).toEqual([{ delivered_at: expect.stringMatching(/^20[2-9]\d-/) }]);
    } finally {
      await receiver.close();
    }
  });

  it('sets an event aside after the last allowed attempt', async () => {
    const receiver = await startReceiver([500, 500, 500]);
    const worker = new WebhookWorker(db, { url: receiver.url, secret: SECRET, logger, baseDelayMs: 5, pollIntervalMs: 5, maxAttempts: 2 });
    try {
      await store.create(newTicket());
      worker.start();
      await receiver.waitFor(2);
      await waitUntil(async () => (await db.get('SELECT failed_at FROM handoff_outbox WHERE failed_at IS NOT NULL')) !== undefined);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(receiver.received).toHaveLength(2);
      expect((await db.get<{ last_error: string }>('SELECT last_error FROM handoff_outbox'))?.last_error).toBe('HTTP 500');
    } finally {
      await worker.stop();
      await receiver.close();
    }
  });
});

describe('the handoff webhook in the running app', () => {
  it('sends ticket.created for a ticket the bot opens, signed with HANDOFF_WEBHOOK_SECRET', async () => {
    const receiver = await startReceiver([502]);
    const running = await startApp(
      { HANDOFF_WEBHOOK_URL: receiver.url, HANDOFF_WEBHOOK_SECRET: SECRET },
      { handoff: { webhook: { baseDelayMs: 20, pollIntervalMs: 10 } } },
    );
    try {
      const ticket = await running.app.handoff.openTicket(newTicket());
      const requests = await receiver.waitFor(2);
      expect(requests[1]!.headers['x-signature-256']).toBe(expectedSignature(requests[1]!.body));
      expect(JSON.parse(requests[1]!.body).ticket.id).toBe(ticket.id);
    } finally {
      await running.stop();
      await receiver.close();
    }
  });
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('waitUntil: condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
