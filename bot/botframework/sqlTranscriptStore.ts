import type { Activity, PagedResult, TranscriptInfo, TranscriptStore } from 'botbuilder';
import type { Database } from '../storage/database';

const PAGE_SIZE = 100;

/**
 * A transcript keeps an activity's JSON up to this size; beyond it the large fields are cut
 * (see `boundedForTranscript`). Bot answers with cards are a few KB; a user's message is capped
 * by its channel. Transcripts are kept TRANSCRIPT_RETENTION_DAYS (90 by default), so what one
 * anonymous request can make them hold must stay small (issue 13: 200 KB of channelData each).
 */
export const MAX_TRANSCRIPT_ACTIVITY_CHARS = 32 * 1024;
/** Text kept of a message whose activity is over the cap. */
const MAX_TRANSCRIPT_TEXT = 4000;
/** The free-form fields cut first, largest first, when an activity is over the cap. */
const CUTTABLE_FIELDS = ['channelData', 'value', 'attachments', 'entities', 'suggestedActions', 'text', 'speak', 'summary'] as const;

/**
 * The activity's JSON as a transcript keeps it: unchanged when its JSON is within
 * MAX_TRANSCRIPT_ACTIVITY_CHARS; otherwise its largest free-form fields are cut until it fits
 * (text shortened, the others dropped), and `transcriptTruncated` lists what was cut and how
 * large the original was, so a reader knows something is missing.
 */
function boundedForTranscript(activity: Partial<Activity>): string {
  const json = JSON.stringify(activity);
  if (json.length <= MAX_TRANSCRIPT_ACTIVITY_CHARS) return json;
  const copy = { ...activity } as Record<string, unknown>;
  const sizes = CUTTABLE_FIELDS.filter((field) => copy[field] !== undefined)
    .map((field) => ({ field, size: (JSON.stringify(copy[field]) as string | undefined)?.length ?? 0 }))
    .sort((a, b) => b.size - a.size);
  const cut: string[] = [];
  let bounded = json;
  for (const { field } of sizes) {
    if (field === 'text' && typeof copy.text === 'string') copy.text = `${copy.text.slice(0, MAX_TRANSCRIPT_TEXT)}…`;
    else delete copy[field];
    cut.push(field);
    copy.transcriptTruncated = { fields: cut, originalChars: json.length };
    bounded = JSON.stringify(copy);
    if (bounded.length <= MAX_TRANSCRIPT_ACTIVITY_CHARS) return bounded;
  }
  // Still too large (a huge id or name): keep only what identifies the activity.
  const { type, id, timestamp, channelId, conversation, from, recipient, replyToId } = activity;
  const minimal = { type, id, timestamp, channelId, conversation: conversation && { id: conversation.id }, from: from && { id: from.id, role: from.role }, recipient: recipient && { id: recipient.id }, replyToId };
  bounded = JSON.stringify({ ...minimal, transcriptTruncated: { fields: ['*'], originalChars: json.length } });
  return bounded.length <= MAX_TRANSCRIPT_ACTIVITY_CHARS ? bounded : JSON.stringify({ type: 'message', transcriptTruncated: { fields: ['*'], originalChars: json.length } });
}

/**
 * botbuilder `TranscriptStore` in the shared database: TranscriptLoggerMiddleware writes every
 * activity in and out; staff and handoff read a conversation back; `purgeOlderThan` enforces
 * TRANSCRIPT_RETENTION_DAYS. Continuation tokens are the last row's sequence number.
 */
export class SqlTranscriptStore implements TranscriptStore {
  constructor(private readonly db: Database) {}

  /** Takes a Partial: an incoming activity is logged as it came, before anything checks its fields. */
  async logActivity(activity: Partial<Activity>): Promise<void> {
    const channelId = activity.channelId ?? 'unknown';
    const conversationId = activity.conversation?.id ?? 'unknown';
    const timestamp = toIso(activity.timestamp);
    await this.db.run(
      'INSERT INTO transcript_activities (channel_id, conversation_id, activity_id, timestamp, activity) VALUES (?, ?, ?, ?, ?)',
      [channelId.slice(0, 256), conversationId.slice(0, 512), activity.id?.slice(0, 512) ?? null, timestamp, boundedForTranscript(activity)],
    );
  }

  async getTranscriptActivities(
    channelId: string,
    conversationId: string,
    continuationToken?: string,
    startDate?: Date,
  ): Promise<PagedResult<Activity>> {
    const after = Number(continuationToken ?? 0) || 0;
    // Rows stored before the cap existed are not loaded when over it (a stub stands in for them).
    const rows = await this.db.all<{ seq: number | string; activity: string | null; activity_id: string | null; timestamp: string; size: number | string }>(
      `SELECT seq, activity_id, timestamp, length(activity) AS size,
              CASE WHEN length(activity) > ? THEN NULL ELSE activity END AS activity
       FROM transcript_activities
       WHERE channel_id = ? AND conversation_id = ? AND seq > ? AND timestamp >= ?
       ORDER BY seq LIMIT ?`,
      [MAX_TRANSCRIPT_ACTIVITY_CHARS, channelId, conversationId, after, (startDate ?? new Date(0)).toISOString(), PAGE_SIZE],
    );
    const items = rows.map((row) => {
      const activity = (
        row.activity === null
          ? { type: 'message', id: row.activity_id ?? undefined, timestamp: row.timestamp, channelId, conversation: { id: conversationId }, transcriptTruncated: { fields: ['*'], originalChars: Number(row.size) } }
          : JSON.parse(row.activity)
      ) as Activity;
      if (activity.timestamp) activity.timestamp = new Date(activity.timestamp);
      return activity;
    });
    const last = rows[rows.length - 1];
    return { items, continuationToken: rows.length === PAGE_SIZE && last ? String(last.seq) : '' };
  }

  async listTranscripts(channelId: string, continuationToken?: string): Promise<PagedResult<TranscriptInfo>> {
    const offset = Number(continuationToken ?? 0) || 0;
    const rows = await this.db.all<{ conversation_id: string; created: string }>(
      `SELECT conversation_id, MIN(timestamp) AS created FROM transcript_activities
       WHERE channel_id = ? GROUP BY conversation_id ORDER BY MIN(seq) LIMIT ? OFFSET ?`,
      [channelId, PAGE_SIZE, offset],
    );
    return {
      items: rows.map((row) => ({ channelId, id: row.conversation_id, created: new Date(row.created) })),
      continuationToken: rows.length === PAGE_SIZE ? String(offset + PAGE_SIZE) : '',
    };
  }

  async deleteTranscript(channelId: string, conversationId: string): Promise<void> {
    await this.db.run('DELETE FROM transcript_activities WHERE channel_id = ? AND conversation_id = ?', [
      channelId,
      conversationId,
    ]);
  }

  /** Deletes activities older than `days`; returns how many. */
  async purgeOlderThan(days: number, now: Date = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
    return (await this.db.run('DELETE FROM transcript_activities WHERE timestamp < ?', [cutoff])).changes;
  }
}

function toIso(timestamp: Date | string | undefined): string {
  const date = timestamp ? new Date(timestamp) : new Date();
  return Number.isNaN(date.getTime()) ? new Date().toISOString() : date.toISOString();
}
