import type { Abbreviations } from '../schema';
import { wordKeys, type QueryUnit } from '../text/analyzer';
import { InformalWriting } from '../text/informal';
import type { SynonymLexicon } from '../text/synonyms';
import type { Corpus } from './corpus';
import type { TypoCorrector } from './typos';
import type { AnalyzedQuery, WeightedUnit } from './types';

/**
 * How much a word that no entry knows counts against a match, relative to the rarest
 * known term. Above 1, "create a Netflix account" is mostly about Netflix, not sign-up.
 */
export const DEFAULT_UNKNOWN_WEIGHT = 1.5;

/**
 * Runs the text pipeline on a query, reading chat writing as meant (abbreviations, glued elisions,
 * held letters), corrects typos and weights each unit by its rarity.
 */
export class QueryAnalysis {
  private readonly unknownWeight: number;
  private readonly informal: InformalWriting;

  constructor(
    private readonly corpus: Corpus,
    private readonly lexicon: SynonymLexicon,
    private readonly typos: TypoCorrector,
    unknownWeight = DEFAULT_UNKNOWN_WEIGHT,
    abbreviations?: Abbreviations,
  ) {
    this.unknownWeight = corpus.idf('\u0000never-indexed') * unknownWeight;
    const { analyzer, words } = corpus;
    const inVocabulary = (w: string) => words.fr.has(w) || words.en.has(w) || lexicon.match([w]).length > 0;
    const isNoise = (w: string) => analyzer.isNoiseInAny({ raw: w, folded: w });
    this.informal = new InformalWriting(abbreviations, {
      isKnown: (w) => inVocabulary(w) || isNoise(w),
      isTopic: (w) => inVocabulary(w) && !isNoise(w),
    });
  }

  /** What a word no entry knows weighs in a query. */
  get unknownWordWeight(): number {
    return this.unknownWeight;
  }

  analyze(text: string): AnalyzedQuery {
    const units = this.corpus.analyzer
      .queryUnits(text, (words) => this.informal.rewrite(words))
      .filter((unit) => !this.isBareUnknownNumber(unit))
      .map((unit) => this.weigh(unit));
    return { text, units };
  }

  /** A number no entry mentions ("for 2 days", "6 chiffres") tells nothing about the topic. */
  private isBareUnknownNumber(unit: QueryUnit): boolean {
    return unit.word !== undefined && /^\d+$/.test(unit.word) && !unit.keys.some((key) => this.corpus.has(key));
  }

  /** Mends a word no entry knows, then weighs the unit by its rarest known key. */
  private weigh(unit: QueryUnit): WeightedUnit {
    let keys = unit.keys;
    if (unit.word && !keys.some((key) => this.corpus.has(key))) {
      const corrected = this.typos.correct(unit.word);
      if (corrected) keys = [...this.lexicon.match([corrected]).map((m) => m.term), ...wordKeys(corrected)];
    }
    const known = keys.filter((key) => this.corpus.has(key));
    return known.length > 0
      ? { keys, known: true, weight: Math.max(...known.map((key) => this.corpus.idf(key))) }
      : { keys, known: false, weight: this.unknownWeight };
  }
}
