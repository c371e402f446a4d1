import { randomUUID } from 'node:crypto';
import type { Language } from '../../knowledge';
import { MAX_STORED_TEXT } from '../analytics/sqlAnalytics';
import { stripContactDetails } from '../analytics/redact';
import type { Database, SqlValue } from '../storage/database';
import { candidateKey } from './candidateKey';
import type { AcceptedSuggestion, CandidatePhrasing, SuggestionRecorder } from './types';

/** Candidates listed at most, most accepted first: the staff page shows what matters most. */
const MAX_CANDIDATES = 200;

/** Names one candidate: an entry, a language and a question key. */
export interface CandidateRef {
  readonly entryId: string;
  readonly lang: Language;
  readonly key: string;
}

type CandidateRow = { entry_id: string; lang: Language; text_key: string; text: string; n: unknown; last_seen: string };

const CANDIDATES = `SELECT a.entry_id, a.lang, a.text_key, MAX(a.text) AS text, COUNT(*) AS n, MAX(a.created_at) AS last_seen
  FROM suggestion_acceptances a
  LEFT JOIN candidate_phrasing_decisions d ON d.entry_id = a.entry_id AND d.lang = a.lang AND d.text_key = a.text_key
  WHERE d.entry_id IS NULL`;
const GROUPED = 'GROUP BY a.entry_id, a.lang, a.text_key';

/**
 * Accepted suggestions and the staff's decisions on them (migration 050), in the shared database.
 * A candidate is every acceptance of one entry for one question (by `candidateKey`) in one
 * language, until a staff member approves or dismisses it; then it is no longer listed.
 */
export class SqlSuggestions implements SuggestionRecorder {
  private readonly now: () => Date;

  constructor(
    private readonly db: Database,
    now?: () => Date,
  ) {
    this.now = now ?? (() => new Date());
  }

  async recordAcceptance(accepted: AcceptedSuggestion): Promise<void> {
    const text = stripContactDetails(accepted.text).slice(0, MAX_STORED_TEXT).trim();
    const key = candidateKey(text);
    if (!key) return;
    await this.db.run(
      'INSERT INTO suggestion_acceptances (id, entry_id, lang, text, text_key, surface, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [randomUUID(), accepted.entryId, accepted.lang, text, key, accepted.surface, this.now().toISOString()],
    );
  }

  /** Undecided candidates, most accepted first (then most recent); of one entry when given. */
  async candidates(entryId?: string): Promise<CandidatePhrasing[]> {
    const params: SqlValue[] = entryId === undefined ? [] : [entryId];
    const rows = await this.db.all<CandidateRow>(
      `${CANDIDATES} ${entryId === undefined ? '' : 'AND a.entry_id = ?'} ${GROUPED}
       ORDER BY COUNT(*) DESC, MAX(a.created_at) DESC, a.entry_id, a.lang, a.text_key LIMIT ${MAX_CANDIDATES}`,
      params,
    );
    return rows.map(toCandidate);
  }

  /** One undecided candidate, or undefined. */
  async candidate(ref: CandidateRef): Promise<CandidatePhrasing | undefined> {
    const row = await this.db.get<CandidateRow>(
      `${CANDIDATES} AND a.entry_id = ? AND a.lang = ? AND a.text_key = ? ${GROUPED}`,
      [ref.entryId, ref.lang, ref.key],
    );
    return row ? toCandidate(row) : undefined;
  }

  /** Records a staff decision; the candidate is no longer listed (a later decision replaces it). */
  async decide(ref: CandidateRef, approved: boolean, author: string): Promise<void> {
    await this.db.run(
      `INSERT INTO candidate_phrasing_decisions (entry_id, lang, text_key, approved, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (entry_id, lang, text_key) DO UPDATE SET approved = excluded.approved, decided_by = excluded.decided_by, decided_at = excluded.decided_at`,
      [ref.entryId, ref.lang, ref.key, approved, author, this.now().toISOString()],
    );
  }
}

function toCandidate(row: CandidateRow): CandidatePhrasing {
  return { entryId: row.entry_id, lang: row.lang, key: row.text_key, text: row.text, accepted: Number(row.n), lastSeen: row.last_seen };
}
