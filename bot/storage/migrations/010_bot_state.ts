import type { Migration } from './migration';

/** Conversation and user state (botbuilder Storage), with an eTag per item for optimistic concurrency. */
export const botState: Migration = {
  id: '010_bot_state',
  statements: () => [
    `CREATE TABLE bot_state (
      key TEXT PRIMARY KEY,
      document TEXT NOT NULL,
      etag TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`,
  ],
};
