import type { FaqEntry, Language } from '../schema';

/** Which ranking to use; only the evaluation and benchmarks ask for the single-method ones. */
export type SearchStrategy = 'hybrid' | 'lunr' | 'fuse';

/**
 * `full`: the query is finished. `prefix`: it is being typed (type-ahead), so its last word may
 * be the beginning of a longer one, and no answer is confident that the rest of it could undo.
 */
export type SearchMode = 'full' | 'prefix';

export interface SearchOptions {
  /** Language of the answer; detected from the query when absent. */
  lang?: Language;
  /** Language to assume when detection can't tell (a channel locale, the user's last language). */
  langHint?: Language;
  /** How many results at most (default 5). */
  top?: number;
  /** Ranking method (default "hybrid"). */
  strategy?: SearchStrategy;
  /** Finished or partial input (default "full"). */
  mode?: SearchMode;
}

export interface SearchHit {
  readonly entry: FaqEntry;
  /** Fused relevance in [0, 1]. */
  readonly score: number;
}

export interface SearchResponse {
  readonly query: string;
  readonly lang: Language;
  /** The best hit is good enough to answer outright. */
  readonly confident: boolean;
  /** The top two hits are too close to choose between: ask the user. */
  readonly ambiguous: boolean;
  /**
   * When not confident: the one or two best hits still worth offering ("did you mean …?"),
   * those scoring at least the suggestion floor, taken from `hits` (so `top: 1` offers one at
   * most). Empty when confident, and for the single-method strategies (their scores are not on
   * the hybrid's scale).
   */
  readonly suggestions: readonly SearchHit[];
  readonly hits: readonly SearchHit[];
}

/** A query unit ready for ranking: the index terms that match it and how much it says. */
export interface WeightedUnit {
  readonly keys: readonly string[];
  /** Inverse document frequency of its rarest known key; the unknown-word weight when none is known. */
  readonly weight: number;
  /** Whether any entry has one of its keys. */
  readonly known: boolean;
}

/** A query after the text pipeline, typo correction and weighting. */
export interface AnalyzedQuery {
  readonly text: string;
  readonly units: readonly WeightedUnit[];
}

/** A ranking method: a relevance in [0, 1] for each entry id it finds. */
export interface Ranker {
  rank(query: AnalyzedQuery): Map<string, number>;
}
