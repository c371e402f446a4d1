import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EmailOutbox } from '../../../bot/handoff/emailOutbox';
import type { Logger } from '../../../bot/logger';
import { startApp, type RunningApp } from '../../support/app';
import { call, pollUntil, StreamClient } from '../../support/directline';
import { createTestDatabase, postgresAvailable } from '../../support/postgres';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../../support/smtp';
import { ENGINES as DATABASES } from '../storage/engines';
import { newTicket } from './fixtures';

/**
 * Issue 17, item 3: an agent's reply and the resolution reach a supplier who has left by e-mail,
 * through a real SMTP server (smtp-server), on each database engine, with the whole application.
 */

const AGENT = { id: 'agent@example.com', name: 'Alice Agent' };
/** Retries fast enough for a test; the outbox is polled often. */
const FAST_EMAIL = { baseDelayMs: 200, maxDelayMs: 400, pollIntervalMs: 100 };

interface Engine {
  readonly name: 'sqlite' | 'postgres';
  /** Environment of an instance on this engine's database, the same for every start. */
  env(): Promise<{ env: Record<string, string>; dispose: () => Promise<void> }>;
}

const ENGINES: Engine[] = [
  {
    name: 'sqlite',
    async env() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-mail-'));
      return { env: { DATA_DIR: dir }, dispose: async () => fs.rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'postgres',
    async env() {
      if (!(await postgresAvailable())) throw new Error('tests: PostgreSQL is not reachable (see TEST_DATABASE_URL)');
      const database = await createTestDatabase();
      return { env: { DATABASE_URL: database.url }, dispose: database.drop };
    },
  },
];

interface Supplier {
  conversationId: string;
  userId: string;
  token: string;
  domain: string;
  streamUrl: string;
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
}

/** A supplier's web chat conversation on the built-in endpoint, started over HTTP as the page does. */
async function supplierConversation(running: RunningApp): Promise<Supplier> {
  const credentials = await call(`${running.url}/api/directline/token`, 'POST', { body: {} });
  const started = await call(`${credentials.body.domain}/conversations`, 'POST', { token: credentials.body.token, body: { locale: 'fr-FR' } });
  expect(started.status).toBe(201);
  return {
    conversationId: credentials.body.conversationId,
    userId: String(claimsOf(credentials.body.token).user),
    token: credentials.body.token,
    domain: credentials.body.domain,
    streamUrl: started.body.streamUrl,
  };
}

/** The ticket the escalation dialog opens for that conversation. */
async function escalate(running: RunningApp, supplier: Supplier, language: 'fr' | 'en', contact: string) {
  return running.app.handoff.openTicket(
    newTicket({
      conversationId: supplier.conversationId,
      channelId: 'directline',
      userId: supplier.userId,
      language,
      contact,
      conversationReference: {
        channelId: 'directline',
        serviceUrl: running.app.directLine.endpoint.serviceUrl(),
        conversation: { id: supplier.conversationId, isGroup: false, conversationType: '', name: '' },
        bot: { id: 'csp-assistant', name: 'CSP assistant' },
        user: { id: supplier.userId, name: '' },
        locale: language === 'fr' ? 'fr-FR' : 'en-US',
      },
    }),
  );
}

const mailsTo = (smtp: TestSmtpServer, address: string): ReceivedMail[] => smtp.received.filter((mail) => mail.to.includes(address));

/** The resume token in an e-mail's link. */
function linkToken(mail: ReceivedMail): string {
  const match = /#resume=([A-Za-z0-9._-]+)/.exec(mail.parsed.text ?? '');
  if (!match) throw new Error(`no link in ${mail.parsed.text}`);
  return match[1]!;
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(ENGINES)('follow-up e-mails on $name', (engine) => {
  let smtp: TestSmtpServer;
  let database: { env: Record<string, string>; dispose: () => Promise<void> };
  let running: RunningApp;
  const start = () =>
    startApp({ ...database.env, SMTP_URL: smtp.url, SMTP_FROM: 'Support Premium <support@csp-assistant.example>' }, { handoff: { email: FAST_EMAIL } });

  beforeAll(async () => {
    smtp = await startSmtpServer();
    database = await engine.env();
    running = await start();
  });
  afterAll(async () => {
    await running?.stop();
    await smtp?.close();
    await database?.dispose();
  });
  afterEach(() => {
    smtp.refuseNext(0);
    smtp.delayAnswers(0);
    smtp.onData(undefined);
  });

  it('e-mails an agent\'s reply to a supplier who has left, in French, with a link that reopens the conversation', async () => {
    const supplier = await supplierConversation(running);
    const ticket = await escalate(running, supplier, 'fr', 'away.fr@example.com');
    const before = smtp.received.length;
    await running.app.handoff.reply(ticket.id, AGENT, 'Votre client a modifié vos rôles <b>aujourd’hui</b> & demain.\nDemandez à votre administrateur.');
    await smtp.waitFor(before + 1);
    await settle(300);
    expect(mailsTo(smtp, 'away.fr@example.com')).toHaveLength(1);
    const [mail] = mailsTo(smtp, 'away.fr@example.com');
    expect(mail!.parsed.subject).toBe(`Réponse du support Premium à votre demande ${ticket.id}`);
    expect(mail!.from).toBe('support@csp-assistant.example');
    expect(mail!.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    const text = mail!.parsed.text ?? '';
    expect(text).toContain('> Votre client a modifié vos rôles <b>aujourd’hui</b> & demain.\n> Demandez à votre administrateur.');
    expect(text).toContain('Ce lien personnel est valable 7\u00a0jours');
    // In HTML, what the agent wrote is text, never markup.
    const html = String(mail!.parsed.html);
    expect(html).toContain('&#60;b&#62;aujourd’hui&#60;/b&#62; &#38; demain.');
    expect(html).not.toContain('<b>');
    expect(html).toContain('<html lang="fr">');
    // No staff data, no Direct Line token: only the resume token of the link.
    for (const secret of ['Alice', 'agent@example.com', supplier.token]) expect(mail!.raw).not.toContain(secret);
    expect(claimsOf(linkToken(mail!))).toMatchObject({ scope: 'resume', conv: supplier.conversationId, user: supplier.userId });
    expect(text).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/\\?lang=fr#resume=`, 'm'));

    // The link's token opens that very conversation, where the reply is waiting.
    const resumed = await call(`${running.url}/api/directline/resume`, 'POST', { token: linkToken(mail!) });
    expect(resumed.status).toBe(200);
    expect(resumed.body.conversationId).toBe(supplier.conversationId);
    await pollUntil(resumed.body.domain, supplier.conversationId, resumed.body.token, (activities) =>
      activities.some((activity) => /Demandez à votre administrateur/.test(activity.text ?? '')),
    );
  });

  it('sends nothing to a supplier who is connected, and e-mails the resolution once they have left', async () => {
    const supplier = await supplierConversation(running);
    const ticket = await escalate(running, supplier, 'fr', 'here.fr@example.com');
    const stream = await StreamClient.open(supplier.streamUrl);
    try {
      await running.app.handoff.reply(ticket.id, AGENT, 'Je regarde cela tout de suite.');
      await stream.waitFor((activities) => activities.some((activity) => /tout de suite/.test(activity.text ?? '')));
    } finally {
      await stream.close();
    }
    await settle(300);
    const queued = await running.app.database.all<{ idem_key: string }>('SELECT idem_key FROM email_outbox WHERE ticket_id = ?', [ticket.id]);
    expect(queued).toEqual([]);
    // The stream closed: the supplier has left; the resolution goes out by e-mail.
    const before = smtp.received.length;
    await running.app.handoff.resolve(ticket.id, AGENT);
    await smtp.waitFor(before + 1);
    await settle(300);
    const mails = mailsTo(smtp, 'here.fr@example.com');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.parsed.subject).toBe(`Votre demande ${ticket.id} est résolue`);
    expect(mails[0]!.parsed.text).toContain(`Le support Premium a indiqué que votre demande ${ticket.id} est résolue.`);
  });

  it('writes to an English ticket in English', async () => {
    const supplier = await supplierConversation(running);
    const ticket = await escalate(running, supplier, 'en', 'away.en@example.com');
    const before = smtp.received.length;
    await running.app.handoff.reply(ticket.id, AGENT, 'Your customer changed your roles.');
    await smtp.waitFor(before + 1);
    const mails = mailsTo(smtp, 'away.en@example.com');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.parsed.subject).toBe(`Premium support's answer to your request ${ticket.id}`);
    expect(mails[0]!.parsed.text).toContain('This personal link is valid for 7 days.');
    expect(mails[0]!.parsed.text).toMatch(/\/\?lang=en#resume=/);
    expect(String(mails[0]!.parsed.html)).toContain('<html lang="en">');
  });

  it('retries after the SMTP server refused once, and sends it once', async () => {
    const supplier = await supplierConversation(running);
    const ticket = await escalate(running, supplier, 'fr', 'retry@example.com');
    smtp.refuseNext(1);
    const before = smtp.received.length;
    await running.app.handoff.reply(ticket.id, AGENT, 'Réponse après un refus.');
    await smtp.waitFor(before + 1);
    await settle(600);
    expect(mailsTo(smtp, 'retry@example.com')).toHaveLength(1);
    const [row] = await running.app.database.all<{ attempts: number | string; sent_at: string | null }>(
      'SELECT attempts, sent_at FROM email_outbox WHERE ticket_id = ?',
      [ticket.id],
    );
    expect(Number(row!.attempts)).toBe(2);
    expect(row!.sent_at).not.toBeNull();
  });

  it('sends an e-mail once when the instance restarts while the SMTP server is still answering', async () => {
    const supplier = await supplierConversation(running);
    const ticket = await escalate(running, supplier, 'fr', 'restart@example.com');
    smtp.delayAnswers(1500);
    const dataArrived = new Promise<void>((resolve) => smtp.onData(resolve));
    await running.app.handoff.reply(ticket.id, AGENT, 'Réponse pendant un redémarrage.');
    await dataArrived;
    // Stopped mid-send (graceful shutdown waits for the SMTP answer and records it), then started again.
    await running.stop();
    smtp.delayAnswers(0);
    running = await start();
    await settle(1000);
    expect(mailsTo(smtp, 'restart@example.com')).toHaveLength(1);
    // Offering the same message again queues nothing (one key per ticket message).
    const [message] = (await running.app.handoff.detail(ticket.id))!.messages.filter((m) => m.author === 'staff');
    const again = await running.app.database.run(
      `INSERT INTO email_outbox (idem_key, ticket_id, payload, created_at, next_attempt_at) VALUES (?, ?, '{}', 'x', 'x') ON CONFLICT (idem_key) DO NOTHING`,
      [`reply:${message!.id}`, ticket.id],
    );
    expect(again.changes).toBe(0);
  }, 30_000);
});

describe('follow-up e-mails with two instances on one PostgreSQL database', () => {
  it('sends each e-mail once, whichever instance takes it', async () => {
    if (!(await postgresAvailable())) throw new Error('tests: PostgreSQL is not reachable (see TEST_DATABASE_URL)');
    const smtp = await startSmtpServer();
    const database = await createTestDatabase();
    const env = { DATABASE_URL: database.url, SMTP_URL: smtp.url, SMTP_FROM: 'support@csp-assistant.example' };
    const first = await startApp(env, { handoff: { email: FAST_EMAIL } });
    const second = await startApp(env, { handoff: { email: FAST_EMAIL } });
    try {
      const supplier = await supplierConversation(first);
      const ticket = await escalate(first, supplier, 'fr', 'two@example.com');
      for (let n = 1; n <= 5; n++) await first.app.handoff.reply(ticket.id, AGENT, `Réponse ${n}`);
      // The supplier's stream is open on the second instance: a reply from the first sends nothing.
      const stream = await StreamClient.open(supplier.streamUrl.replace(first.url.replace('http', 'ws'), second.url.replace('http', 'ws')));
      try {
        await settle(300);
        await first.app.handoff.reply(ticket.id, AGENT, 'Vue en direct');
        await stream.waitFor((activities) => activities.some((activity) => activity.text?.includes('Vue en direct')));
      } finally {
        await stream.close();
      }
      await smtp.waitFor(5);
      await settle(1000);
      const subjects = smtp.received.map((mail) => mail.parsed.text ?? '');
      expect(smtp.received).toHaveLength(5);
      for (let n = 1; n <= 5; n++) expect(subjects.filter((text) => text.includes(`> Réponse ${n}\n`))).toHaveLength(1);
      expect(subjects.some((text) => text.includes('Vue en direct'))).toBe(false);
    } finally {
      await second.stop();
      await first.stop();
      await smtp.close();
      await database.drop();
    }
  }, 60_000);
});

describe('EmailOutbox', () => {
  it('sets aside and logs an e-mail the SMTP server keeps refusing, and sends nothing more for it', async () => {
    const smtp = await startSmtpServer();
    const { db, dispose } = await DATABASES[0]!.open();
    const logged: Array<{ level: string; message: string; fields: Record<string, unknown> }> = [];
    const record = (level: string) => (fields: Record<string, unknown>, message: string) => logged.push({ level, message, fields });
    const logger = { warn: record('warn'), error: record('error'), info: record('info') } as unknown as Logger;
    const outbox = new EmailOutbox(db, {
      smtpUrl: smtp.url,
      from: 'support@csp-assistant.example',
      links: async () => ({ url: 'http://127.0.0.1/?lang=fr#resume=x', validDays: 7 }),
      logger,
      baseDelayMs: 20,
      maxDelayMs: 40,
      maxAttempts: 3,
    });
    try {
      smtp.refuseNext(100);
      await outbox.enqueue({ kind: 'reply', key: 'reply:1', ticketId: 'PS-000001', to: 'never@example.com', language: 'fr', conversationId: 'c', userId: 'dl_u', text: 'Bonjour' });
      for (let round = 0; round < 6; round++) {
        await outbox.sendDue();
        await settle(60);
      }
      const [row] = await db.all<{ attempts: number | string; failed_at: string | null; last_error: string | null }>('SELECT attempts, failed_at, last_error FROM email_outbox');
      expect(Number(row!.attempts)).toBe(3);
      expect(row!.failed_at).not.toBeNull();
      expect(row!.last_error).toMatch(/451/);
      expect(logged.filter((entry) => entry.level === 'warn')).toHaveLength(2);
      const errors = logged.filter((entry) => entry.level === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]!.message).toBe('email: follow-up set aside after too many failed attempts');
      // The log names the ticket and the key, never the address or the text.
      expect(JSON.stringify(logged)).not.toMatch(/never@example\.com|Bonjour/);
      expect(smtp.received).toHaveLength(0);
    } finally {
      await outbox.stop();
      await dispose();
      await smtp.close();
    }
  });
});
