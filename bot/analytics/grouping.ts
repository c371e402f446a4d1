import type { FillerWords, SynonymGroup } from '../../knowledge/schema';
import { TextAnalyzer } from '../../knowledge/text/analyzer';
import { normalize } from '../../knowledge/text/normalize';
import { SynonymLexicon } from '../../knowledge/text/synonyms';

/** The meaningful terms of a question: what grouping compares. */
export type QuestionTerms = (text: string) => ReadonlySet<string>;

/**
 * The search's own text pipeline (normalize → fold accents → synonym concepts → stop and
 * filler words → stem in French and English), so that questions group the way search sees
 * them: "où est l'onglet de mon client ?" and "ou est mon onglet client" give the same terms.
 */
export function questionTerms(knowledge: { synonyms: readonly SynonymGroup[]; fillers: FillerWords }): QuestionTerms {
  const analyzer = new TextAnalyzer(new SynonymLexicon(knowledge.synonyms), knowledge.fillers);
  return (text) => new Set(analyzer.queryUnits(text).map((unit) => [...unit.keys].sort().join('|')));
}

/** A question to group, with how many times it was asked. */
export interface GroupableQuestion {
  text: string;
  count: number;
}

/** Near-duplicate questions, with the phrasing asked most often as their representative. */
export interface QuestionGroup {
  representative: string;
  /** How many times any of its questions was asked. */
  count: number;
  /** Its distinct phrasings, most asked first. */
  questions: { text: string; count: number }[];
}

export interface GroupingOptions {
  /** Jaccard similarity of term sets at or above which two questions are the same (default 0.5). */
  threshold?: number;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const term of a) if (b.has(term)) shared++;
  return shared / (a.size + b.size - shared);
}

/**
 * Groups near-duplicate questions, biggest groups first. Phrasings are taken most asked
 * first; each joins the group whose representative it resembles most (Jaccard on terms ≥
 * threshold) or starts a new one. Questions with no meaningful term group by their
 * normalized text only.
 */
export function groupSimilarQuestions(
  questions: readonly GroupableQuestion[],
  terms: QuestionTerms,
  options: GroupingOptions = {},
): QuestionGroup[] {
  const threshold = options.threshold ?? 0.5;
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
      const score =
        own.size === 0 || candidate.terms.size === 0 ? (candidate.key === key ? 1 : 0) : jaccard(own, candidate.terms);
      if (score >= threshold && score > bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
    if (best) {
      best.group.count += phrasing.count;
      best.group.questions.push({ ...phrasing });
    } else {
      groups.push({
        terms: own,
        key,
        group: { representative: phrasing.text, count: phrasing.count, questions: [{ ...phrasing }] },
      });
    }
  }
  return groups
    .map((g) => g.group)
    .sort((a, b) => b.count - a.count || a.representative.localeCompare(b.representative));
}
