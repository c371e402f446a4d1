import type { KnowledgeChanges } from '../knowledge/editing';
import { SqlConversationStore } from './channels/directline/sqlStore';
import type { ConversationStore } from './channels/directline/store';
import type { Config } from './config';
import { BusHandoffEvents, BusKnowledgeChanges } from './events/busAdapters';
import { createEventBus, type EventBus } from './events/eventBus';
import type { HandoffEvents } from './handoff/events';
import type { Logger } from './logger';
import { AttemptLimit } from './rateLimits/attemptLimit';
import { MemoryRateLimiter } from './rateLimits/memoryRateLimiter';
import type { RateLimiter } from './rateLimits/rateLimiter';
import { SqlRateLimiter } from './rateLimits/sqlRateLimiter';
import { SIGN_IN_LIMIT, SIGN_IN_WINDOW_MS } from './staff/signInRoutes';
import type { Database } from './storage/database';
import { sharedSecret } from './storage/sharedSecret';

/**
 * The infrastructure that differs between one instance on embedded SQLite and several
 * instances sharing PostgreSQL. Parts left undefined mean "the feature's own in-process default".
 */
export interface Deployment {
  /** Several instances share the database, and so must share events, limits and keys. */
  readonly scaledOut: boolean;
  /** Events between instances: PostgreSQL LISTEN/NOTIFY when scaled out, else in-process. */
  readonly eventBus: EventBus;
  /** Every per-client and per-conversation limit; each caller names its keys apart. */
  readonly rateLimiter: RateLimiter;
  /** Staff sign-in attempts per email + address. */
  readonly signInLimit: AttemptLimit;
  /** Web chat conversations: in the database on both engines (they survive a restart, take no memory while idle). */
  readonly conversationStore: ConversationStore;
  /** Knowledge-base versions announced to the other instances (scaled out only). */
  readonly knowledgeChanges?: KnowledgeChanges;
  /** Ticket changes announced to every instance's staff console (scaled out only). */
  readonly handoffEvents?: HandoffEvents;
  /** The built-in Direct Line's signing key, shared through the database (scaled out only; else per process). */
  readonly signingKey?: Buffer;
  /** Closes what this deployment opened (not an event bus it was given). */
  close(): Promise<void>;
}

/** Parts a test brings instead of the deployment's own. */
export interface DeploymentOverrides {
  eventBus?: EventBus;
}

/** Picks local or shared infrastructure once, from the database engine: PostgreSQL means several instances. */
export async function deployment(
  database: Database,
  config: Readonly<Config>,
  logger: Logger,
  overrides: DeploymentOverrides = {},
): Promise<Deployment> {
  const scaledOut = database.engine === 'postgres';
  const eventBus = overrides.eventBus ?? (await createEventBus(scaledOut ? config.DATABASE_URL : undefined, logger));
  const close = async () => {
    if (!overrides.eventBus) await eventBus.close();
  };
  const conversationStore = new SqlConversationStore(database, eventBus);
  if (!scaledOut) {
    const rateLimiter = new MemoryRateLimiter();
    return { scaledOut, eventBus, rateLimiter, signInLimit: new AttemptLimit(SIGN_IN_LIMIT, SIGN_IN_WINDOW_MS, rateLimiter), conversationStore, close };
  }
  const rateLimiter = new SqlRateLimiter(database);
  return {
    scaledOut,
    eventBus,
    rateLimiter,
    signInLimit: new AttemptLimit(SIGN_IN_LIMIT, SIGN_IN_WINDOW_MS, rateLimiter),
    conversationStore,
    knowledgeChanges: new BusKnowledgeChanges(eventBus),
    handoffEvents: new BusHandoffEvents(eventBus, logger),
    signingKey: await sharedSecret(database, 'directline-signing-key'),
    close,
  };
}
