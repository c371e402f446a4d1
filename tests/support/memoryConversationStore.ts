import { activityId, sequenceOf } from '../../bot/channels/directline/activityIds';
import { CONVERSATION_QUOTA, MAX_STORED_ACTIVITY_CHARS, PAGE_LIMITS } from '../../bot/channels/directline/limits';
import type {
  ActivitySet,
  ChannelActivity,
  ConversationRecord,
  ConversationStore,
  PageOptions,
  PendingTurn,
  TurnLease,
} from '../../bot/channels/directline/store';

export interface MemoryStoreOptions {
  /** Conversations kept at most; the least recently active idle one goes first. Default 10,000. */
  maxConversations?: number;
  /** Activities kept per conversation (older ones drop off; watermarks keep counting). Default CONVERSATION_QUOTA. */
  maxActivities?: number;
  /** Characters of activities kept per conversation (older ones drop off). Default CONVERSATION_QUOTA. */
  maxChars?: number;
  /** A conversation with no activity and no open stream for this long is dropped. Default 2 hours. */
  idleMilliseconds?: number;
  /** Milliseconds since the epoch; for tests. */
  clock?: () => number;
}

interface MemoryConversation {
  record: ConversationRecord;
  activities: { activity: ChannelActivity; size: number }[];
  chars: number;
  sequence: number;
  lastActive: number;
  retainUntil?: number;
  listeners: Set<(set: ActivitySet) => void>;
}

/**
 * A ConversationStore in memory, for the channel's tests (no database to open): one instance,
 * nothing survives a restart; bounded in conversations, activities and idle time. The server
 * always keeps conversations in the database (SqlConversationStore).
 */
export class MemoryConversationStore implements ConversationStore {
  private readonly conversations = new Map<string, MemoryConversation>();
  private readonly pending = new Map<string, PendingTurn & { lease: TurnLease }>();
  private readonly usedTokens = new Map<string, number>();
  private readonly maxConversations: number;
  private readonly maxActivities: number;
  private readonly maxChars: number;
  private readonly idleMilliseconds: number;
  private readonly clock: () => number;

  constructor(options: MemoryStoreOptions = {}) {
    this.maxConversations = options.maxConversations ?? 10_000;
    this.maxActivities = options.maxActivities ?? CONVERSATION_QUOTA.activities;
    this.maxChars = options.maxChars ?? CONVERSATION_QUOTA.chars;
    this.idleMilliseconds = options.idleMilliseconds ?? 2 * 60 * 60 * 1000;
    this.clock = options.clock ?? Date.now;
  }

  /** Marks a conversation active and moves it to the end of the eviction order. */
  private touch(id: string, conversation: MemoryConversation): void {
    conversation.lastActive = this.clock();
    this.conversations.delete(id);
    this.conversations.set(id, conversation);
  }

  async create(record: ConversationRecord, turn?: { activity: ChannelActivity; lease: TurnLease }): Promise<boolean> {
    const existing = this.conversations.get(record.id);
    if (existing) {
      this.touch(record.id, existing);
      return false;
    }
    if (this.conversations.size >= this.maxConversations) this.evictOne();
    this.conversations.set(record.id, {
      record: { ...record },
      activities: [],
      chars: 0,
      sequence: 0,
      lastActive: this.clock(),
      listeners: new Set(),
    });
    if (turn) this.pending.set(turn.activity.id, { conversationId: record.id, activity: turn.activity, attempts: 1, lease: turn.lease });
    return true;
  }

  private evictOne(): void {
    for (const [id, conversation] of this.conversations) {
      if (conversation.listeners.size === 0) {
        this.conversations.delete(id);
        return;
      }
    }
    // Every conversation has an open stream: drop the oldest anyway, the bound matters more.
    const oldest = this.conversations.keys().next().value;
    if (oldest !== undefined) this.conversations.delete(oldest);
  }

  async get(conversationId: string): Promise<ConversationRecord | undefined> {
    return this.conversations.get(conversationId)?.record;
  }

