import type { EventBus } from '../../events/eventBus';
import type { Database, SqlExecutor } from '../../storage/database';
import { CONVERSATION_QUOTA, MAX_STORED_ACTIVITY_CHARS, PAGE_LIMITS } from './limits';
import { SqlPendingTurns } from './sqlPendingTurns';
import { activityId, type ActivitySet, type ChannelActivity, type ConversationRecord, type ConversationStore, type PageOptions, type PendingTurn, type TurnLease } from './store';

/**
 * A stream counts as open on another instance while its heartbeat (written at each sweep, every
 * minute, and when it opens) is younger than this: two sweeps and a half.
 */
const STREAM_HEARTBEAT_WINDOW_MS = 150_000;

/** The bus channel that says "conversation X has activities up to watermark W". */
const CHANNEL = 'directline_activity';

export interface SqlStoreOptions {
  /** Activities kept per conversation (older ones are deleted; watermarks keep counting). Default CONVERSATION_QUOTA. */
  maxActivities?: number;
  /** Characters of activities kept per conversation (older ones are deleted). Default CONVERSATION_QUOTA. */
  maxChars?: number;
  /** A conversation with no activity and no open stream for this long is dropped. Default 2 hours. */
  idleMilliseconds?: number;
  clock?: () => number;
}

interface Subscription {
  listener: (set: ActivitySet) => void;
  /** The last watermark delivered; set once the subscription has read where the conversation stands. */
  delivered: Promise<number>;
}

/**
 * The Direct Line conversations in the shared database, so a web chat keeps working when its
 * requests land on different instances. An append is announced on the event bus (PostgreSQL
 * NOTIFY with several instances) with its watermark only; each instance holding a stream for
 * the conversation reads the new activities from the database and pushes them.
 */
export class SqlConversationStore implements ConversationStore {
  private readonly subscriptions = new Map<string, Set<Subscription>>();
  private readonly maxActivities: number;
  private readonly maxChars: number;
  private readonly idleMilliseconds: number;
  private readonly clock: () => number;
  private readonly unsubscribeBus: () => void;
  private readonly turns: SqlPendingTurns;

  constructor(
    private readonly db: Database,
    private readonly bus: EventBus,
    options: SqlStoreOptions = {},
  ) {
    this.maxActivities = options.maxActivities ?? CONVERSATION_QUOTA.activities;
    this.maxChars = options.maxChars ?? CONVERSATION_QUOTA.chars;
    this.idleMilliseconds = options.idleMilliseconds ?? 2 * 60 * 60 * 1000;
    this.clock = options.clock ?? Date.now;
    this.turns = new SqlPendingTurns(db, this.clock);
    this.unsubscribeBus = bus.subscribe(CHANNEL, (message) => {
      if (typeof message.conversationId === 'string') this.deliver(message.conversationId, Number(message.watermark));
    });
  }

  async create(record: ConversationRecord, turn?: { activity: ChannelActivity; lease: TurnLease }): Promise<boolean> {
    const created = await this.db.transaction(async (tx) => {
      const inserted = await tx.run(
        `INSERT INTO directline_conversations (id, user_id, locale, sequence, last_active) VALUES (?, ?, ?, 0, ?)
         ON CONFLICT (id) DO NOTHING`,
        [record.id, record.userId, record.locale ?? null, this.clock()],
      );
      if (inserted.changes !== 1) return false;
      if (turn) await this.turns.add(tx, record.id, turn.activity, turn.lease);
      return true;
    });
    if (!created) await this.db.run('UPDATE directline_conversations SET last_active = ? WHERE id = ?', [this.clock(), record.id]);
    return created;
  }

  async get(conversationId: string): Promise<ConversationRecord | undefined> {
    const row = await this.db.get<{ id: string; user_id: string; locale: string | null }>(
      'SELECT id, user_id, locale FROM directline_conversations WHERE id = ?',
      [conversationId],
    );
    if (!row) return undefined;
    return row.locale ? { id: row.id, userId: row.user_id, locale: row.locale } : { id: row.id, userId: row.user_id };
  }

