import type { ChannelActivity } from './wireActivity';

export type { ChannelActivity } from './wireActivity';

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

/** Who runs a turn, until when (ms since the epoch): another instance takes it over only after. */
export interface TurnLease {
  readonly owner: string;
  readonly until: number;
}

/** A turn acknowledged to the user and not finished yet (kept until the bot has run it). */
export interface PendingTurn {
  readonly conversationId: string;
  readonly activity: ChannelActivity;
  /** How many times a run was started (1 for the first). */
  readonly attempts: number;
}

/** Options of a read: how much one answer holds at most. */
export interface PageOptions {
  readonly activities: number;
  readonly chars: number;
}

/**
 * Conversations of the built-in Direct Line endpoint: their activity lists and watermarks, and
 * the turns waiting to run, kept in the database (SqlConversationStore: survives a restart,
 * shared by instances). Every method answers for one conversation only.
 */
export interface ConversationStore {
  /**
   * Creates the conversation unless it exists; true when this call created it. With `turn`, the
   * greeting turn is kept as pending in the same transaction.
   */
  create(record: ConversationRecord, turn?: { activity: ChannelActivity; lease: TurnLease }): Promise<boolean>;
  get(conversationId: string): Promise<ConversationRecord | undefined>;
  /**
   * Appends an activity, giving it the id `{conversationId}|{sequence}`, and prunes the oldest
   * beyond the conversation's quota; undefined when the conversation does not exist (expired or
   * never started). With `turn`, the activity is also kept as a pending turn, atomically.
   */
  append(
    conversationId: string,
    activity: Omit<ChannelActivity, 'id'>,
    turn?: TurnLease,
  ): Promise<{ activity: ChannelActivity; watermark: string } | undefined>;
  /**
   * One page of the activities after `watermark` (from the first kept one when absent), bounded
   * in count and characters; activities stored over MAX_STORED_ACTIVITY_CHARS are skipped. The
   * watermark is the last one covered: ask again with it for the next page. Undefined for an
   * unknown conversation.
   */
  since(conversationId: string, watermark?: number, page?: PageOptions): Promise<ActivitySet | undefined>;
  /** Calls `listener` with each appended activity; returns the unsubscribe function. Keeps the conversation alive. */
  subscribe(conversationId: string, listener: (set: ActivitySet) => void): () => void;
  /**
   * Whether a stream is open on the conversation: on this instance, or on another one whose
   * heartbeat is recent (STREAM_HEARTBEAT_WINDOW_MS). What "the supplier is connected" means.
   */
  connected(conversationId: string): Promise<boolean>;
  /**
   * Keeps the conversation past the idle limit until `until` (ms since the epoch; an earlier
   * date never shortens it); false when there is no such conversation.
   */
  retain(conversationId: string, until: number): Promise<boolean>;
  /** Claims up to `limit` pending turns whose lease has run out (a crashed run), oldest first. */
  claimStaleTurns(lease: TurnLease, limit: number): Promise<PendingTurn[]>;
  /** Extends the leases `owner` holds to `until`. */
  renewTurns(lease: TurnLease): Promise<void>;
  /** The turn has run (or is given up): forgets it. */
  completeTurn(activityId: string): Promise<void>;
  /** Records a single-use token as used; false when it was already. */
  consumeToken(tokenId: string, expiresAt: number): Promise<boolean>;
  /** Drops conversations idle longer than the store's limit (and used tokens past expiry); returns how many conversations. */
  sweep(): Promise<number>;
  close(): Promise<void>;
}

export { activityId, sequenceOf } from './activityIds';
