import { randomUUID } from 'node:crypto';
import DataLoader from 'dataloader';
import type { Database, Row } from '../storage/database';
import { groupSimilarQuestions, type QuestionTerms } from './grouping';
import { UnknownRecordTargetError, type AnalyticsRecorder, type FeedbackTarget, type QuestionEvent, type Surface } from './recorder';
import { stripContactDetails } from './redact';
import { daysOf, type AnalyticsSummary, type DayRange } from './summary';

const DAY_MS = 86_400_000;
/** Stored question text is cut here (the search API already refuses longer queries). */
export const MAX_STORED_TEXT = 500;
/** Unanswered questions grouped per summary, most recent first; bounds the grouping work. */
const MAX_GROUPED_QUESTIONS = 5000;
const TOP_ENTRIES = 10;

export interface SqlAnalyticsOptions {
  /** How questions are compared when grouping unanswered ones. */
  terms: QuestionTerms;
  now?: () => Date;
}

const count = (value: unknown): number => Number(value ?? 0);

/** Questions written in one transaction at most (a burst of searches in one event-loop turn). */
const MAX_QUESTION_BATCH = 500;

const INSERT_QUESTION = `INSERT INTO analytics_questions (id, surface, text, lang, top_entry_id, top_score, confident, conversation_id, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

type QuestionRow = [id: string, surface: Surface, text: string, lang: string, topEntry: string | null, topScore: number | null, confident: boolean, conversationId: string | null, at: string];

/**
 * Analytics in the shared database (migration 030): questions, conversation outcomes,
 * and feedback in the `feedback` table that the widget's feedback route also writes.
 */
export class SqlAnalytics implements AnalyticsRecorder {
  private readonly now: () => Date;
  /**
   * Question rows asked for in the same event-loop turn are written in one transaction: a
   * commit costs far more than an insert (a quarter of a recorded search's CPU when each row
   * was its own commit). Each caller still resolves only once its row is committed.
   */
  private readonly questions = new DataLoader<QuestionRow, string>((rows) => this.insertQuestions(rows), {
    cache: false,
    maxBatchSize: MAX_QUESTION_BATCH,
    batchScheduleFn: (write) => setImmediate(write),
  });

  constructor(
    private readonly db: Database,
    private readonly options: SqlAnalyticsOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async recordQuestion(event: QuestionEvent): Promise<string> {
    const at = this.now().toISOString();
    const text = stripContactDetails(event.text).slice(0, MAX_STORED_TEXT);
    const id = await this.questions.load([
      randomUUID(), event.surface, text, event.lang, event.topEntryId, event.topScore, event.confident, event.conversationId ?? null, at,
    ]);
    if (event.conversationId) await this.touchConversation(event.conversationId, event.surface, at);
    return id;
  }

  /** One transaction for the batch; if it fails, each row alone, so one bad row fails only its own caller. */
  private async insertQuestions(rows: readonly QuestionRow[]): Promise<(string | Error)[]> {
    try {
      await this.db.transaction(async (tx) => {
        for (const row of rows) await tx.run(INSERT_QUESTION, row);
      });
      return rows.map((row) => row[0]);
    } catch (error) {
      if (rows.length === 1) return [asError(error)];
      return Promise.all(
        rows.map((row) => this.db.run(INSERT_QUESTION, row).then(() => row[0], asError)),
      );
    }
  }

  async recordFeedback(target: FeedbackTarget, helpful: boolean): Promise<void> {
    let row: { entryId: string; lang: string; surface: Surface; conversationId: string | null; questionId: string | null };
    if ('questionId' in target) {
      const question = await this.db.get<{ top_entry_id: string | null; lang: string; surface: Surface; conversation_id: string | null }>(
        'SELECT top_entry_id, lang, surface, conversation_id FROM analytics_questions WHERE id = ?',
        [target.questionId],
      );
      if (!question) throw new UnknownRecordTargetError(`analytics: no question with id ${JSON.stringify(target.questionId)}`);
      const entryId = target.entryId ?? question.top_entry_id;
      if (!entryId) throw new UnknownRecordTargetError(`analytics: question ${target.questionId} has no entry to give feedback about`);
      row = { entryId, lang: question.lang, surface: question.surface, conversationId: question.conversation_id, questionId: target.questionId };
    } else {
      row = { entryId: target.entryId, lang: target.lang, surface: target.surface, conversationId: target.conversationId ?? null, questionId: null };
    }
    await this.db.run(
      `INSERT INTO feedback (entry_id, lang, helpful, surface, conversation_id, question_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [row.entryId, row.lang, helpful, row.surface, row.conversationId, row.questionId, this.now().toISOString()],
    );
  }

  async markEscalated(conversationId: string): Promise<void> {
    const at = this.now().toISOString();
    await this.touchConversation(conversationId, 'chat', at);
    await this.db.run(
      `UPDATE analytics_conversations SET escalated_at = COALESCE(escalated_at, ?), resolved_without_escalation = ?
       WHERE conversation_id = ?`,
      [at, false, conversationId],
    );
  }

  async markResolved(conversationId: string, withoutEscalation: boolean): Promise<void> {
    const at = this.now().toISOString();
    await this.touchConversation(conversationId, 'chat', at);
    await this.db.run(
      `UPDATE analytics_conversations
       SET resolved_at = ?, resolved_without_escalation = CASE WHEN escalated_at IS NULL THEN ? ELSE FALSE END
       WHERE conversation_id = ?`,
      [at, withoutEscalation, conversationId],
    );
  }

  /**
   * Deletes questions, feedback, conversations and accepted suggestions older than `days` (ANALYTICS_RETENTION_DAYS);
   * returns how many rows went.
   */
  async purgeOlderThan(days: number, now: Date = this.now()): Promise<number> {
    const cutoff = new Date(now.getTime() - days * DAY_MS).toISOString();
    return this.db.transaction(async (tx) => {
      let removed = 0;
      removed += (await tx.run('DELETE FROM analytics_questions WHERE created_at < ?', [cutoff])).changes;
      removed += (await tx.run('DELETE FROM feedback WHERE created_at < ?', [cutoff])).changes;
      removed += (await tx.run('DELETE FROM analytics_conversations WHERE started_at < ?', [cutoff])).changes;
      // Accepted "did you mean" suggestions hold question text too (migration 050): same retention.
      removed += (await tx.run('DELETE FROM suggestion_acceptances WHERE created_at < ?', [cutoff])).changes;
      return removed;
    });
  }

  /** The figures for whole UTC days `from`..`to` (inclusive). */
  async summary(range: DayRange): Promise<AnalyticsSummary> {
    const start = `${range.from}T00:00:00.000Z`;
    const end = new Date(Date.parse(`${range.to}T00:00:00Z`) + DAY_MS).toISOString();
    const span = [start, end];
    const inRange = 'created_at >= ? AND created_at < ?';

    const perDay = await this.db.all<{ day: string; surface: Surface; lang: string; n: unknown }>(
      `SELECT substr(created_at, 1, 10) AS day, surface, lang, COUNT(*) AS n FROM analytics_questions
       WHERE ${inRange} GROUP BY substr(created_at, 1, 10), surface, lang ORDER BY day, surface, lang`,
      span,
    );
    const conversations = await this.db.get<{ n: unknown; deflected: unknown }>(
      `SELECT COUNT(*) AS n, SUM(CASE WHEN resolved_without_escalation THEN 1 ELSE 0 END) AS deflected
       FROM analytics_conversations WHERE started_at >= ? AND started_at < ?`,
      span,
    );
    const escalations = await this.db.all<{ day: string; n: unknown }>(
      `SELECT substr(escalated_at, 1, 10) AS day, COUNT(*) AS n FROM analytics_conversations
       WHERE escalated_at >= ? AND escalated_at < ? GROUP BY substr(escalated_at, 1, 10) ORDER BY day`,
      span,
    );
    const top = await this.db.all<{ entry_id: string; n: unknown }>(
      `SELECT top_entry_id AS entry_id, COUNT(*) AS n FROM analytics_questions
       WHERE ${inRange} AND confident = ? AND top_entry_id IS NOT NULL
       GROUP BY top_entry_id ORDER BY COUNT(*) DESC, top_entry_id LIMIT ?`,
      [...span, true, TOP_ENTRIES],
    );
    const feedback = await this.db.all<{ entry_id: string; helpful: unknown; not_helpful: unknown }>(
      `SELECT entry_id, SUM(CASE WHEN helpful THEN 1 ELSE 0 END) AS helpful, SUM(CASE WHEN helpful THEN 0 ELSE 1 END) AS not_helpful
       FROM feedback WHERE ${inRange} GROUP BY entry_id ORDER BY COUNT(*) DESC, entry_id`,
      span,
    );
    const unanswered = await this.db.all<{ text: string } & Row>(
      `SELECT text FROM analytics_questions WHERE ${inRange} AND (top_entry_id IS NULL OR confident = ?)
       ORDER BY created_at DESC LIMIT ?`,
      [...span, false, MAX_GROUPED_QUESTIONS],
    );

    const questionsPerDay = perDay.map((r) => ({ day: r.day, surface: r.surface, lang: r.lang, count: count(r.n) }));
    const escalationsPerDay = escalations.map((r) => ({ day: r.day, count: count(r.n) }));
    const feedbackPerEntry = feedback.map((r) => ({ entryId: r.entry_id, helpful: count(r.helpful), notHelpful: count(r.not_helpful) }));
    const conversationCount = count(conversations?.n);
    const deflected = count(conversations?.deflected);
    return {
      from: range.from,
      to: range.to,
      days: daysOf(range),
      totals: {
        questions: questionsPerDay.reduce((sum, r) => sum + r.count, 0),
        unansweredOrLowConfidence: unanswered.length,
        conversations: conversationCount,
        resolvedWithoutEscalation: deflected,
        escalations: escalationsPerDay.reduce((sum, r) => sum + r.count, 0),
        deflectionRate: conversationCount === 0 ? null : Math.round((deflected / conversationCount) * 10000) / 10000,
        helpful: feedbackPerEntry.reduce((sum, r) => sum + r.helpful, 0),
        notHelpful: feedbackPerEntry.reduce((sum, r) => sum + r.notHelpful, 0),
      },
      questionsPerDay,
      escalationsPerDay,
      topEntries: top.map((r) => ({ entryId: r.entry_id, count: count(r.n) })),
      feedback: feedbackPerEntry,
      unansweredGroups: groupSimilarQuestions(
        unanswered.map((r) => ({ text: r.text, count: 1 })),
        this.options.terms,
      ),
    };
  }

  /** Notes a conversation the first time it is seen; later calls change nothing. */
  private async touchConversation(conversationId: string, surface: Surface, at: string): Promise<void> {
    await this.db.run(
      `INSERT INTO analytics_conversations (conversation_id, surface, started_at) VALUES (?, ?, ?)
       ON CONFLICT (conversation_id) DO NOTHING`,
      [conversationId, surface, at],
    );
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
