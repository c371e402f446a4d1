import type { Corpus } from './corpus';
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
 * The other way to be sure, for long questions: many words no entry uses ("our accountant joined
 * last week…") pull the fused score under the cut although the words the knowledge base does know
 * all agree. The best entry is answered outright when its questions and phrasings hold at least
 * `units` of the query's known units, the known units they lack carry at most `maxElsewhereShare`
 * of the query's weight, and it leads the runner-up by `lead`. A query about something else
 * ("create a Netflix account") rarely has four known units, all in one entry, far ahead.
 */
export const CORROBORATION = Object.freeze({ units: 4, maxElsewhereShare: 0.2, lead: 0.15 });

/**
 * Decides whether the best hit answers the query outright. A high fused score alone was not
 * enough: an entry sharing the query's generic words scored 0.8 with the query's point (an
 * action, an object) left out, and two entries a hair apart were answered as if one were sure.
 */
export class ConfidenceJudge {
  /** Each entry's position in the corpus, by id. */
  private readonly byId: ReadonlyMap<string, number>;

  constructor(
    private readonly corpus: Corpus,
    private readonly rule: ConfidenceRule,
  ) {
    this.byId = new Map(corpus.entries.map((indexed, position) => [indexed.entry.id, position]));
  }

  isConfident(query: AnalyzedQuery, best: { id: string; score: number } | undefined, secondScore: number): boolean {
    if (!best) return false;
    const lead = best.score - secondScore;
    if (lead < this.rule.margin) return false;
    const { elsewhereShare, matchedUnits } = this.evidence(query, best.id);
    if (best.score >= this.rule.confidentScore && elsewhereShare <= this.rule.maxElsewhereShare) return true;
    return (
      matchedUnits >= CORROBORATION.units && elsewhereShare <= CORROBORATION.maxElsewhereShare && lead >= CORROBORATION.lead
    );
  }

  /**
   * How the query's known units sit with the entry: how many its questions and phrasings hold, and
   * the share of the query's weight carried by those they lack.
   */
  evidence(query: AnalyzedQuery, id: string): { elsewhereShare: number; matchedUnits: number } {
    const position = this.byId.get(id);
    let total = 0;
    let elsewhere = 0;
    let matchedUnits = 0;
    for (const unit of query.units) {
      total += unit.weight;
      if (!unit.known) continue;
      if (position !== undefined && unit.keys.some((key) => this.corpus.asks(position, key))) matchedUnits++;
      else elsewhere += unit.weight;
    }
    return { elsewhereShare: total === 0 ? 0 : elsewhere / total, matchedUnits };
  }
}
