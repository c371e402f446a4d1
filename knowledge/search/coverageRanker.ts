import type { Corpus } from './corpus';
import type { AnalyzedQuery, Ranker } from './types';

/** A unit found only in an entry's answer counts for this much of one found in its questions. */
const ANSWER_MATCH = 0.5;

/**
 * The share of what the query says that an entry covers, each unit weighted by its rarity.
 * Unlike BM25 it is absolute: it tells how well the best entry fits, not just that it fits best,
 * which is what deciding to answer outright needs.
 */
export class CoverageRanker implements Ranker {
  constructor(private readonly corpus: Corpus) {}

  rank(query: AnalyzedQuery): Map<string, number> {
    const scores = new Map<string, number>();
    const total = query.units.reduce((sum, unit) => sum + unit.weight, 0);
    if (total === 0) return scores;
    for (const { entry, core, answer } of this.corpus.entries) {
      let covered = 0;
      for (const unit of query.units) {
        if (unit.keys.some((key) => core.has(key))) covered += unit.weight;
        else if (unit.keys.some((key) => answer.has(key))) covered += unit.weight * ANSWER_MATCH;
      }
      if (covered > 0) scores.set(entry.id, covered / total);
    }
    return scores;
  }
}
