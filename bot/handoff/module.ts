import type { Server } from 'restify';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { StaffGuard } from '../staff/identity';
import { registerStaffApi } from './staffRoutes';
import { registerConsolePage } from './consolePage';
import type { Database } from '../storage/database';
import type { SqlAttachmentStore } from '../attachments/store';
import { InProcessHandoffEvents, type HandoffEvents } from './events';
import { HandoffService, type ProactiveSender } from './handoffService';
import { SqlTicketStore } from './sqlTicketStore';
import { WebhookWorker, type WebhookWorkerOptions } from './webhook';
import { EmailOutbox, type EmailOutboxOptions } from './emailOutbox';
import { SupplierFollowUp, type SupplierConversations } from './followUp';

/** Replaceable parts of the handoff module, for tests. */
export interface HandoffOverrides {
  events?: HandoffEvents;
  send?: ProactiveSender;
  /** Webhook retry timing (the URL and secret come from the config). */
  webhook?: Partial<Omit<WebhookWorkerOptions, 'url' | 'secret' | 'logger'>>;
  /** Follow-up e-mail retry timing (the server and sender come from SMTP_URL and SMTP_FROM). */
  email?: Partial<Omit<EmailOutboxOptions, 'smtpUrl' | 'from' | 'links' | 'logger'>>;
  now?: () => Date;
}

/** The assembled handoff: the service the bot and the console use, and what it runs in the background. */
export interface HandoffModule {
  readonly service: HandoffService;
  readonly store: SqlTicketStore;
  readonly webhook?: WebhookWorker;
  /** The follow-up e-mail outbox, when SMTP_URL is set. */
  readonly email?: EmailOutbox;
  /** Adds the ticket console (/staff, its assets and events) and /api/handoff, behind `requireStaff`. */
  registerRoutes(server: Server, requireStaff: StaffGuard): void;
  /** Stops the webhook worker (undelivered events stay in the outbox for the next start). */
  close(): Promise<void>;
}

export interface HandoffModuleDeps {
  config: Readonly<Config>;
  logger: Logger;
  database: Database;
  /** How staff replies reach the user's conversation (the channel adapter's proactive send). */
  send: ProactiveSender;
  /** The supplier's web chat conversations: kept for their ticket, reopened by the e-mail's link. */
  conversations?: SupplierConversations;
  /** The files suppliers sent, listed and served with their ticket. */
  attachments?: SqlAttachmentStore;
  overrides?: HandoffOverrides;
}

/** Wires ticket store → webhook outbox worker → handoff service. */
export function createHandoffModule(deps: HandoffModuleDeps): HandoffModule {
  const { config, logger, database, overrides = {} } = deps;
  const webhookEnabled = Boolean(config.HANDOFF_WEBHOOK_URL && config.HANDOFF_WEBHOOK_SECRET);
  const store = new SqlTicketStore(database, { outbox: webhookEnabled, now: overrides.now });
  const webhook = webhookEnabled
    ? new WebhookWorker(database, {
        ...overrides.webhook,
        url: config.HANDOFF_WEBHOOK_URL!,
        secret: config.HANDOFF_WEBHOOK_SECRET!,
        logger,
      })
    : undefined;
  const email =
    config.SMTP_URL && config.SMTP_FROM && deps.conversations
      ? new EmailOutbox(database, {
          ...overrides.email,
          smtpUrl: config.SMTP_URL,
          from: config.SMTP_FROM,
          links: (conversationId, userId, language) => deps.conversations!.resumeLink(conversationId, userId, language),
          logger,
        })
      : undefined;
  if (!email) logger.info('email: follow-up e-mails are off (SMTP_URL is not set): agents\' replies reach suppliers in the chat only');
  const followUp = deps.conversations ? new SupplierFollowUp({ conversations: deps.conversations, outbox: email, logger, now: overrides.now }) : undefined;
  const service = new HandoffService({
    store,
    events: overrides.events ?? new InProcessHandoffEvents(),
    send: overrides.send ?? deps.send,
    logger,
    onOutbox: webhook ? () => webhook.nudge() : undefined,
    followUp,
    now: overrides.now,
  });
  webhook?.start();
  email?.start();

  return {
    service,
    store,
    webhook,
    email,
    registerRoutes(server, requireStaff) {
      registerStaffApi(server, { handoff: service, requireStaff, attachments: deps.attachments });
      registerConsolePage(server, { handoff: service, requireStaff });
    },
    async close() {
      await webhook?.stop();
      await email?.stop();
    },
  };
}
