import type { Corpus } from './corpus';
import { UnitAccumulator } from './postings';
import type { SearchIndex } from './searchIndex';
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
  private readonly index: SearchIndex;
  private readonly covered: UnitAccumulator;

  constructor(corpus: Corpus) {
    this.index = corpus.index;
    this.covered = new UnitAccumulator(this.index.entries.length);
  }

  rank(query: AnalyzedQuery): Map<string, number> {
    const scores = new Map<string, number>();
    const total = query.units.reduce((sum, unit) => sum + unit.weight, 0);
    if (total === 0) return scores;
    const { core, answer, entries } = this.index;
    const covered = this.covered;
    covered.begin();
    for (const unit of query.units) {
      covered.nextUnit();
      const terms = unit.keys.map((key) => this.index.termNumber(key)).filter((term) => term >= 0);
      // Questions first: an entry whose questions hold the unit gets full credit, and no more from its answer.
      for (const t of terms) covered.credit(core.items, unit.weight, core.start(t), core.end(t));
      for (const t of terms) covered.credit(answer.items, unit.weight * ANSWER_MATCH, answer.start(t), answer.end(t));
    }
    // In entry order, as the scan over all entries gave them.
    for (const i of covered.itemsInOrder()) {
      const sum = covered.total(i);
      if (sum > 0) scores.set(entries[i]!.id, sum / total);
    }
    return scores;
  }
}
