import type { Migration } from './migration';

/** Failed staff sign-ins per email + address, shared by every instance for throttling. */
export const signInFailures: Migration = {
  id: '014_signin_failures',
  statements: (dialect) => [
    `CREATE TABLE staff_signin_failures (key TEXT NOT NULL, at ${dialect.bigint} NOT NULL)`,
    'CREATE INDEX staff_signin_failures_key ON staff_signin_failures (key, at)',
  ],
};
