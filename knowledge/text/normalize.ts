import { memoize } from './memo';

/** Ligatures that Unicode normalization keeps as one letter but suppliers type as two. */
const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss' };

/**
 * Removes diacritics ("désactivé" → "desactive"). Done before stemming because
 * lunr-languages' French stemmer keeps accents, and suppliers often type without them.
 */
export function foldAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '');
}

/** Lower-cases and unifies compatibility characters (full-width letters, ligatures). */
export function normalize(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[œæß]/g, (letter) => LIGATURES[letter] ?? letter);
}

/**
 * Splits text into words: letters and digits only, so apostrophes split elisions
 * ("l'onglet" → "l", "onglet") and punctuation, markup and emoji disappear.
 */
export function tokenize(text: string): string[] {
  return normalize(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/** One word of a text: as typed (lower-cased) and with accents folded. */
export interface Word {
  readonly raw: string;
  readonly folded: string;
}

/** foldAccents of single words, which recur across queries (whole texts are not cached). */
const foldWord = memoize(foldAccents);

export function toWords(text: string): Word[] {
  return tokenize(text).map((raw) => ({ raw, folded: foldWord(raw) }));
}
