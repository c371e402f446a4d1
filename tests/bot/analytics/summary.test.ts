import { parse } from 'csv-parse/sync';
import { daysOf, summaryToCsv, type AnalyticsSummary } from '../../../bot/analytics/summary';

const SUMMARY: AnalyticsSummary = {
  from: '2026-03-01',
  to: '2026-03-02',
  days: ['2026-03-01', '2026-03-02'],
  totals: {
    questions: 3,
    unansweredOrLowConfidence: 2,
    conversations: 2,
    resolvedWithoutEscalation: 1,
    escalations: 1,
    deflectionRate: 0.5,
    helpful: 1,
    notHelpful: 0,
  },
  questionsPerDay: [{ day: '2026-03-01', surface: 'chat', lang: 'fr', count: 3 }],
  escalationsPerDay: [{ day: '2026-03-02', count: 1 }],
  topEntries: [{ entryId: 'update-banking-info', count: 1 }],
  feedback: [{ entryId: 'update-banking-info', helpful: 1, notHelpful: 0 }],
  unansweredGroups: [
    { representative: 'mon "onglet", client\nintrouvable', count: 2, questions: [] },
    { representative: '=HYPERLINK("http://evil")', count: 1, questions: [] },
  ],
};

describe('daysOf', () => {
  it('lists every day of the range, both ends included, across a month end', () => {
    expect(daysOf({ from: '2026-02-27', to: '2026-03-01' })).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
  });
});

describe('summaryToCsv', () => {
  const csv = summaryToCsv(SUMMARY);
  const rows: string[][] = parse(csv);

  it('starts with a header row', () => {
    expect(rows[0]).toEqual(['section', 'day', 'surface', 'lang', 'entry_id', 'metric', 'value', 'text']);
  });

  it('quotes texts holding quotes, commas and line breaks so they read back unchanged', () => {
    expect(csv).toContain('"mon ""onglet"", client\nintrouvable"');
    expect(rows).toContainEqual(['unanswered_groups', '', '', '', '', 'questions', '2', 'mon "onglet", client\nintrouvable']);
  });

  it('defuses texts that a spreadsheet would run as a formula', () => {
    expect(rows).toContainEqual(['unanswered_groups', '', '', '', '', 'questions', '1', `'=HYPERLINK("http://evil")`]);
  });

  it('has one row per figure of every section', () => {
    expect(rows).toContainEqual(['totals', '', '', '', '', 'deflectionRate', '0.5', '']);
    expect(rows).toContainEqual(['questions_per_day', '2026-03-01', 'chat', 'fr', '', 'questions', '3', '']);
    expect(rows).toContainEqual(['escalations_per_day', '2026-03-02', '', '', '', 'escalations', '1', '']);
    expect(rows).toContainEqual(['top_entries', '', '', '', 'update-banking-info', 'answers', '1', '']);
    expect(rows).toContainEqual(['feedback', '', '', '', 'update-banking-info', 'not_helpful', '0', '']);
  });
});
