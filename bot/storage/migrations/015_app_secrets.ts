import type { Migration } from './migration';

/** Keys every instance must share (the Direct Line token signing key), created once. */
export const appSecrets: Migration = {
  id: '015_app_secrets',
  statements: () => ['CREATE TABLE app_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL, created_at TEXT NOT NULL)'],
};
