import type { Corpus, IndexedEntry } from './corpus';
import type { AnalyzedQuery } from './types';

/** A unit found only in an entry's answer counts half, as in coverage. */
const ANSWER_MATCH = 0.5;

/** What must hold for the best hit to be answered outright. */
export interface ConfidenceRule {
  /** Fused score from which the best hit may be answered outright… */
  readonly confidentScore: number;
  /** …when the runner-up is at least this far behind (closer, the two are "ambiguous")… */
  readonly margin: number;
  /**
   * …and when the query words that the knowledge base knows but the best entry lacks carry at most
   * this share of the query's weight. Such words are evidence that the question is about something
   * else: "create an invoice without a PO" knows "create" from the account entry, "invoice" and "PO"
   * from the access entry, and no entry has all three, so no entry answers it.
   */
  readonly maxElsewhereShare: number;
}

/**
 * Decides whether the best hit answers the query outright. A high fused score alone was not
 * enough: an entry sharing the query's generic words scored 0.8 with the query's point (an
 * action, an object) left out, and two entries a hair apart were answered as if one were sure.
 */
export class ConfidenceJudge {
  private readonly byId: ReadonlyMap<string, IndexedEntry>;

  constructor(
    corpus: Corpus,
    private readonly rule: ConfidenceRule,
  ) {
    this.byId = new Map(corpus.entries.map((indexed) => [indexed.entry.id, indexed]));
  }

  isConfident(query: AnalyzedQuery, best: { id: string; score: number } | undefined, secondScore: number): boolean {
    if (!best || best.score < this.rule.confidentScore) return false;
    if (best.score - secondScore < this.rule.margin) return false;
    return this.elsewhereShare(query, best.id) <= this.rule.maxElsewhereShare;
  }

  /** The share of the query's weight in known units the entry lacks (half when only its answer has them). */
  elsewhereShare(query: AnalyzedQuery, id: string): number {
    const entry = this.byId.get(id);
    let total = 0;
    let elsewhere = 0;
    for (const unit of query.units) {
      total += unit.weight;
      if (!unit.known || !entry) continue;
      if (unit.keys.some((key) => entry.core.has(key))) continue;
      elsewhere += unit.weight * (unit.keys.some((key) => entry.answer.has(key)) ? ANSWER_MATCH : 1);
    }
    return total === 0 ? 0 : elsewhere / total;
  }
}
