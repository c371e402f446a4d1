import crypto from 'node:crypto';
import type { Logger } from '../../logger';
import type { UserActivity } from './activity';
import type { ChannelActivity, ConversationStore } from './store';

/** How the bot appears in Direct Line activities (`recipient` of user activities, `from` of its own). */
export interface BotAccount {
  id: string;
  name: string;
}

/**
 * Runs the bot on one activity the channel hands it; resolves once the turn is over. The Bot
 * Framework one is ChannelConnector.turnRunner (bot/botframework/directline/connector.ts).
 */
export type TurnRunner = (activity: ChannelActivity) => Promise<void>;

export interface DirectLineChannelOptions {
  store: ConversationStore;
  /** Where the bot replies: the reply API's address (ReplyEndpoint.serviceUrl), known once the server listens. */
  serviceUrl: () => string;
  logger: Logger;
  bot: BotAccount;
  clock?: () => number;
  /** How long a turn stays claimed by this instance without renewal (ms). Default TURN_LEASE_MS. */
  leaseMs?: number;
}

/** A turn's claim lasts this long; renewed every third of it while this instance runs or queues it. */
const TURN_LEASE_MS = 120_000;
/** A turn started this many times without finishing (each run crashed the process) is given up. */
export const MAX_TURN_ATTEMPTS = 3;
/** Pending turns taken over per recovery pass. */
const RECOVERY_BATCH = 100;

/** Turns waiting or running for one conversation at most; beyond it posts answer 429. */
export const MAX_PENDING_TURNS = 20;

/** A conversation already has MAX_PENDING_TURNS turns waiting. */
export class BusyError extends Error {
  constructor() {
    super('directline: too many activities are waiting in this conversation; try again shortly');
    this.name = 'BusyError';
  }
}

/**
 * The built-in Direct Line endpoint acting as a channel: records what users post, hands it to the
 * bot in this process, and records what the bot sends back. Turns of one conversation run one
 * after the other; conversations never wait for each other, and a failing turn only fails itself.
 */
export class DirectLineChannel {
  private run?: TurnRunner;
  private readonly queues = new Map<string, { tail: Promise<void>; pending: number }>();
  private readonly clock: () => number;
  private readonly leaseMs: number;
  /** This process, as the owner of the turn leases it holds. */
  private readonly owner = `${process.pid}-${crypto.randomBytes(6).toString('hex')}`;
  private renewal?: NodeJS.Timeout;

  constructor(private readonly options: DirectLineChannelOptions) {
    this.clock = options.clock ?? Date.now;
    this.leaseMs = options.leaseMs ?? TURN_LEASE_MS;
  }

  private lease(): { owner: string; until: number } {
    return { owner: this.owner, until: this.clock() + this.leaseMs };
  }

  /**
   * Runs the turns acknowledged before a crash (this process's, on SQLite, at start; any whose
   * lease ran out, on PostgreSQL): each is claimed by one instance only, and given up after
   * MAX_TURN_ATTEMPTS starts, so a turn that kills the process cannot do it forever.
   * Resolves with how many were queued.
   */
  async recover(): Promise<number> {
    let queued = 0;
    for (;;) {
      const turns = await this.store.claimStaleTurns(this.lease(), RECOVERY_BATCH);
      for (const turn of turns) {
        if (turn.attempts > MAX_TURN_ATTEMPTS) {
          this.options.logger.error({ conversation: turn.conversationId, activity: turn.activity.id }, 'directline: turn given up after repeated crashes');
          await this.store.completeTurn(turn.activity.id);
          continue;
        }
        this.options.logger.warn({ conversation: turn.conversationId, activity: turn.activity.id }, 'directline: running a turn left unfinished by a crash');
        this.enqueue(turn.conversationId, turn.activity);
        queued += 1;
      }
      if (turns.length < RECOVERY_BATCH) return queued;
    }
  }

  get store(): ConversationStore {
    return this.options.store;
  }

  /** Connects the bot: turns are handed to `run` (set once the adapter and bot exist). */
  connect(run: TurnRunner): void {
    this.run = run;
  }

  private now(): string {
    return new Date(this.clock()).toISOString();
  }

  /**
   * Starts a conversation unless it exists: the bot then receives a conversationUpdate adding
   * itself and the user (so it can greet before the user types). True when it was created.
   */
  async start(conversationId: string, userId: string, locale?: string): Promise<boolean> {
    const { bot } = this.options;
    const greeting: ChannelActivity = {
      type: 'conversationUpdate',
      id: `${conversationId}|start`,
      timestamp: this.now(),
      membersAdded: [
        { id: bot.id, name: bot.name },
        { id: userId, name: '' },
      ],
      from: { id: userId, name: '', role: 'user' },
      ...(locale ? { locale } : {}),
    };
    const created = await this.store.create({ id: conversationId, userId, locale }, { activity: greeting, lease: this.lease() });
    if (created) this.enqueue(conversationId, greeting);
    return created;
  }

