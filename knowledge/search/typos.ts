import { distance } from 'fastest-levenshtein';
import Fuse from 'fuse.js';
import { memoize } from '../text/memo';
import type { Corpus } from './corpus';

/** Words shorter than this are too short to tell a typo from another word. */
const MIN_LENGTH = 4;

/** Edits allowed between a typed word and its correction: one for short words, two from eight letters. */
function allowedEdits(word: string): number {
  return word.length >= 8 ? 2 : 1;
}

/** Fuse.js score (0 = exact) above which a vocabulary word is not a correction. */
const MAX_SCORE = 0.25;

/**
 * Corrects a misspelled query word to the closest word the knowledge base uses
 * ("facturs" → "factures", "authentifcation" → "authentification"). Candidates are the
 * vocabulary words with the same first letter within the allowed Levenshtein distance
 * ("demain" is not a typo of "demande"; typos rarely hit the first letter, which keeps
 * "gmail" from becoming "email") that fuse.js also scores alike; the fewest edits win,
 * fuse.js's ranking breaking ties.
 * Searching the whole vocabulary with fuse.js first cost 1–7 ms a word.
 */
export class TypoCorrector {
  /** The vocabulary by first letter. */
  private readonly byFirstLetter = new Map<string, string[]>();
  /** Corrections depend only on the word and this (immutable) vocabulary, and the same typos recur. */
  private readonly corrections = memoize((word) => this.find(word));

  constructor(corpus: Corpus) {
    const vocabulary = [...new Set([...corpus.words.fr, ...corpus.words.en])].filter((w) => w.length >= MIN_LENGTH - 1);
    for (const w of vocabulary) {
      const bucket = this.byFirstLetter.get(w[0]!);
      if (bucket) bucket.push(w);
      else this.byFirstLetter.set(w[0]!, [w]);
    }
  }

  correct(word: string): string | undefined {
    return this.corrections(word);
  }

  private find(word: string): string | undefined {
    if (word.length < MIN_LENGTH || /\d/.test(word)) return undefined;
    const edits = allowedEdits(word);
    const near = (this.byFirstLetter.get(word[0]!) ?? []).filter(
      (candidate) => Math.abs(candidate.length - word.length) <= edits && distance(word, candidate) <= edits,
    );
    if (near.length === 0) return undefined;
    // fuse.js must also find them alike (its score weighs where the letters differ), as before.
    let best: { word: string; edits: number } | undefined;
    for (const match of new Fuse(near, { includeScore: true, ignoreLocation: true, threshold: MAX_SCORE }).search(word)) {
      const found = distance(word, match.item);
      if (!best || found < best.edits) best = { word: match.item, edits: found };
    }
    return best?.word;
  }
}