  async append(conversationId: string, activity: Omit<ChannelActivity, 'id'>, turn?: TurnLease) {
    const appended = await this.db.transaction(async (tx) => {
      const row = await tx.get<{ sequence: number | string; chars: number | string }>(
        'UPDATE directline_conversations SET sequence = sequence + 1, last_active = ? WHERE id = ? RETURNING sequence, chars',
        [this.clock(), conversationId],
      );
      if (!row) return undefined;
      const sequence = Number(row.sequence);
      const stored = { ...activity, id: activityId(conversationId, sequence) } as ChannelActivity;
      const json = JSON.stringify(stored);
      await tx.run('INSERT INTO directline_activities (conversation_id, seq, activity, size) VALUES (?, ?, ?, ?)', [
        conversationId,
        sequence,
        json,
        json.length,
      ]);
      await this.prune(tx, conversationId, sequence, Number(row.chars) + json.length);
      if (turn) await this.turns.add(tx, conversationId, stored, turn);
      return { activity: stored, watermark: String(sequence) };
    });
    if (appended) await this.bus.publish(CHANNEL, { conversationId, watermark: appended.watermark });
    return appended;
  }

  /** Deletes the oldest activities beyond the quota (count and characters) and records what is left. */
  private async prune(tx: SqlExecutor, conversationId: string, sequence: number, chars: number): Promise<void> {
    let cutoff = sequence - this.maxActivities;
    if (chars > this.maxChars) {
      const rows = await tx.all<{ seq: number | string; size: number | string }>(
        'SELECT seq, size FROM directline_activities WHERE conversation_id = ? AND seq < ? ORDER BY seq',
        [conversationId, sequence],
      );
      let left = chars;
      for (const row of rows) {
        if (left <= this.maxChars) break;
        left -= Number(row.size);
        cutoff = Math.max(cutoff, Number(row.seq));
      }
    }
    let removed = 0;
    if (cutoff > 0) {
      const deleted = await tx.all<{ size: number | string }>(
        'DELETE FROM directline_activities WHERE conversation_id = ? AND seq <= ? RETURNING size',
        [conversationId, cutoff],
      );
      removed = deleted.reduce((sum, row) => sum + Number(row.size), 0);
    }
    await tx.run('UPDATE directline_conversations SET chars = ? WHERE id = ?', [Math.max(0, chars - removed), conversationId]);
  }

  async since(conversationId: string, watermark?: number, page: PageOptions = PAGE_LIMITS): Promise<ActivitySet | undefined> {
    const sequence = await this.sequence(conversationId);
    if (sequence === undefined) return undefined;
    const after = watermark ?? 0;
    // Sizes first (measured by the database, whatever the size column says), then only the
    // rows that fit: a row of megabytes written before the caps is never loaded into the heap.
    const sizes = await this.db.all<{ seq: number | string; size: number | string }>(
      'SELECT seq, length(activity) AS size FROM directline_activities WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?',
      [conversationId, after, page.activities],
    );
    let last = Math.min(after, sequence);
    let chars = 0;
    let wanted = 0;
    for (const row of sizes) {
      const size = Number(row.size);
      if (size > MAX_STORED_ACTIVITY_CHARS) {
        last = Number(row.seq);
        continue;
      }
      if (wanted > 0 && chars + size > page.chars) break;
      last = Number(row.seq);
      chars += size;
      wanted += 1;
    }
    if (wanted === 0) return { activities: [], watermark: String(last) };
    const rows = await this.db.all<{ activity: string }>(
      'SELECT activity FROM directline_activities WHERE conversation_id = ? AND seq > ? AND seq <= ? AND length(activity) <= ? ORDER BY seq',
      [conversationId, after, last, MAX_STORED_ACTIVITY_CHARS],
    );
    return { activities: rows.map((row) => JSON.parse(row.activity) as ChannelActivity), watermark: String(last) };
  }

  /** The conversation's last watermark, or undefined when there is no such conversation. */
  private async sequence(conversationId: string): Promise<number | undefined> {
    const row = await this.db.get<{ sequence: number | string }>('SELECT sequence FROM directline_conversations WHERE id = ?', [conversationId]);
    return row ? Number(row.sequence) : undefined;
  }

  subscribe(conversationId: string, listener: (set: ActivitySet) => void): () => void {
    const subscription: Subscription = {
      listener,
      delivered: this.sequence(conversationId).then((sequence) => sequence ?? 0),
    };
    let set = this.subscriptions.get(conversationId);
    if (!set) this.subscriptions.set(conversationId, (set = new Set()));
    set.add(subscription);
    void this.db.run('UPDATE directline_conversations SET streamed_at = ? WHERE id = ?', [this.clock(), conversationId]).catch(() => undefined);
    return () => {
      set.delete(subscription);
      const last = set.size === 0;
      if (last) this.subscriptions.delete(conversationId);
      // This instance's last stream closed: "not connected" at once (another instance still
      // streaming it writes its heartbeat again at its next sweep).
      void this.db
        .run(`UPDATE directline_conversations SET last_active = ?${last ? ', streamed_at = NULL' : ''} WHERE id = ?`, [this.clock(), conversationId])
        .catch(() => undefined);
    };
  }

