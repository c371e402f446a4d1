import type { AnalyzedQuery } from './types';

/**
 * What the search knows about its best hit when it must decide whether to answer outright.
 * Every field is already computed by the search or costs one pass over the query's units; the
 * confidence model (`confidenceModel.ts`) weighs them, fitted by `npm run fit:confidence`.
 */
export interface ConfidenceFeatures {
  /** Fused score of the best hit. */
  readonly score: number;
  /** How far the runner-up is behind it. */
  readonly lead: number;
  /** Share of the query's weight carried by known words the best entry's questions and phrasings lack. */
  readonly elsewhereShare: number;
  /** Share of the query's weight carried by words no entry knows. */
  readonly unknownShare: number;
  /** Share of the query's weight the best entry's questions and phrasings hold. */
  readonly matchedShare: number;
  /**
   * Share of the weight of the query's known words that the best entry holds: with many words no
   * entry uses (a long story around the question), the known ones may still all agree.
   */
  readonly knownMatchedShare: number;
  /** How many of the query's units they hold, capped at 4 (beyond that, more says little). */
  readonly matchedUnits: number;
}

/** The feature names in the order the model's weights follow. */
export const FEATURE_NAMES = ['score', 'lead', 'elsewhereShare', 'unknownShare', 'matchedShare', 'knownMatchedShare', 'matchedUnits'] as const;

const MATCHED_UNITS_CAP = 4;

/**
 * The features of the best hit for `query`. An entry's answer does not vouch for a word,
 * only its questions and phrasings (`core`): answers mention neighbouring topics in passing.
 */
export function confidenceFeatures(
  query: AnalyzedQuery,
  /** Whether the best entry's questions or phrasings hold an index term (none: no best entry). */
  asks: ((term: string) => boolean) | undefined,
  score: number,
  secondScore: number,
): ConfidenceFeatures {
  let total = 0;
  let elsewhere = 0;
  let unknown = 0;
  let matched = 0;
  let matchedUnits = 0;
  for (const unit of query.units) {
    total += unit.weight;
    if (!unit.known) unknown += unit.weight;
    else if (asks && unit.keys.some(asks)) {
      matched += unit.weight;
      matchedUnits++;
    } else elsewhere += unit.weight;
  }
  const share = (x: number) => (total === 0 ? 0 : x / total);
  return {
    score,
    lead: score - secondScore,
    elsewhereShare: share(elsewhere),
    unknownShare: share(unknown),
    matchedShare: share(matched),
    knownMatchedShare: matched + elsewhere === 0 ? 0 : matched / (matched + elsewhere),
    matchedUnits: Math.min(matchedUnits, MATCHED_UNITS_CAP),
  };
}

/** The features as a vector, in `FEATURE_NAMES` order. */
export function featureVector(features: ConfidenceFeatures): number[] {
  return FEATURE_NAMES.map((name) => features[name]);
}
