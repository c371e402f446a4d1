import { stringify } from 'csv-stringify/sync';
import type { Surface } from './recorder';
import type { QuestionGroup } from './grouping';

/** A range of whole UTC days, both ends included, as YYYY-MM-DD. */
export interface DayRange {
  from: string;
  to: string;
}

/** The figures behind /staff/analytics, /api/analytics/summary and its CSV. */
export interface AnalyticsSummary {
  from: string;
  to: string;
  /** Every day of the range, in order (charts draw days with no activity as zero). */
  days: string[];
  totals: {
    questions: number;
    /** Questions with no hit, or whose best hit was not confident enough to answer. */
    unansweredOrLowConfidence: number;
    /** Conversations that started in the range. */
    conversations: number;
    resolvedWithoutEscalation: number;
    escalations: number;
    /** resolvedWithoutEscalation ÷ conversations; null when there were no conversations. */
    deflectionRate: number | null;
    helpful: number;
    notHelpful: number;
  };
  questionsPerDay: { day: string; surface: Surface; lang: string; count: number }[];
  escalationsPerDay: { day: string; count: number }[];
  /** Entries given as a confident answer, most often first; `title` is the entry's English question. */
  topEntries: { entryId: string; title?: string; count: number }[];
  feedback: { entryId: string; title?: string; helpful: number; notHelpful: number }[];
  /** Unanswered and low-confidence questions, near-duplicates together, biggest group first. */
  unansweredGroups: QuestionGroup[];
}

const DAY_MS = 86_400_000;

/** Every YYYY-MM-DD from `from` to `to`, inclusive. */
export function daysOf(range: DayRange): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${range.from}T00:00:00Z`); t <= Date.parse(`${range.to}T00:00:00Z`); t += DAY_MS) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/**
 * The summary as one CSV document: a `section` column says which table a row belongs to
 * (totals, questions_per_day, escalations_per_day, top_entries, feedback, unanswered_groups).
 */
export function summaryToCsv(summary: AnalyticsSummary): string {
  const header = ['section', 'day', 'surface', 'lang', 'entry_id', 'metric', 'value', 'text'];
  const rows: (string | number)[][] = [];
  const row = (section: string, cells: Partial<Record<(typeof header)[number], string | number>>) =>
    rows.push(header.map((name) => (name === 'section' ? section : (cells[name] ?? ''))));

  row('range', { metric: 'from', text: summary.from });
  row('range', { metric: 'to', text: summary.to });
  for (const [metric, value] of Object.entries(summary.totals)) row('totals', { metric, value: value ?? '' });
  for (const q of summary.questionsPerDay) {
    row('questions_per_day', { day: q.day, surface: q.surface, lang: q.lang, metric: 'questions', value: q.count });
  }
  for (const e of summary.escalationsPerDay) row('escalations_per_day', { day: e.day, metric: 'escalations', value: e.count });
  for (const t of summary.topEntries) row('top_entries', { entry_id: t.entryId, metric: 'answers', value: t.count, text: t.title ?? '' });
  for (const f of summary.feedback) {
    row('feedback', { entry_id: f.entryId, metric: 'helpful', value: f.helpful, text: f.title ?? '' });
    row('feedback', { entry_id: f.entryId, metric: 'not_helpful', value: f.notHelpful, text: f.title ?? '' });
  }
  for (const g of summary.unansweredGroups) {
    row('unanswered_groups', { metric: 'questions', value: g.count, text: g.representative });
  }
  return stringify(rows, { header: true, columns: header, escape_formulas: true });
}
