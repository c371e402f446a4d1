import { wordKeys } from '../text/analyzer';
import type { SynonymLexicon } from '../text/synonyms';
import type { Corpus } from './corpus';
import type { TypoCorrector } from './typos';
import type { AnalyzedQuery, WeightedUnit } from './types';

/**
 * How much a word that no entry knows counts against a match, relative to the rarest
 * known term. Above 1, "create a Netflix account" is mostly about Netflix, not sign-up.
 */
export const DEFAULT_UNKNOWN_WEIGHT = 1.5;

/** Runs the text pipeline on a query, corrects typos and weights each unit by its rarity. */
export class QueryAnalysis {
  private readonly unknownWeight: number;

  constructor(
    private readonly corpus: Corpus,
    private readonly lexicon: SynonymLexicon,
    private readonly typos: TypoCorrector,
    unknownWeight = DEFAULT_UNKNOWN_WEIGHT,
  ) {
    this.unknownWeight = corpus.idf('\u0000never-indexed') * unknownWeight;
  }

  /** What a word no entry knows weighs in a query. */
  get unknownWordWeight(): number {
    return this.unknownWeight;
  }

  analyze(text: string): AnalyzedQuery {
    const units = this.corpus.analyzer.queryUnits(text).map((unit): WeightedUnit => {
      let keys = unit.keys;
      if (unit.word && !keys.some((key) => this.corpus.has(key))) {
        const corrected = this.typos.correct(unit.word);
        if (corrected) keys = [...this.lexicon.match([corrected]).map((m) => m.term), ...wordKeys(corrected)];
      }
      const known = keys.filter((key) => this.corpus.has(key));
      return known.length > 0
        ? { keys, known: true, weight: Math.max(...known.map((key) => this.corpus.idf(key))) }
        : { keys, known: false, weight: this.unknownWeight };
    });
    return { text, units };
  }
}
