/**
 * Dictionary words of both languages for generated knowledge bases: the word lists of
 * `an-array-of-english-words` (~275,000 words) and `an-array-of-french-words` (~336,000), the
 * words/ project's lists, kept up to date and MIT-licensed. Alphabetical lists carry no
 * frequency, so a seeded shuffle decides each word's rank and the Zipf sampler its frequency.
 */
import type { Language } from '../../knowledge/schema';

/** Plain words only: no hyphens, apostrophes or capitals, 3 to 12 letters. */
const SHAPE: Record<Language, RegExp> = {
  en: /^[a-z]{3,12}$/,
  fr: /^[a-zàâäçéèêëîïôöùûüÿœ]{3,12}$/,
};

let cache: Record<Language, readonly string[]> | undefined;

/** Every plain word of each language's list, in the list's (alphabetical) order. */
export function dictionaryWords(): Record<Language, readonly string[]> {
  if (!cache) {
    // The packages' main file is the JSON array itself.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const en = require('an-array-of-english-words') as string[];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fr = require('an-array-of-french-words') as string[];
    cache = { en: en.filter((w) => SHAPE.en.test(w)), fr: fr.filter((w) => SHAPE.fr.test(w)) };
  }
  return cache;
}

/** `size` words drawn without repeats from `words` in a seeded order: index 0 is the most frequent rank. */
export function rankedVocabulary(words: readonly string[], size: number, random: () => number): string[] {
  const pool = [...words];
  const count = Math.min(size, pool.length);
  // A partial Fisher–Yates shuffle: only the first `count` places are needed.
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}
