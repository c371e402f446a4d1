import type { Activity } from 'botbuilder';

/** An activity as clients receive it (JSON): always with an id, a type and an ISO timestamp. */
export type ChannelActivity = Omit<Partial<Activity>, 'id' | 'type' | 'timestamp' | 'localTimestamp'> & {
  id: string;
  type: string;
  timestamp?: string;
  localTimestamp?: string;
};

/** What `GET …/activities` and the stream return. */
export interface ActivitySet {
  activities: ChannelActivity[];
  /** The sequence number of the last activity included (or the one asked for, if none is new). */
  watermark: string;
}

export interface ConversationRecord {
  readonly id: string;
  readonly userId: string;
  /** The locale the page started the conversation with, if any. */
  readonly locale?: string;
}

/**
 * Conversations of the built-in Direct Line endpoint: their activity lists and watermarks.
 * In memory for now; a PostgreSQL implementation (LISTEN/NOTIFY for `subscribe`) lets several
 * instances share them. Every method answers for one conversation only.
 */
export interface ConversationStore {
  /** Creates the conversation unless it exists; true when this call created it. */
  create(record: ConversationRecord): Promise<boolean>;
  get(conversationId: string): Promise<ConversationRecord | undefined>;
  /**
   * Appends an activity, giving it the id `{conversationId}|{sequence}`; undefined when the
   * conversation does not exist (expired or never started).
   */
  append(conversationId: string, activity: Omit<ChannelActivity, 'id'>): Promise<{ activity: ChannelActivity; watermark: string } | undefined>;
  /** Activities after `watermark` (all kept ones when absent); undefined for an unknown conversation. */
  since(conversationId: string, watermark?: number): Promise<ActivitySet | undefined>;
  /** Calls `listener` with each appended activity; returns the unsubscribe function. Keeps the conversation alive. */
  subscribe(conversationId: string, listener: (set: ActivitySet) => void): () => void;
  /** Drops conversations idle longer than the store's limit; returns how many. */
  sweep(): Promise<number>;
  close(): Promise<void>;
}

export interface MemoryStoreOptions {
  /** Conversations kept at most; the least recently active idle one goes first. Default 10,000. */
  maxConversations?: number;
  /** Activities kept per conversation (older ones drop off; watermarks keep counting). Default 500. */
  maxActivities?: number;
  /** A conversation with no activity and no open stream for this long is dropped. Default 2 hours. */
  idleMilliseconds?: number;
  /** Milliseconds since the epoch; for tests. */
  clock?: () => number;
}

interface MemoryConversation {
  record: ConversationRecord;
  activities: ChannelActivity[];
  sequence: number;
  lastActive: number;
  listeners: Set<(set: ActivitySet) => void>;
}

const SEQUENCE_DIGITS = 7;

/** The in-memory ConversationStore: bounded in conversations, activities and idle time. */
export class MemoryConversationStore implements ConversationStore {
  private readonly conversations = new Map<string, MemoryConversation>();
  private readonly maxConversations: number;
  private readonly maxActivities: number;
  private readonly idleMilliseconds: number;
  private readonly clock: () => number;

  constructor(options: MemoryStoreOptions = {}) {
    this.maxConversations = options.maxConversations ?? 10_000;
    this.maxActivities = options.maxActivities ?? 500;
    this.idleMilliseconds = options.idleMilliseconds ?? 2 * 60 * 60 * 1000;
    this.clock = options.clock ?? Date.now;
  }

  /** Marks a conversation active and moves it to the end of the eviction order. */
  private touch(id: string, conversation: MemoryConversation): void {
    conversation.lastActive = this.clock();
    this.conversations.delete(id);
    this.conversations.set(id, conversation);
  }

  async create(record: ConversationRecord): Promise<boolean> {
    const existing = this.conversations.get(record.id);
    if (existing) {
      this.touch(record.id, existing);
      return false;
    }
    if (this.conversations.size >= this.maxConversations) this.evictOne();
    this.conversations.set(record.id, {
      record: { ...record },
      activities: [],
      sequence: 0,
      lastActive: this.clock(),
      listeners: new Set(),
    });
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

  async append(conversationId: string, activity: Omit<ChannelActivity, 'id'>) {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) return undefined;
    conversation.sequence += 1;
    const watermark = String(conversation.sequence);
    const stored = { ...activity, id: `${conversationId}|${watermark.padStart(SEQUENCE_DIGITS, '0')}` } as ChannelActivity;
    conversation.activities.push(stored);
    if (conversation.activities.length > this.maxActivities) conversation.activities.shift();
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

  async since(conversationId: string, watermark?: number): Promise<ActivitySet | undefined> {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) return undefined;
    const after = watermark ?? 0;
    const first = conversation.sequence - conversation.activities.length + 1;
    const activities = conversation.activities.slice(Math.max(0, after - first + 1));
    const last = activities.length > 0 ? conversation.sequence : Math.min(after, conversation.sequence);
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

  async sweep(): Promise<number> {
    const limit = this.clock() - this.idleMilliseconds;
    let dropped = 0;
    for (const [id, conversation] of this.conversations) {
      if (conversation.listeners.size === 0 && conversation.lastActive < limit) {
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

/** The sequence number in an activity id (`{conversationId}|0000042` → 42). */
export function sequenceOf(activityId: string): number {
  return Number(activityId.slice(activityId.lastIndexOf('|') + 1));
}
