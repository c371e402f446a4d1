import damerauLevenshtein from 'damerau-levenshtein';
import { distance } from 'fastest-levenshtein';
import Fuse from 'fuse.js';
import { memoize } from '../text/memo';
import type { Corpus } from './corpus';

/**
 * Words shorter than this are too short to tell a typo from another word ("auto" is one edit from
 * "auth", "note" from "not")…
 */
const MIN_LENGTH = 5;
/** …except a swap of two letters, which keeps every letter and so stays recognisable ("pya" → "pay"). */
const MIN_SWAPPED_LENGTH = 3;

/** Edits allowed between a typed word and its correction: one for short words, two from eight letters. */
function allowedEdits(word: string): number {
  return word.length >= 8 ? 2 : 1;
}

/**
 * Edits between two words, a swap of neighbouring letters counting as one ("pyas" → "pays",
 * "enabel" → "enable"): the optimal string alignment distance, the commonest typo being a
 * swap that plain Levenshtein counts twice.
 */
export function typingDistance(a: string, b: string): number {
  return damerauLevenshtein(a, b).steps;
}

/** Whether `b` is `a` with two neighbouring letters swapped. */
function isSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const differ: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differ.push(i);
  return differ.length === 2 && differ[1] === differ[0]! + 1 && a[differ[0]!] === b[differ[1]] && a[differ[1]] === b[differ[0]!];
}

/** Fuse.js score (0 = exact) above which a vocabulary word is not a correction. */
const MAX_SCORE = 0.25;

/**
 * Corrects a misspelled query word to the closest word the knowledge base uses
 * ("facturs" → "factures", "authentifcation" → "authentification", "pyas" → "pays").
 * Candidates are the vocabulary words with the same first letter within the allowed
 * edits, a swap of two letters counting as one ("demain" is not a typo of "demande";
 * typos rarely hit the first letter, which keeps "gmail" from becoming "email"), plus
 * the words whose first two letters the typed word swapped ("ocmpte" → "compte"). A single
 * swap wins outright; any other candidate fuse.js must also score alike, the fewest edits
 * winning and fuse.js's ranking breaking ties.
 * Searching the whole vocabulary with fuse.js first cost 1–7 ms a word.
 */
export class TypoCorrector {
  /** The vocabulary by first letter. */
  private readonly byFirstLetter = new Map<string, string[]>();
  /** Corrections depend only on the word and this (immutable) vocabulary, and the same typos recur. */
  private readonly corrections = memoize((word) => this.find(word));

  /** @param synonymWords the words of the synonym lexicon, which entries need not use. */
  constructor(corpus: Corpus, synonymWords: Iterable<string> = []) {
    // Only words that say what a question is about: mending "pyas" to the stop word "pas" says nothing.
    const vocabulary = [...new Set([...corpus.words.fr, ...corpus.words.en, ...synonymWords])].filter(
      (w) => w.length >= MIN_SWAPPED_LENGTH && !corpus.analyzer.isNoiseInAny({ raw: w, folded: w }),
    );
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
    if (word.length < MIN_SWAPPED_LENGTH || /\d/.test(word)) return undefined;
    if (word.length < MIN_LENGTH) return this.findSwap(word);
    const edits = allowedEdits(word);
    // fastest-levenshtein first: a swap costs it two edits, so anything it puts past twice the allowance
    // is out, and the slower swap-aware distance runs only on the few left.
    const alike = (candidate: string) => {
      if (Math.abs(candidate.length - word.length) > edits) return false;
      const plain = distance(word, candidate);
      return plain <= edits || (plain <= 2 * edits && typingDistance(word, candidate) <= edits);
    };
    const near = (this.byFirstLetter.get(word[0]!) ?? []).filter(alike);
    // The first two letters swapped: the word sits under its second letter.
    for (const candidate of this.byFirstLetter.get(word[1]!) ?? []) {
      if (candidate[1] === word[0] && candidate !== word && isSwap(word.slice(0, 2), candidate.slice(0, 2)) && alike(candidate)) {
        near.push(candidate);
      }
    }
    if (near.length === 0) return undefined;
    // A swap keeps every letter: the likeliest typo, and one fuse.js's letter-by-letter score misses.
    const swapped = near.filter((candidate) => isSwap(word, candidate));
    if (swapped.length > 0) return swapped[0];
    // A swap and one more slip ("tuotriels" → "tutoriel"): fewer edits than without swaps, and fuse.js sees neither.
    const withSwap = near.filter((candidate) => typingDistance(word, candidate) < distance(word, candidate));
    if (withSwap.length > 0) return withSwap[0];
    // Other candidates fuse.js must also find alike (its score weighs where the letters differ), as before.
    let best: { word: string; edits: number } | undefined;
    for (const match of new Fuse(near, { includeScore: true, ignoreLocation: true, threshold: MAX_SCORE }).search(word)) {
      const found = typingDistance(word, match.item);
      if (!best || found < best.edits) best = { word: match.item, edits: found };
    }
    return best?.word;
  }

  /** A word of three or four letters is only mended by a swap, and only to a single candidate. */
  private findSwap(word: string): string | undefined {
    const swaps = [word[0]!, word[1]!].flatMap((letter) => this.byFirstLetter.get(letter) ?? []).filter((c) => isSwap(word, c));
    return swaps.length === 1 ? swaps[0] : undefined;
  }
}
