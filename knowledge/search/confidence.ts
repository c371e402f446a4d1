import type { Corpus } from './corpus';
import { confidenceFeatures, FEATURE_NAMES, type ConfidenceFeatures } from './confidenceFeatures';
import type { AnalyzedQuery } from './types';

/**
 * A logistic model over the confidence features: the probability that the best hit is the right
 * entry is σ(bias + Σ weight × feature), and the hit is answered outright from `threshold` up.
 * The threshold is chosen, in cross-validation, as the lowest that answers no wrong entry on the
 * training folds: a wrong answer costs more than no answer.
 */
export interface ConfidenceModel {
  readonly bias: number;
  readonly weights: Readonly<Record<keyof ConfidenceFeatures, number>>;
  readonly threshold: number;
}

/** Probability, under `model`, that the best hit with these features is the right entry. */
export function rightProbability(model: ConfidenceModel, features: ConfidenceFeatures): number {
  let z = model.bias;
  for (const name of FEATURE_NAMES) z += model.weights[name] * features[name];
  return 1 / (1 + Math.exp(-z));
}

/**
 * The other way to be sure, for long questions, kept from the first confidence rule: many words no
 * entry uses ("our accountant joined last week…") pull every score down although the words the
 * knowledge base does know all agree. The best entry is answered outright when its questions and
 * phrasings hold at least `units` of the query's units, the known units they lack carry at most
 * `maxElsewhereShare` of the query's weight, and it leads the runner-up by `lead`. A linear model
 * cannot say "all of these at once"; on the tunable sets this adds 7 right answers and 1 wrong.
 */
const CORROBORATION = Object.freeze({ units: 4, maxElsewhereShare: 0.2, lead: 0.15 });

export function isCorroborated(features: ConfidenceFeatures): boolean {
  return (
    features.matchedUnits >= CORROBORATION.units &&
    features.elsewhereShare <= CORROBORATION.maxElsewhereShare &&
    features.lead >= CORROBORATION.lead
  );
}

/**
 * Decides whether the best hit answers the query outright. A high fused score alone was not
 * enough: an entry sharing the query's generic words scored 0.8 with the query's point (an
 * action, an object) left out; and a rule of hand-set cuts on the same evidence refused many
 * plain questions that the entry clearly answered.
 */
export class ConfidenceJudge {
  /** Each entry's position in the corpus, by id. */
  private readonly byId: ReadonlyMap<string, number>;

  constructor(
    private readonly corpus: Corpus,
    private readonly model: ConfidenceModel,
    /** A best hit this close to the runner-up is never answered outright (it is "ambiguous"). */
    private readonly margin: number,
  ) {
    this.byId = new Map(corpus.entries.map((indexed, position) => [indexed.entry.id, position]));
  }

  isConfident(query: AnalyzedQuery, best: { id: string; score: number } | undefined, secondScore: number): boolean {
    const features = this.features(query, best, secondScore);
    if (!features || features.lead < this.margin) return false;
    return rightProbability(this.model, features) >= this.model.threshold || isCorroborated(features);
  }

  /** The features of the best hit, or none when nothing was found. */
  features(query: AnalyzedQuery, best: { id: string; score: number } | undefined, secondScore: number): ConfidenceFeatures | undefined {
    if (!best) return undefined;
    const position = this.byId.get(best.id);
    const asks = position === undefined ? undefined : (key: string) => this.corpus.asks(position, key);
    return confidenceFeatures(query, asks, best.score, secondScore);
  }
}
