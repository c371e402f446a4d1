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
 * threshold; the earliest group on a tie) or starts a new one. Questions with no meaningful
 * term group by their normalized text only.
 *
 * Comparing each phrasing with every group was quadratic: 5,000 unanswered questions blocked
 * the event loop 1.2 s on each analytics load, and anonymous searches fill that list. Only
 * groups that can reach the threshold are compared now (see CandidateIndex), with the same result.
 */
export function groupSimilarQuestions(
  questions: readonly GroupableQuestion[],
  terms: QuestionTerms,
  options: GroupingOptions = {},
): QuestionGroup[] {
  const threshold = options.threshold ?? 0.5;
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`grouping: threshold must be in (0, 1], got ${threshold}`);
  const phrasings = new Map<string, { text: string; count: number }>();
  for (const question of questions) {
    const text = question.text.trim().replace(/\s+/g, ' ');
    const key = normalize(text);
    const seen = phrasings.get(key);
    if (seen) seen.count += question.count;
    else phrasings.set(key, { text, count: question.count });
  }
  const ordered = [...phrasings.entries()]
    .sort((a, b) => b[1].count - a[1].count || a[1].text.length - b[1].text.length || a[0].localeCompare(b[0]))
    .map(([key, phrasing]) => ({ key, phrasing, terms: terms(phrasing.text) }));

  const index = new CandidateIndex(ordered.map((item) => item.terms), threshold);
  const groups: { terms: ReadonlySet<string>; group: QuestionGroup }[] = [];
  for (const { phrasing, terms: own } of ordered) {
    let best: (typeof groups)[number] | undefined;
    let bestScore = -1;
    // Without terms a phrasing scores 0 against any group (its normalized text is its own): alone.
    const candidates = own.size === 0 ? [] : index.candidates(own);
    for (const position of candidates) {
      const candidate = groups[position]!;
      const score = jaccard(own, candidate.terms);
      if (score >= threshold && score > bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
    if (best) {
      best.group.count += phrasing.count;
      best.group.questions.push({ ...phrasing });
    } else {
      if (own.size > 0) index.add(own, groups.length);
      groups.push({ terms: own, group: { representative: phrasing.text, count: phrasing.count, questions: [{ ...phrasing }] } });
    }
  }
  return groups
    .map((g) => g.group)
    .sort((a, b) => b.count - a.count || a.representative.localeCompare(b.representative));
}

/**
 * Which groups a term set could reach the threshold with: prefix filtering (Chaudhuri et al.,
 * "A primitive operator for similarity joins", 2006). Terms are ranked rarest first; two sets
 * with Jaccard ≥ t share at least ⌈t·|A|⌉ terms, so they share one among the first
 * |A| − ⌈t·|A|⌉ + 1 terms of each. Only those prefixes are indexed and probed: the common terms
 * ("facture", "fournisseur") that made every pair a candidate sit at the end of the prefixes.
 */
class CandidateIndex {
  private readonly rank = new Map<string, number>();
  private readonly groupsByTerm = new Map<string, number[]>();

  constructor(
    sets: readonly ReadonlySet<string>[],
    private readonly threshold: number,
  ) {
    const frequency = new Map<string, number>();
    for (const set of sets) for (const term of set) frequency.set(term, (frequency.get(term) ?? 0) + 1);
    const ranked = [...frequency.entries()].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    ranked.forEach(([term], position) => this.rank.set(term, position));
  }

  /** Indexes a group's representative terms under the group's position. */
  add(terms: ReadonlySet<string>, position: number): void {
    for (const term of this.prefix(terms)) {
      const list = this.groupsByTerm.get(term);
      if (list) list.push(position);
      else this.groupsByTerm.set(term, [position]);
    }
  }

  /** Positions of the groups that may reach the threshold, in the order the groups were made. */
  candidates(terms: ReadonlySet<string>): number[] {
    const found = new Set<number>();
    for (const term of this.prefix(terms)) for (const position of this.groupsByTerm.get(term) ?? []) found.add(position);
    return [...found].sort((a, b) => a - b);
  }

  private prefix(terms: ReadonlySet<string>): string[] {
    const sorted = [...terms].sort((a, b) => (this.rank.get(a) ?? -1) - (this.rank.get(b) ?? -1));
    // The epsilon keeps a product such as 0.5 × 6 from rounding up a term too many.
    const shared = Math.ceil(this.threshold * sorted.length - 1e-9);
    return sorted.slice(0, sorted.length - shared + 1);
  }
}