  async append(conversationId: string, activity: Omit<ChannelActivity, 'id'>, turn?: TurnLease) {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) return undefined;
    conversation.sequence += 1;
    const watermark = String(conversation.sequence);
    const stored = { ...activity, id: activityId(conversationId, conversation.sequence) } as ChannelActivity;
    const size = JSON.stringify(stored).length;
    conversation.activities.push({ activity: stored, size });
    conversation.chars += size;
    while (conversation.activities.length > this.maxActivities || (conversation.chars > this.maxChars && conversation.activities.length > 1)) {
      conversation.chars -= conversation.activities.shift()!.size;
    }
    if (turn) this.pending.set(stored.id, { conversationId, activity: stored, attempts: 1, lease: turn });
    this.touch(conversationId, conversation);
    for (const listener of [...conversation.listeners]) {
      try {
        listener({ activities: [stored], watermark });
      } catch {
        // A failing listener (a closed socket) must not stop delivery to the others.
      }
    }
    return { activity: stored, watermark };
  }

  async since(conversationId: string, watermark?: number, page: PageOptions = PAGE_LIMITS): Promise<ActivitySet | undefined> {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) return undefined;
    const after = watermark ?? 0;
    const first = conversation.sequence - conversation.activities.length + 1;
    const kept = conversation.activities.slice(Math.max(0, after - first + 1));
    const activities: ChannelActivity[] = [];
    let chars = 0;
    let last = Math.min(after, conversation.sequence);
    for (const { activity, size } of kept.slice(0, page.activities)) {
      if (activities.length > 0 && chars + size > page.chars) break;
      last = sequenceOf(activity.id);
      if (size > MAX_STORED_ACTIVITY_CHARS) continue;
      activities.push(activity);
      chars += size;
    }
    return { activities, watermark: String(last) };
  }

  subscribe(conversationId: string, listener: (set: ActivitySet) => void): () => void {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) return () => undefined;
    conversation.listeners.add(listener);
    this.touch(conversationId, conversation);
    return () => {
      conversation.listeners.delete(listener);
      conversation.lastActive = this.clock();
    };
  }

  async connected(conversationId: string): Promise<boolean> {
    return (this.conversations.get(conversationId)?.listeners.size ?? 0) > 0;
  }

  async retain(conversationId: string, until: number): Promise<boolean> {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) return false;
    conversation.retainUntil = Math.max(conversation.retainUntil ?? 0, until);
    return true;
  }

  async claimStaleTurns(lease: TurnLease, limit: number): Promise<PendingTurn[]> {
    const now = this.clock();
    const claimed: PendingTurn[] = [];
    for (const [id, turn] of this.pending) {
      if (claimed.length >= limit) break;
      if (turn.lease.until >= now) continue;
      const taken = { ...turn, attempts: turn.attempts + 1, lease };
      this.pending.set(id, taken);
      claimed.push({ conversationId: taken.conversationId, activity: taken.activity, attempts: taken.attempts });
    }
    return claimed;
  }

  async renewTurns(lease: TurnLease): Promise<void> {
    for (const turn of this.pending.values()) if (turn.lease.owner === lease.owner) Object.assign(turn, { lease });
  }

  async completeTurn(activityId: string): Promise<void> {
    this.pending.delete(activityId);
  }

  async consumeToken(tokenId: string, expiresAt: number): Promise<boolean> {
    if (this.usedTokens.has(tokenId)) return false;
    this.usedTokens.set(tokenId, expiresAt);
    return true;
  }

  async sweep(): Promise<number> {
    const now = this.clock();
    for (const [id, expiresAt] of this.usedTokens) if (expiresAt < now) this.usedTokens.delete(id);
    const limit = now - this.idleMilliseconds;
    let dropped = 0;
    for (const [id, conversation] of this.conversations) {
      if (conversation.listeners.size === 0 && conversation.lastActive < limit && !((conversation.retainUntil ?? 0) >= now)) {
        this.conversations.delete(id);
        dropped += 1;
      }
    }
    return dropped;
  }

  async close(): Promise<void> {
    this.conversations.clear();
  }
}
