import type { Migration } from './migration';

/** Every activity in and out, per conversation, for staff and retention (TranscriptLoggerMiddleware). */
export const transcripts: Migration = {
  id: '011_transcripts',
  statements: (dialect) => [
    `CREATE TABLE transcript_activities (
      seq ${dialect.autoIncrementKey},
      channel_id TEXT NOT NULL,
      conversation_id TEXT NOT NULL,
      activity_id TEXT,
      timestamp TEXT NOT NULL,
      activity TEXT NOT NULL
    )`,
    'CREATE INDEX transcript_conversation ON transcript_activities (channel_id, conversation_id, seq)',
    'CREATE INDEX transcript_timestamp ON transcript_activities (timestamp)',
  ],
};
