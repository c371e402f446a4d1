import type { Migration } from './migration';

/**
 * Which channel (channelId and serviceUrl) started each conversation seen on /api/messages:
 * later activities for the conversation must come from the same channel (issue 13, finding 4).
 */
export const conversationBindings: Migration = {
  id: '016_conversation_bindings',
  statements: () => [
    'CREATE TABLE conversation_bindings (conversation_id TEXT PRIMARY KEY, channel_id TEXT NOT NULL, service_url TEXT NOT NULL, created_at TEXT NOT NULL)',
  ],
};
