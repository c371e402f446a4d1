import type { Migration } from './migration';

/**
 * Issue 14, item 5: "did you mean …?" suggestions a supplier accepted (the question as typed,
 * redacted like the analytics; its grouping key; the entry chosen; where), and the staff's
 * decision on each candidate phrasing (approved as a phrasing of the entry, or dismissed).
 */
export const suggestionAcceptances: Migration = {
  id: '050_suggestion_acceptances',
  statements: (dialect) => [
    `CREATE TABLE suggestion_acceptances (
      id TEXT PRIMARY KEY,
      entry_id TEXT NOT NULL,
      lang TEXT NOT NULL,
      text TEXT NOT NULL,
      text_key TEXT NOT NULL,
      surface TEXT NOT NULL,
      created_at TEXT NOT NULL
    )`,
    'CREATE INDEX suggestion_acceptances_candidate ON suggestion_acceptances (entry_id, lang, text_key)',
    'CREATE INDEX suggestion_acceptances_created ON suggestion_acceptances (created_at)',
    `CREATE TABLE candidate_phrasing_decisions (
      entry_id TEXT NOT NULL,
      lang TEXT NOT NULL,
      text_key TEXT NOT NULL,
      approved ${dialect.boolean} NOT NULL,
      decided_by TEXT NOT NULL,
      decided_at TEXT NOT NULL,
      PRIMARY KEY (entry_id, lang, text_key)
    )`,
  ],
};
