import { EventEmitter } from 'node:events';
import { Client } from 'pg';
import type { Logger } from '../logger';

/** A message between instances: small JSON only (PostgreSQL NOTIFY payloads stop at 8000 bytes). */
export type BusMessage = Record<string, unknown>;
export type BusHandler = (message: BusMessage) => void;

/**
 * Tells every instance of the server what happened on one of them: a staff reply to deliver,
 * a ticket that changed, a knowledge base edit. One process: an in-memory emitter.
 * Several: PostgreSQL LISTEN/NOTIFY, so no extra broker is needed.
 */
export interface EventBus {
  publish(channel: string, message: BusMessage): Promise<void>;
  /** Returns a function that unsubscribes. */
  subscribe(channel: string, handler: BusHandler): () => void;
  close(): Promise<void>;
}

const CHANNEL_NAME = /^[a-z][a-z0-9_]{0,62}$/;

function checkChannel(channel: string): void {
  if (!CHANNEL_NAME.test(channel)) throw new Error(`events: invalid channel name ${JSON.stringify(channel)}`);
}

/** Delivers to subscribers of this process, asynchronously as NOTIFY would. */
export class LocalEventBus implements EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(channel: string, message: BusMessage): Promise<void> {
    checkChannel(channel);
    const copy = JSON.parse(JSON.stringify(message)) as BusMessage;
    setImmediate(() => this.emitter.emit(channel, copy));
  }

  subscribe(channel: string, handler: BusHandler): () => void {
    checkChannel(channel);
    this.emitter.on(channel, handler);
    return () => this.emitter.off(channel, handler);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

/**
 * LISTEN/NOTIFY on one dedicated connection. Every instance, the publisher included, receives
 * each message once. If the connection drops, it reconnects and listens again; messages sent
 * meanwhile are lost, so consumers treat them as hints and re-read the database.
 */
export class PostgresEventBus implements EventBus {
  private readonly local = new LocalEventBus();
  private readonly channels = new Set<string>();
  private client: Client | undefined;
  private closed = false;
  private connecting: Promise<void> | undefined;

  private constructor(
    private readonly url: string,
    private readonly logger?: Logger,
  ) {}

  static async connect(url: string, logger?: Logger): Promise<PostgresEventBus> {
    const bus = new PostgresEventBus(url, logger);
    await bus.ensureConnected();
    return bus;
  }

  private ensureConnected(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= (async () => {
      const client = new Client({ connectionString: this.url });
      client.on('notification', (notification) => {
        if (!notification.payload) return;
        try {
          void this.local.publish(notification.channel, JSON.parse(notification.payload) as BusMessage);
        } catch {
          this.logger?.warn({ channel: notification.channel }, 'events: ignored a malformed notification');
        }
      });
      client.on('error', (error) => {
        this.logger?.warn({ err: error }, 'events: connection lost, reconnecting');
        this.client = undefined;
        client.end().catch(() => undefined);
        if (!this.closed) setTimeout(() => void this.ensureConnected().catch(() => undefined), 1000).unref();
      });
      await client.connect();
      for (const channel of this.channels) await client.query(`LISTEN ${channel}`);
      this.client = client;
    })().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  async publish(channel: string, message: BusMessage): Promise<void> {
    checkChannel(channel);
    const payload = JSON.stringify(message);
    if (Buffer.byteLength(payload) > 7900) throw new Error(`events: message on ${channel} is too large for NOTIFY`);
    await this.ensureConnected();
    await this.client!.query('SELECT pg_notify($1, $2)', [channel, payload]);
  }

  subscribe(channel: string, handler: BusHandler): () => void {
    checkChannel(channel);
    if (!this.channels.has(channel)) {
      this.channels.add(channel);
      void this.client?.query(`LISTEN ${channel}`).catch((error: unknown) => {
        this.logger?.warn({ err: error, channel }, 'events: LISTEN failed');
      });
    }
    return this.local.subscribe(channel, handler);
  }

  /** Resolves once LISTEN has been issued for every subscribed channel (tests wait on it). */
  async ready(): Promise<void> {
    await this.ensureConnected();
    for (const channel of this.channels) await this.client!.query(`LISTEN ${channel}`);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.local.close();
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }
}

/** The bus for the configuration: PostgreSQL LISTEN/NOTIFY with DATABASE_URL, else in-process. */
export async function createEventBus(databaseUrl: string | undefined, logger?: Logger): Promise<EventBus> {
  return databaseUrl ? PostgresEventBus.connect(databaseUrl, logger) : new LocalEventBus();
}
