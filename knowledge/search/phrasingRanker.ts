import { LANGUAGES } from '../schema';
import { askedTexts, type Corpus } from './corpus';
import type { AnalyzedQuery, Ranker } from './types';

interface IndexedPhrasing {
  readonly terms: ReadonlySet<string>;
  /** Sum of its terms' rarity, the phrasing's side of the Dice coefficient. */
  readonly weight: number;
}

/**
 * How closely the query says the same as one of an entry's phrasings: the best
 * IDF-weighted Dice coefficient between the query's units and a phrasing's terms.
 * Coverage rewards a query that an entry's vocabulary explains; this rewards a query
 * that is, near enough, one of the ways suppliers are known to ask.
 */
export class PhrasingRanker implements Ranker {
  private readonly phrasings: ReadonlyMap<string, readonly IndexedPhrasing[]>;

  constructor(corpus: Corpus) {
    this.phrasings = new Map(
      corpus.entries.map(({ entry }) => [
        entry.id,
        LANGUAGES.flatMap((language) =>
          askedTexts(entry, language).map((text) => {
            const terms = new Set(corpus.analyzer.indexTerms(text, language));
            return { terms, weight: [...terms].reduce((sum, term) => sum + corpus.idf(term), 0) };
          }),
        ),
      ]),
    );
  }

  rank(query: AnalyzedQuery): Map<string, number> {
    const scores = new Map<string, number>();
    const queryWeight = query.units.reduce((sum, unit) => sum + unit.weight, 0);
    if (queryWeight === 0) return scores;
    for (const [id, phrasings] of this.phrasings) {
      let best = 0;
      for (const phrasing of phrasings) {
        let shared = 0;
        for (const unit of query.units) if (unit.keys.some((key) => phrasing.terms.has(key))) shared += unit.weight;
        best = Math.max(best, (2 * shared) / (queryWeight + phrasing.weight));
      }
      if (best > 0) scores.set(id, Math.min(1, best));
    }
    return scores;
  }
}
