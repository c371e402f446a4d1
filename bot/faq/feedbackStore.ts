import type { Language } from '../../knowledge';
import type { Database } from '../storage/database';

/** One "was this helpful?" answer. */
export interface FeedbackRecord {
  readonly entryId: string;
  readonly language: Language;
  readonly helpful: boolean;
  /** Where the answer was shown, e.g. "chat". */
  readonly surface: string;
  readonly conversationId?: string;
}

export interface StoredFeedback extends FeedbackRecord {
  readonly createdAt: string;
}

/** Where "was this helpful?" answers go, per FAQ entry and language. */
export interface FeedbackStore {
  record(feedback: FeedbackRecord): Promise<void>;
  /** The answers given about one entry, oldest first. */
  forEntry(entryId: string): Promise<StoredFeedback[]>;
}

interface FeedbackRow {
  [column: string]: unknown;
  entry_id: string;
  lang: string;
  helpful: number | boolean;
  surface: string;
  conversation_id: string | null;
  created_at: string;
}

/** The feedback store on the shared database (`feedback` table, migration 001). */
export class SqlFeedbackStore implements FeedbackStore {
  constructor(
    private readonly db: Database,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async record(feedback: FeedbackRecord): Promise<void> {
    await this.db.run(
      'INSERT INTO feedback (entry_id, lang, helpful, surface, conversation_id, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      [feedback.entryId, feedback.language, feedback.helpful, feedback.surface, feedback.conversationId ?? null, this.clock().toISOString()],
    );
  }

  async forEntry(entryId: string): Promise<StoredFeedback[]> {
    const rows = await this.db.all<FeedbackRow>(
      'SELECT entry_id, lang, helpful, surface, conversation_id, created_at FROM feedback WHERE entry_id = ? ORDER BY id',
      [entryId],
    );
    return rows.map((row) => ({
      entryId: row.entry_id,
      language: row.lang as Language,
      helpful: Boolean(row.helpful),
      surface: row.surface,
      ...(row.conversation_id ? { conversationId: row.conversation_id } : {}),
      createdAt: row.created_at,
    }));
  }
}
