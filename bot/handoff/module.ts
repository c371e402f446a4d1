import type { CloudAdapter } from 'botbuilder';
import type { Server } from 'restify';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { StaffAccounts } from '../staff/accounts';
import { registerStaffApi } from './staffRoutes';
import { registerStaffConsole } from '../staff/console';
import type { AttemptLimit } from '../rateLimits/attemptLimit';
import type { Database } from '../storage/database';
import { InProcessHandoffEvents, type HandoffEvents } from './events';
import { adapterSender, HandoffService, type ProactiveSender } from './handoffService';
import { SqlTicketStore } from './ticketStore';
import { WebhookWorker, type WebhookWorkerOptions } from './webhook';

/** Replaceable parts of the handoff module, for tests. */
export interface HandoffOverrides {
  events?: HandoffEvents;
  send?: ProactiveSender;
  /** Webhook retry timing (the URL and secret come from the config). */
  webhook?: Partial<Omit<WebhookWorkerOptions, 'url' | 'secret' | 'logger'>>;
  signInLimiter?: AttemptLimit;
  now?: () => Date;
}

/** The assembled handoff: the service the bot and the console use, and what it runs in the background. */
export interface HandoffModule {
  readonly service: HandoffService;
  readonly store: SqlTicketStore;
  readonly accounts: StaffAccounts;
  readonly webhook?: WebhookWorker;
  /** Adds /staff and /api/handoff to the server. */
  registerRoutes(server: Server): void;
  /** Stops the webhook worker (undelivered events stay in the outbox for the next start). */
  close(): Promise<void>;
}

export interface HandoffModuleDeps {
  config: Readonly<Config>;
  logger: Logger;
  database: Database;
  adapter: CloudAdapter;
  overrides?: HandoffOverrides;
}

/** Wires ticket store → webhook outbox worker → handoff service → staff accounts. */
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
  const service = new HandoffService({
    store,
    events: overrides.events ?? new InProcessHandoffEvents(),
    send: overrides.send ?? adapterSender(deps.adapter, config.MicrosoftAppId),
    logger,
    onOutbox: webhook ? () => webhook.nudge() : undefined,
    now: overrides.now,
  });
  const accounts = new StaffAccounts(database, overrides.now);
  webhook?.start();

  return {
    service,
    store,
    accounts,
    webhook,
    registerRoutes(server) {
      registerStaffApi(server, { config, accounts, handoff: service });
      registerStaffConsole(server, { config, accounts, handoff: service, logger, limiter: overrides.signInLimiter });
    },
    async close() {
      await webhook?.stop();
    },
  };
}
