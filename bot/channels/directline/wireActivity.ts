/**
 * Direct Line 3.0 activities as JSON, the channel's own wire type: the fields this endpoint reads
 * or writes are named, anything else a client or the bot sends (suggestedActions, speak,
 * inputHint, …) passes through unchanged. No channel SDK type is needed to store or serve them.
 */

/** An account in an activity: `from`, `recipient`, `membersAdded`. */
interface WireAccount {
  id: string;
  name?: string;
  /** "user" or "bot". */
  role?: string;
  [field: string]: unknown;
}

/** An activity as clients receive it (JSON): always with an id, a type and an ISO timestamp. */
export interface ChannelActivity {
  id: string;
  type: string;
  timestamp?: string;
  localTimestamp?: string;
  localTimezone?: string;
  channelId?: string;
  /** Where the bot replies (this server's channel reply API); set on activities handed to the bot. */
  serviceUrl?: string;
  conversation?: { id: string; [field: string]: unknown };
  from?: WireAccount;
  recipient?: WireAccount;
  membersAdded?: WireAccount[];
  membersRemoved?: WireAccount[];
  text?: string;
  textFormat?: string;
  locale?: string;
  name?: string;
  value?: unknown;
  replyToId?: string;
  attachments?: unknown[];
  entities?: unknown[];
  channelData?: unknown;
  [field: string]: unknown;
}
