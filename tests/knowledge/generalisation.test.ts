import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { evaluate, labelledQueriesSchema, type LabelledQuery } from '../../knowledge/evaluation';
import { KnowledgeBase } from '../../knowledge/knowledgeBase';
import { DEFAULT_KNOWLEDGE_DIR, EVALUATION_SET, GENERALISATION_SET } from '../../knowledge/paths';

const read = (file: string) => labelledQueriesSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
const queries = read(GENERALISATION_SET);
const heldOut = queries.filter((query) => query.split === 'heldout');
const kb = KnowledgeBase.fromDirectory(DEFAULT_KNOWLEDGE_DIR);

/** The split rule of knowledge/data/eval/README.md, recomputed. */
function expectedSplits(all: readonly LabelledQuery[]): Map<string, 'tune' | 'heldout'> {
  const groups = new Map<string, LabelledQuery[]>();
  for (const query of all) {
    const key = `${query.lang}|${query.expected ?? '(none)'}`;
    groups.set(key, [...(groups.get(key) ?? []), query]);
  }
  const splits = new Map<string, 'tune' | 'heldout'>();
  const hash = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
  for (const group of groups.values()) {
    const ordered = [...group].sort((a, b) => (hash(a.q) < hash(b.q) ? -1 : hash(a.q) > hash(b.q) ? 1 : 0));
    ordered.forEach((query, index) => splits.set(query.q, index % 2 === 0 ? 'heldout' : 'tune'));
  }
  return splits;
}

describe('the generalisation set', () => {
  it('has at least 600 questions in both languages, a quarter of them out of scope at most', () => {
    expect(queries.length).toBeGreaterThanOrEqual(600);
    expect(new Set(queries.map((q) => q.lang))).toEqual(new Set(['fr', 'en']));
    const outOfScope = queries.filter((q) => q.expected === null).length;
    expect(outOfScope).toBeGreaterThanOrEqual(100);
    expect(outOfScope / queries.length).toBeLessThanOrEqual(0.25);
  });

  it('labels only ids the knowledge base has, and every entry at least 10 times', () => {
    const counts = new Map<string, number>();
    for (const query of queries) if (query.expected) counts.set(query.expected, (counts.get(query.expected) ?? 0) + 1);
    for (const id of counts.keys()) expect(kb.get(id)).toBeDefined();
    expect(Math.min(...kb.entries.map((entry) => counts.get(entry.id) ?? 0))).toBeGreaterThanOrEqual(10);
  });

  it('shares no question with the set the weights were chosen on, and repeats none', () => {
    const tuned = new Set(read(EVALUATION_SET).map((q) => q.q.trim().toLowerCase()));
    expect(queries.filter((q) => tuned.has(q.q.trim().toLowerCase())).map((q) => q.q)).toEqual([]);
    expect(new Set(queries.map((q) => q.q.trim().toLowerCase())).size).toBe(queries.length);
  });

  it('keeps the documented split: every question on the side the SHA-256 rule puts it', () => {
    const splits = expectedSplits(queries);
    expect(queries.filter((q) => q.split !== splits.get(q.q)).map((q) => q.q)).toEqual([]);
    expect(heldOut.length).toBeGreaterThanOrEqual(300);
  });
});

/**
 * A floor a little under the held-out figures (first measured 2026-11-30: top-1 0.857, answered
 * 0.504, rejection 0.877, 20 confident-wrong; after issue 14's robust matching and confidence rule:
 * top-1 0.881, answered 0.549, rejection 0.932, 8 confident-wrong; after the fitted confidence model
 * of round 2: top-1 0.885, answered 0.557, rejection 0.986, 3 confident-wrong), so the search cannot get worse
 * on questions it has never seen. Issue 14's targets (answered 0.97, rejection 0.95, confident-wrong
 * 0) replace these floors as they are met.
 */
describe('the hybrid search on the held-out questions', () => {
  const report = evaluate(kb, heldOut, 'hybrid');

  it('puts the expected entry first for at least 88% of in-scope questions', () => {
    expect(report.top1).toBeGreaterThanOrEqual(0.88);
  });

  it('answers at least 55% of in-scope questions outright and right', () => {
    expect(report.answeredCorrectly).toBeGreaterThanOrEqual(0.55);
  });

  it('declines at least 98% of out-of-scope questions', () => {
    expect(report.rejection).toBeGreaterThanOrEqual(0.98);
  });

  it('answers at most 3 questions confidently with a wrong entry', () => {
    expect(report.confidentWrong).toBeLessThanOrEqual(3);
  });
});
