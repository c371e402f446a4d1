import type { CoverageRanker } from './coverageRanker';
import type { PhrasingRanker } from './phrasingRanker';
import type { LunrRanker } from './lunrRanker';
import type { AnalyzedQuery, Ranker } from './types';

/** How much each method counts in the fused score; they add up to 1 so the score stays in [0, 1]. */
export interface FusionWeights {
  coverage: number;
  lunr: number;
  phrasing: number;
}

export const DEFAULT_FUSION_WEIGHTS: Readonly<FusionWeights> = Object.freeze({ coverage: 0.7, lunr: 0.1, phrasing: 0.2 });

/**
 * The hybrid ranking: a weighted sum of query coverage (absolute fit), lunr's BM25
 * (relative to the best) and closeness to a known phrasing. Typos are already mended
 * by fuse.js in the query analysis, so all three see corrected words.
 */
export class HybridRanker implements Ranker {
  constructor(
    private readonly coverage: CoverageRanker,
    private readonly lunr: LunrRanker,
    private readonly phrasing: PhrasingRanker,
    private readonly weights: Readonly<FusionWeights> = DEFAULT_FUSION_WEIGHTS,
  ) {}

  rank(query: AnalyzedQuery): Map<string, number> {
    const parts: [Map<string, number>, number][] = [
      [this.coverage.rank(query), this.weights.coverage],
      [this.lunr.rank(query), this.weights.lunr],
      [this.phrasing.rank(query), this.weights.phrasing],
    ];
    const fused = new Map<string, number>();
    for (const [scores, weight] of parts) {
      for (const [id, score] of scores) fused.set(id, (fused.get(id) ?? 0) + weight * score);
    }
    return fused;
  }
}
