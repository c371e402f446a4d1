import type { EventBus } from '../../events/eventBus';
import type { Database } from '../../storage/database';
import type { ActivitySet, ChannelActivity, ConversationRecord, ConversationStore } from './store';

/** The bus channel that says "conversation X has activities up to watermark W". */
const CHANNEL = 'directline_activity';
const SEQUENCE_DIGITS = 7;

export interface SqlStoreOptions {
  /** Activities kept per conversation (older ones are deleted; watermarks keep counting). Default 500. */
  maxActivities?: number;
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
  private readonly idleMilliseconds: number;
  private readonly clock: () => number;
  private readonly unsubscribeBus: () => void;

  constructor(
    private readonly db: Database,
    private readonly bus: EventBus,
    options: SqlStoreOptions = {},
  ) {
    this.maxActivities = options.maxActivities ?? 500;
    this.idleMilliseconds = options.idleMilliseconds ?? 2 * 60 * 60 * 1000;
    this.clock = options.clock ?? Date.now;
    this.unsubscribeBus = bus.subscribe(CHANNEL, (message) => {
      if (typeof message.conversationId === 'string') this.deliver(message.conversationId);
    });
  }

  async create(record: ConversationRecord): Promise<boolean> {
    const inserted = await this.db.run(
      `INSERT INTO directline_conversations (id, user_id, locale, sequence, last_active) VALUES (?, ?, ?, 0, ?)
       ON CONFLICT (id) DO NOTHING`,
      [record.id, record.userId, record.locale ?? null, this.clock()],
    );
    if (inserted.changes === 1) return true;
    await this.db.run('UPDATE directline_conversations SET last_active = ? WHERE id = ?', [this.clock(), record.id]);
    return false;
  }

  async get(conversationId: string): Promise<ConversationRecord | undefined> {
    const row = await this.db.get<{ id: string; user_id: string; locale: string | null }>(
      'SELECT id, user_id, locale FROM directline_conversations WHERE id = ?',
      [conversationId],
    );
    if (!row) return undefined;
    return row.locale ? { id: row.id, userId: row.user_id, locale: row.locale } : { id: row.id, userId: row.user_id };
  }

  async append(conversationId: string, activity: Omit<ChannelActivity, 'id'>) {
    const appended = await this.db.transaction(async (tx) => {
      const row = await tx.get<{ sequence: number | string }>(
        'UPDATE directline_conversations SET sequence = sequence + 1, last_active = ? WHERE id = ? RETURNING sequence',
        [this.clock(), conversationId],
      );
      if (!row) return undefined;
      const sequence = Number(row.sequence);
      const stored = { ...activity, id: `${conversationId}|${String(sequence).padStart(SEQUENCE_DIGITS, '0')}` } as ChannelActivity;
      await tx.run('INSERT INTO directline_activities (conversation_id, seq, activity) VALUES (?, ?, ?)', [
        conversationId,
        sequence,
        JSON.stringify(stored),
      ]);
      if (sequence > this.maxActivities) {
        await tx.run('DELETE FROM directline_activities WHERE conversation_id = ? AND seq <= ?', [
          conversationId,
          sequence - this.maxActivities,
        ]);
      }
      return { activity: stored, watermark: String(sequence) };
    });
    if (appended) await this.bus.publish(CHANNEL, { conversationId, watermark: appended.watermark });
    return appended;
  }

  async since(conversationId: string, watermark?: number): Promise<ActivitySet | undefined> {
    const conversation = await this.db.get<{ sequence: number | string }>(
      'SELECT sequence FROM directline_conversations WHERE id = ?',
      [conversationId],
    );
    if (!conversation) return undefined;
    const after = watermark ?? 0;
    const rows = await this.db.all<{ seq: number | string; activity: string }>(
      'SELECT seq, activity FROM directline_activities WHERE conversation_id = ? AND seq > ? ORDER BY seq',
      [conversationId, after],
    );
    const activities = rows.map((row) => JSON.parse(row.activity) as ChannelActivity);
    const last = rows.length > 0 ? Number(rows[rows.length - 1]!.seq) : Math.min(after, Number(conversation.sequence));
    return { activities, watermark: String(last) };
  }

  subscribe(conversationId: string, listener: (set: ActivitySet) => void): () => void {
    const subscription: Subscription = {
      listener,
      delivered: this.db
        .get<{ sequence: number | string }>('SELECT sequence FROM directline_conversations WHERE id = ?', [conversationId])
        .then((row) => Number(row?.sequence ?? 0)),
    };
    let set = this.subscriptions.get(conversationId);
    if (!set) this.subscriptions.set(conversationId, (set = new Set()));
    set.add(subscription);
    return () => {
      set.delete(subscription);
      if (set.size === 0) this.subscriptions.delete(conversationId);
      void this.db
        .run('UPDATE directline_conversations SET last_active = ? WHERE id = ?', [this.clock(), conversationId])
        .catch(() => undefined);
    };
  }

  /** Pushes what each local stream of the conversation has not seen yet, in order, once. */
  private deliver(conversationId: string): void {
    for (const subscription of this.subscriptions.get(conversationId) ?? []) {
      subscription.delivered = subscription.delivered.then(async (delivered) => {
        const set = await this.since(conversationId, delivered).catch(() => undefined);
        if (!set || set.activities.length === 0) return delivered;
        try {
          subscription.listener(set);
        } catch {
          // A failing listener (a closed socket) must not stop delivery to the others.
        }
        return Number(set.watermark);
      });
    }
  }

  async sweep(): Promise<number> {
    const now = this.clock();
    // Conversations streaming from this instance stay alive; other instances do the same for theirs.
    for (const conversationId of this.subscriptions.keys()) {
      await this.db.run('UPDATE directline_conversations SET last_active = ? WHERE id = ?', [now, conversationId]);
    }
    const idle = await this.db.all<{ id: string }>('SELECT id FROM directline_conversations WHERE last_active < ?', [
      now - this.idleMilliseconds,
    ]);
    for (const { id } of idle) {
      await this.db.transaction(async (tx) => {
        await tx.run('DELETE FROM directline_activities WHERE conversation_id = ?', [id]);
        await tx.run('DELETE FROM directline_conversations WHERE id = ? AND last_active < ?', [id, now - this.idleMilliseconds]);
      });
    }
    return idle.length;
  }

  async close(): Promise<void> {
    this.unsubscribeBus();
    this.subscriptions.clear();
  }
}
