/**
 * What one anonymous web chat visitor may make this server keep, read or hold open. Each bound
 * is far above what a supplier typing in Web Chat needs (a message is a few hundred characters,
 * Web Chat's own channelData and entities under 300), and low enough that the worst a public
 * token can do stays small: in issue 13, 100 activities with 200 KB of channelData each and a
 * dozen slow readers exhausted the heap, and the restarted server crashed again on the same rows.
 * Sizes are characters of the JSON text, as stored.
 */

/** Longest message text a user may post; a chat message never needs more. */
export const MAX_TEXT_LENGTH = 4000;

/** Caps on the JSON of the free-form fields of a posted activity (serialized characters). */
export const FIELD_LIMITS = {
  /** Adaptive Card submissions carry their inputs here. */
  value: 8 * 1024,
  /** Web Chat sends clientActivityID and clientTimestamp (about 100 characters). */
  channelData: 4 * 1024,
  /** Web Chat sends ClientCapabilities (about 100 characters). */
  entities: 4 * 1024,
  /** Files go through the upload route, not here; a card or a link fits easily. */
  attachments: 16 * 1024,
} as const;

/** Attachments and entities per activity. */
export const MAX_ATTACHMENTS = 10;
export const MAX_ENTITIES = 20;

/**
 * A stored activity larger than this is never read back whole (rows written before the caps
 * existed, or by a future bug): reads serve a stub in its place and skip its content.
 */
export const MAX_STORED_ACTIVITY_CHARS = 64 * 1024;

/**
 * Per-conversation storage quota: the newest activities are kept, the oldest pruned beyond
 * either bound (as a chat history scrolls away), so the conversation always goes on working.
 */
export const CONVERSATION_QUOTA = { activities: 500, chars: 1024 * 1024 } as const;

/** One `GET …/activities` answer, or one stream message: at most this many activities and characters. */
export const PAGE_LIMITS = { activities: 100, chars: 256 * 1024 } as const;

/** Open streams per conversation (one per open tab of it) on one instance. */
export const MAX_STREAMS_PER_CONVERSATION = 4;

/** A stream whose client does not read (queued output above this) is closed; it reconnects by watermark. */
export const MAX_STREAM_BUFFER_BYTES = 1024 * 1024;

/**
 * Output queued for all streams of an instance together. Each stream may queue up to
 * MAX_STREAM_BUFFER_BYTES, but 2,000 streams doing so would hold 2 GB outside the heap; past this
 * budget the stream about to queue more is closed instead (its client reconnects by watermark).
 */
export const MAX_QUEUED_STREAM_BYTES = 64 * 1024 * 1024;

/** Posts per user (all of its tokens and conversations) per minute: twice the per-conversation limit. */
export const USER_POSTS_FACTOR = 2;
