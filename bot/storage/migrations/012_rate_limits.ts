import type { Migration } from './index';

/** Request counters per key and fixed window, shared by every instance. */
export const rateLimits: Migration = {
  id: '012_rate_limits',
  sqlite: [
    `CREATE TABLE rate_limits (
      key TEXT NOT NULL,
      window_start INTEGER NOT NULL,
      count INTEGER NOT NULL,
      PRIMARY KEY (key, window_start)
    )`,
  ],
  postgres: [
    `CREATE TABLE rate_limits (
      key TEXT NOT NULL,
      window_start BIGINT NOT NULL,
      count INTEGER NOT NULL,
      PRIMARY KEY (key, window_start)
    )`,
  ],
};
