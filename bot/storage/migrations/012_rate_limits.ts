import type { Migration } from './migration';

/** Request counters per key and fixed window, shared by every instance. */
export const rateLimits: Migration = {
  id: '012_rate_limits',
  statements: (dialect) => [
    `CREATE TABLE rate_limits (
      key TEXT NOT NULL,
      window_start ${dialect.bigint} NOT NULL,
      count INTEGER NOT NULL,
      PRIMARY KEY (key, window_start)
    )`,
  ],
};
