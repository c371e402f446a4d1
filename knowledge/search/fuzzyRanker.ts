import Fuse from 'fuse.js';
import { LANGUAGES } from '../schema';
import { foldAccents, tokenize } from '../text/normalize';
import { askedTexts, type Corpus } from './corpus';
import type { AnalyzedQuery, Ranker } from './types';

export const DEFAULT_FUSE_THRESHOLD = 0.6;

interface Phrasing {
  readonly id: string;
  readonly text: string;
}

/** The form fuse.js compares: folded words joined by single spaces. */
function flatten(text: string): string {
  return foldAccents(tokenize(text).join(' '));
}

/**
 * Approximate string matching of the whole query against every question and phrasing
 * with fuse.js: it forgives typos and word fragments that stemming cannot.
 * An entry's relevance is its best phrasing's similarity (1 − fuse score).
 */
export class FuzzyRanker implements Ranker {
  private readonly fuse: Fuse<Phrasing>;

  /** @param threshold fuse.js's: how far a match may stray (0 exact … 1 anything); lower is faster. */
  constructor(corpus: Corpus, threshold = DEFAULT_FUSE_THRESHOLD) {
    const phrasings = corpus.entries.flatMap(({ entry }) =>
      LANGUAGES.flatMap((language) => askedTexts(entry, language).map((text) => ({ id: entry.id, text: flatten(text) }))),
    );
    this.fuse = new Fuse(phrasings, {
      keys: ['text'],
      includeScore: true,
      ignoreLocation: true,
      threshold,
    });
  }

  rank(query: AnalyzedQuery): Map<string, number> {
    const scores = new Map<string, number>();
    const text = flatten(query.text);
    if (text.length === 0) return scores;
    for (const result of this.fuse.search(text)) {
      const similarity = 1 - (result.score ?? 1);
      if (similarity > (scores.get(result.item.id) ?? 0)) scores.set(result.item.id, similarity);
    }
    return scores;
  }
}
