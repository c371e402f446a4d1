import fc from 'fast-check';
import { groupSimilarQuestions, jaccard, questionTerms, type GroupableQuestion, type QuestionGroup, type QuestionTerms } from '../../../bot/analytics/grouping';
import { normalize } from '../../../knowledge/text/normalize';
import { loadKnowledgeData } from '../../../knowledge';
import { DEFAULT_KNOWLEDGE_DIR } from '../../../knowledge/paths';

/** The grouping as it was before candidates were filtered: every phrasing against every group. The oracle. */
function groupByFullScan(questions: readonly GroupableQuestion[], terms: QuestionTerms, threshold = 0.5): QuestionGroup[] {
  const phrasings = new Map<string, { text: string; count: number }>();
  for (const question of questions) {
    const text = question.text.trim().replace(/\s+/g, ' ');
    const key = normalize(text);
    const seen = phrasings.get(key);
    if (seen) seen.count += question.count;
    else phrasings.set(key, { text, count: question.count });
  }
  const ordered = [...phrasings.entries()].sort(
    (a, b) => b[1].count - a[1].count || a[1].text.length - b[1].text.length || a[0].localeCompare(b[0]),
  );
  const groups: { terms: ReadonlySet<string>; key: string; group: QuestionGroup }[] = [];
  for (const [key, phrasing] of ordered) {
    const own = terms(phrasing.text);
    let best: (typeof groups)[number] | undefined;
    let bestScore = -1;
    for (const candidate of groups) {
      const score = own.size === 0 || candidate.terms.size === 0 ? (candidate.key === key ? 1 : 0) : jaccard(own, candidate.terms);
      if (score >= threshold && score > bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
    if (best) {
      best.group.count += phrasing.count;
      best.group.questions.push({ ...phrasing });
    } else {
      groups.push({ terms: own, key, group: { representative: phrasing.text, count: phrasing.count, questions: [{ ...phrasing }] } });
    }
  }
  return groups.map((g) => g.group).sort((a, b) => b.count - a.count || a.representative.localeCompare(b.representative));
}

/** A set that counts its membership tests: the work of comparing term sets, without a clock. */
class CountingSet extends Set<string> {
  static lookups = 0;
  override has(value: string): boolean {
    CountingSet.lookups++;
    return super.has(value);
  }
}

/** Terms are the words of the text, in counting sets. */
const wordTerms: QuestionTerms = (text) => new CountingSet(text.split(' ').filter(Boolean));

/** A small deterministic generator (mulberry32), so the data set is the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` questions of two common words (of five) and three rare ones (of 3,000), as unanswered searches look. */
function unansweredQuestions(count: number): GroupableQuestion[] {
  const next = random(13);
  const pick = (prefix: string, size: number) => `${prefix}${Math.floor(next() * size)}`;
  return Array.from({ length: count }, () => ({
    text: [pick('common', 5), pick('common', 5), pick('rare', 3000), pick('rare', 3000), pick('rare', 3000)].join(' '),
    count: 1 + Math.floor(next() * 3),
  }));
}

describe('groupSimilarQuestions at scale', () => {
  it('groups exactly as comparing with every group does, on random questions', () => {
    const word = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'common');
    const question = fc.record({ text: fc.array(word, { maxLength: 6 }).map((words) => words.join(' ')), count: fc.integer({ min: 1, max: 4 }) });
    fc.assert(
      fc.property(fc.array(question, { maxLength: 40 }), fc.constantFrom(0.3, 0.5, 0.75, 1), (questions, threshold) => {
        expect(groupSimilarQuestions(questions, wordTerms, { threshold })).toEqual(groupByFullScan(questions, wordTerms, threshold));
      }),
      { numRuns: 500, seed: 13 },
    );
  });

  it('groups exactly as comparing with every group does, on the FAQ phrasings with the search pipeline', () => {
    const knowledge = loadKnowledgeData(DEFAULT_KNOWLEDGE_DIR);
    const terms = questionTerms(knowledge);
    const phrasings = knowledge.entries.flatMap((entry) => [entry.fr, entry.en].flatMap((text) => [text.question, ...text.phrasings]));
    // Each phrasing as written and with its first or last word dropped, as people ask the same thing.
    const questions = phrasings.flatMap((text, i) => {
      const words = text.split(' ');
      return [text, words.slice(1).join(' '), words.slice(0, -1).join(' ')].map((variant) => ({ text: variant, count: 1 + (i % 3) }));
    });
    expect(questions.length).toBeGreaterThan(300);
    expect(groupSimilarQuestions(questions, terms)).toEqual(groupByFullScan(questions, terms));
  });

  it('compares 5,000 questions with the few groups that share a rare term, not with every group', () => {
    const questions = unansweredQuestions(5000);
    CountingSet.lookups = 0;
    const groups = groupSimilarQuestions(questions, wordTerms);
    const lookups = CountingSet.lookups;
    // Comparing with every group would take about 5 lookups × 5,000 phrasings × ~4,900 groups ≈ 120 million.
    expect(groups.length).toBeGreaterThan(4000);
    expect(lookups).toBeLessThan(1_000_000);
  });
});
