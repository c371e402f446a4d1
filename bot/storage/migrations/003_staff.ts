import type { Migration } from './migration';

/** Staff console accounts (scrypt hashes) and their sign-in sessions (only token hashes are kept). */
export const staff: Migration = {
  id: '003_staff',
  statements: (dialect) => [
    `CREATE TABLE staff_users (
      id ${dialect.autoIncrementKey},
      email TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      password_hash TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`,
    `CREATE TABLE staff_sessions (
      token_hash TEXT PRIMARY KEY,
      user_id ${dialect.bigint} NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
      csrf_token TEXT NOT NULL,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL
    )`,
    'CREATE INDEX staff_sessions_expiry ON staff_sessions (expires_at)',
  ],
};
