import type { Corpus } from './corpus';
import { Postings, UnitAccumulator } from './postings';
import type { AnalyzedQuery, Ranker } from './types';

/** A unit found only in an entry's answer counts for this much of one found in its questions. */
const ANSWER_MATCH = 0.5;

/**
 * The share of what the query says that an entry covers, each unit weighted by its rarity.
 * Unlike BM25 it is absolute: it tells how well the best entry fits, not just that it fits best,
 * which is what deciding to answer outright needs.
 * Entries are found through term → entry postings: a query visits only the entries that share
 * one of its terms, and each unit only through its keys, instead of testing every key of every
 * unit against every entry.
 */
export class CoverageRanker implements Ranker {
  private readonly core = new Postings();
  private readonly answer = new Postings();
  private readonly covered: UnitAccumulator;

  constructor(private readonly corpus: Corpus) {
    corpus.entries.forEach(({ core, answer }, i) => {
      for (const term of core) this.core.add(term, i);
      for (const term of answer) this.answer.add(term, i);
    });
    this.covered = new UnitAccumulator(corpus.entries.length);
  }

  rank(query: AnalyzedQuery): Map<string, number> {
    const scores = new Map<string, number>();
    const total = query.units.reduce((sum, unit) => sum + unit.weight, 0);
    if (total === 0) return scores;
    const covered = this.covered;
    covered.begin();
    for (const unit of query.units) {
      covered.nextUnit();
      // Questions first: an entry whose questions hold the unit gets full credit, and no more from its answer.
      for (const key of unit.keys) covered.credit(this.core.get(key), unit.weight);
      for (const key of unit.keys) covered.credit(this.answer.get(key), unit.weight * ANSWER_MATCH);
    }
    // In entry order, as the scan over all entries gave them.
    for (const i of covered.itemsInOrder()) {
      const sum = covered.total(i);
      if (sum > 0) scores.set(this.corpus.entries[i]!.entry.id, sum / total);
    }
    return scores;
  }
}