  /**
   * Records a user's activity (echoed to the conversation, as Direct Line does, so Web Chat marks
   * it sent) and queues it for the bot, durably: the activity and its pending turn are stored in
   * one transaction before this resolves (and so before the 200), and the turn is forgotten only
   * once it has run. Typing from users is acknowledged and not forwarded.
   * Returns the activity id, or undefined for an unknown conversation.
   */
  async receive(conversationId: string, userId: string, input: UserActivity): Promise<string | undefined> {
    const queue = this.queues.get(conversationId);
    if (queue && queue.pending >= MAX_PENDING_TURNS) throw new BusyError();
    const { from, ...fields } = input;
    const activity = {
      ...fields,
      timestamp: this.now(),
      channelId: 'directline',
      conversation: { id: conversationId },
      from: { id: userId, name: from?.name ?? '', role: 'user' },
    } as Omit<ChannelActivity, 'id'>;
    if (input.type === 'typing') {
      return (await this.store.get(conversationId)) ? `${conversationId}|typing` : undefined;
    }
    const appended = await this.store.append(conversationId, activity, this.lease());
    if (!appended) return undefined;
    this.enqueue(conversationId, appended.activity);
    return appended.activity.id;
  }

  /**
   * Records an activity the bot sent through the reply API; undefined for an unknown
   * conversation. Trace activities are for the Emulator, not users: acknowledged, not shown.
   */
  async deliverFromBot(conversationId: string, body: Omit<ChannelActivity, 'id'> & { id?: string }): Promise<string | undefined> {
    if (body.type === 'trace') return (await this.store.get(conversationId)) ? `${conversationId}|trace` : undefined;
    const { serviceUrl: _serviceUrl, id: _id, ...fields } = body;
    const from = fields.from ?? { id: this.options.bot.id, name: this.options.bot.name };
    const appended = await this.store.append(conversationId, {
      ...fields,
      type: body.type,
      timestamp: this.now(),
      channelId: 'directline',
      conversation: { id: conversationId },
      from: { ...from, role: 'bot' },
    });
    return appended?.activity.id;
  }

  /**
   * Resolves once every turn queued in any conversation has run, or after `timeoutMs`: at
   * shutdown a turn's replies must reach the store before it closes. The user's POST was
   * answered before the turn ran, so the server's count of requests in flight does not cover it.
   * Resolves whether it drained (true) or gave up (false).
   */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
      timer.unref();
    });
    const drained = (async () => {
      while (this.queues.size > 0) await Promise.all([...this.queues.values()].map((queue) => queue.tail));
      return true as const;
    })();
    try {
      return await Promise.race([drained, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves once every queued turn of the conversation has run (for tests and shutdown). */
  async idle(conversationId: string): Promise<void> {
    for (let queue = this.queues.get(conversationId); queue; queue = this.queues.get(conversationId)) {
      await queue.tail;
    }
  }

  private enqueue(conversationId: string, activity: ChannelActivity): void {
    const queue = this.queues.get(conversationId) ?? { tail: Promise.resolve(), pending: 0 };
    queue.pending += 1;
    queue.tail = queue.tail
      .then(() => this.runTurn(conversationId, activity))
      .then(
        () => this.store.completeTurn(activity.id),
        (error: unknown) => {
          // The bot's own errors are answered by its onTurnError and end the turn; what lands
          // here is the channel's (no bot yet, no address, the database): the turn stays
          // pending and runs again once its lease runs out (MAX_TURN_ATTEMPTS starts at most).
          this.options.logger.error({ err: error, conversation: conversationId }, 'directline: turn failed; kept to run again');
        },
      )
      .catch((error: unknown) => {
        this.options.logger.error({ err: error, conversation: conversationId }, 'directline: finished turn not recorded');
      })
      .finally(() => {
        queue.pending -= 1;
        if (queue.pending === 0 && this.queues.get(conversationId) === queue) this.queues.delete(conversationId);
        if (this.queues.size === 0) this.stopRenewal();
      });
    this.queues.set(conversationId, queue);
    this.startRenewal();
  }

  /** While turns are queued or running here, their leases are extended so no other instance takes them. */
  private startRenewal(): void {
    if (this.renewal) return;
    this.renewal = setInterval(() => {
      this.store.renewTurns(this.lease()).catch((error: unknown) => {
        this.options.logger.error({ err: error }, 'directline: turn leases not renewed');
      });
    }, Math.max(1, Math.floor(this.leaseMs / 3)));
    this.renewal.unref();
  }

  private stopRenewal(): void {
    clearInterval(this.renewal);
    this.renewal = undefined;
  }

  private async runTurn(conversationId: string, stored: ChannelActivity): Promise<void> {
    const { run } = this;
    if (!run) throw new Error('directline: no bot is connected');
    const { bot, serviceUrl } = this.options;
    await run({
      ...stored,
      channelId: 'directline',
      serviceUrl: serviceUrl(),
      conversation: { id: conversationId },
      recipient: { id: bot.id, name: bot.name, role: 'bot' },
    });
  }
}
