import type { Activity, PagedResult, TranscriptInfo, TranscriptStore } from 'botbuilder';
import type { Database } from './database';

const PAGE_SIZE = 100;

/**
 * botbuilder `TranscriptStore` in the shared database: TranscriptLoggerMiddleware writes every
 * activity in and out; staff and handoff read a conversation back; `purgeOlderThan` enforces
 * TRANSCRIPT_RETENTION_DAYS. Continuation tokens are the last row's sequence number.
 */
export class SqlTranscriptStore implements TranscriptStore {
  constructor(private readonly db: Database) {}

  async logActivity(activity: Activity): Promise<void> {
    const channelId = activity.channelId ?? 'unknown';
    const conversationId = activity.conversation?.id ?? 'unknown';
    const timestamp = toIso(activity.timestamp);
    await this.db.run(
      'INSERT INTO transcript_activities (channel_id, conversation_id, activity_id, timestamp, activity) VALUES (?, ?, ?, ?, ?)',
      [channelId, conversationId, activity.id ?? null, timestamp, JSON.stringify(activity)],
    );
  }

  async getTranscriptActivities(
    channelId: string,
    conversationId: string,
    continuationToken?: string,
    startDate?: Date,
  ): Promise<PagedResult<Activity>> {
    const after = Number(continuationToken ?? 0) || 0;
    const rows = await this.db.all<{ seq: number | string; activity: string }>(
      `SELECT seq, activity FROM transcript_activities
       WHERE channel_id = ? AND conversation_id = ? AND seq > ? AND timestamp >= ?
       ORDER BY seq LIMIT ?`,
      [channelId, conversationId, after, (startDate ?? new Date(0)).toISOString(), PAGE_SIZE],
    );
    const items = rows.map((row) => {
      const activity = JSON.parse(row.activity) as Activity;
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
