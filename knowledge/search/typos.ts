import { distance } from 'fastest-levenshtein';
import Fuse from 'fuse.js';
import type { Corpus } from './corpus';

/** Words shorter than this are too short to tell a typo from another word. */
const MIN_LENGTH = 4;
/** Fuse.js score (0 = exact) above which a vocabulary word is not a correction. */
const MAX_SCORE = 0.25;

/** Edits allowed between a typed word and its correction: one for short words, two from eight letters. */
function allowedEdits(word: string): number {
  return word.length >= 8 ? 2 : 1;
}

/**
 * Corrects a misspelled query word to the closest word the knowledge base uses
 * ("facturs" → "factures", "authentifcation" → "authentification"): fuse.js proposes
 * candidates, and a Levenshtein distance keeps only real near-spellings ("demain" is
 * not a typo of "demande").
 */
export class TypoCorrector {
  private readonly fuse: Fuse<string>;
  /** The vocabulary by first letter: what a correction can be, checked before asking fuse.js. */
  private readonly byFirstLetter = new Map<string, string[]>();

  constructor(corpus: Corpus) {
    const vocabulary = [...new Set([...corpus.words.fr, ...corpus.words.en])].filter((w) => w.length >= MIN_LENGTH - 1);
    this.fuse = new Fuse(vocabulary, { includeScore: true, ignoreLocation: true, threshold: MAX_SCORE });
    for (const w of vocabulary) {
      const bucket = this.byFirstLetter.get(w[0]!);
      if (bucket) bucket.push(w);
      else this.byFirstLetter.set(w[0]!, [w]);
    }
  }

  correct(word: string): string | undefined {
    if (word.length < MIN_LENGTH || /\d/.test(word)) return undefined;
    const edits = allowedEdits(word);
    // Same answer, cheaper: when no word of the vocabulary could qualify below, skip the fuse.js
    // search (about 1 ms a word; out-of-scope questions are mostly such words).
    const possible = (this.byFirstLetter.get(word[0]!) ?? []).some((w) => Math.abs(w.length - word.length) <= edits && distance(word, w) <= edits);
    if (!possible) return undefined;
    let best: { word: string; edits: number } | undefined;
    for (const match of this.fuse.search(word, { limit: 8 })) {
      const found = distance(word, match.item);
      // Typos rarely hit the first letter; requiring it keeps "gmail" from becoming "email".
      if (match.item[0] !== word[0] || found > edits) continue;
      if (!best || found < best.edits) best = { word: match.item, edits: found };
    }
    return best?.word;
  }
}
