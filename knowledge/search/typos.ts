import Fuse from 'fuse.js';
import type { Corpus } from './corpus';

/** Words shorter than this are too short to tell a typo from another word. */
const MIN_LENGTH = 4;
/** Fuse.js score (0 = exact) above which a vocabulary word is not a correction. */
const MAX_SCORE = 0.25;

/**
 * Corrects a misspelled query word to the closest word the knowledge base uses
 * ("facturs" → "factures", "authentifcation" → "authentification"), with fuse.js.
 */
export class TypoCorrector {
  private readonly fuse: Fuse<string>;

  constructor(corpus: Corpus) {
    const vocabulary = [...new Set([...corpus.words.fr, ...corpus.words.en])].filter((w) => w.length >= MIN_LENGTH - 1);
    this.fuse = new Fuse(vocabulary, { includeScore: true, ignoreLocation: true, threshold: MAX_SCORE });
  }

  correct(word: string): string | undefined {
    if (word.length < MIN_LENGTH || /\d/.test(word)) return undefined;
    const tolerance = Math.max(1, Math.floor(word.length / 4));
    for (const match of this.fuse.search(word, { limit: 5 })) {
      if ((match.score ?? 1) > MAX_SCORE) break;
      if (Math.abs(match.item.length - word.length) <= tolerance && match.item[0] === word[0]) return match.item;
    }
    return undefined;
  }
}
