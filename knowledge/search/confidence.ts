import type { Corpus, IndexedEntry } from './corpus';
import type { AnalyzedQuery } from './types';

/** What must hold for the best hit to be answered outright. */
export interface ConfidenceRule {
  /** Fused score from which the best hit may be answered outright… */
  readonly confidentScore: number;
  /** …when the runner-up is at least this far behind (closer, the two are "ambiguous")… */
  readonly margin: number;
  /**
   * …and when the query words that the knowledge base knows but the best entry's questions and
   * phrasings lack carry at most this share of the query's weight. Such words are evidence that the
   * question is about something else: "create an invoice without a PO" knows "create" from the
   * account entry, "invoice" and "PO" from the access entry, and no entry asks about all three.
   * An entry's answer does not vouch for a word: answers mention neighbouring topics in passing
   * (the help-resources answer names banking information, which does not make it about banks).
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

  /** The share of the query's weight in known units that the entry's questions and phrasings lack. */
  elsewhereShare(query: AnalyzedQuery, id: string): number {
    const entry = this.byId.get(id);
    let total = 0;
    let elsewhere = 0;
    for (const unit of query.units) {
      total += unit.weight;
      if (unit.known && !(entry && unit.keys.some((key) => entry.core.has(key)))) elsewhere += unit.weight;
    }
    return total === 0 ? 0 : elsewhere / total;
  }
}