  async connected(conversationId: string): Promise<boolean> {
    if ((this.subscriptions.get(conversationId)?.size ?? 0) > 0) return true;
    const row = await this.db.get<{ streamed_at: number | string | null }>('SELECT streamed_at FROM directline_conversations WHERE id = ?', [conversationId]);
    return row?.streamed_at !== null && row?.streamed_at !== undefined && Number(row.streamed_at) > this.clock() - STREAM_HEARTBEAT_WINDOW_MS;
  }

  async retain(conversationId: string, until: number): Promise<boolean> {
    const result = await this.db.run(
      'UPDATE directline_conversations SET retain_until = ? WHERE id = ? AND (retain_until IS NULL OR retain_until < ?)',
      [until, conversationId, until],
    );
    if (result.changes === 1) return true;
    return (await this.db.get('SELECT 1 AS one FROM directline_conversations WHERE id = ?', [conversationId])) !== undefined;
  }

  /**
   * Pushes what each local stream of the conversation has not seen yet, in order, once, page by
   * page, up to the announced watermark `upTo` (later appends are announced and delivered in turn;
   * without it, until a read brings nothing new).
   */
  private deliver(conversationId: string, upTo: number): void {
    for (const subscription of this.subscriptions.get(conversationId) ?? []) {
      subscription.delivered = subscription.delivered.then(async (delivered) => {
        for (;;) {
          // Already read past it (a page covered several appends): no read to learn nothing came.
          if (delivered >= upTo) return delivered;
          const set = await this.since(conversationId, delivered).catch(() => undefined);
          if (!set || Number(set.watermark) <= delivered) return delivered;
          if (set.activities.length > 0) {
            try {
              subscription.listener(set);
            } catch {
              // A failing listener (a closed socket) must not stop delivery to the others.
            }
          }
          delivered = Number(set.watermark);
        }
      });
    }
  }

  claimStaleTurns(lease: TurnLease, limit: number): Promise<PendingTurn[]> {
    return this.turns.claimStale(lease, limit);
  }

  renewTurns(lease: TurnLease): Promise<void> {
    return this.turns.renew(lease);
  }

  completeTurn(activityId: string): Promise<void> {
    return this.turns.complete(activityId);
  }

  async consumeToken(tokenId: string, expiresAt: number): Promise<boolean> {
    const inserted = await this.db.run('INSERT INTO directline_used_tokens (token_id, expires_at) VALUES (?, ?) ON CONFLICT (token_id) DO NOTHING', [
      tokenId,
      expiresAt,
    ]);
    return inserted.changes === 1;
  }

  async sweep(): Promise<number> {
    const now = this.clock();
    await this.db.run('DELETE FROM directline_used_tokens WHERE expires_at < ?', [now]);
    // Conversations streaming from this instance stay alive; other instances do the same for theirs.
    for (const conversationId of this.subscriptions.keys()) {
      await this.db.run('UPDATE directline_conversations SET last_active = ?, streamed_at = ? WHERE id = ?', [now, now, conversationId]);
    }
    // A conversation kept for its ticket (retain_until) outlives the idle limit until then.
    const idle = await this.db.all<{ id: string }>(
      'SELECT id FROM directline_conversations WHERE last_active < ? AND (retain_until IS NULL OR retain_until < ?)',
      [now - this.idleMilliseconds, now],
    );
    for (const { id } of idle) {
      await this.db.transaction(async (tx) => {
        const gone = await tx.run('DELETE FROM directline_conversations WHERE id = ? AND last_active < ? AND (retain_until IS NULL OR retain_until < ?)', [
          id,
          now - this.idleMilliseconds,
          now,
        ]);
        if (gone.changes === 1) await tx.run('DELETE FROM directline_activities WHERE conversation_id = ?', [id]);
      });
    }
    return idle.length;
  }

  async close(): Promise<void> {
    this.unsubscribeBus();
    this.subscriptions.clear();
  }
}
