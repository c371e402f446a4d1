/**
 * The fitted confidence model. Written by `npm run fit:confidence -- --write` (scripts/kb/fitConfidence.ts)
 * from queries.json and the tuning part of generalisation.json only; do not edit by hand, refit.
 * 5-fold cross-validation when written: answered 0.660 (317/480), rejection 0.985, confident-wrong 10.
 */
import type { ConfidenceModel } from './confidence';

export const CONFIDENCE_MODEL: ConfidenceModel = {
  bias: -4.933891,
  weights: { score: 1.919911, lead: 0.898507, elsewhereShare: -0.176956, unknownShare: -0.770521, matchedShare: 1.591289, knownMatchedShare: 1.44912, matchedUnits: 0.74031 },
  threshold: 0.719769,
};
