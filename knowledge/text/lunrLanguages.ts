import lunr from 'lunr';
import type { Language } from '../schema';
import { memoize } from './memo';

// lunr-languages registers its stemmers and stop-word filters on the lunr object it is given;
// it ships no types, so its plugins are typed here.
type LunrPlugin = (instance: typeof lunr) => void;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS plugin without an ES export
(require('lunr-languages/lunr.stemmer.support') as LunrPlugin)(lunr);
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS plugin without an ES export
(require('lunr-languages/lunr.fr') as LunrPlugin)(lunr);

type PipelineFn = (token: lunr.Token) => lunr.Token | undefined;
const lunrFr = (lunr as unknown as { fr: { stemmer: PipelineFn; stopWordFilter: PipelineFn } }).fr;

const STEMMERS: Record<Language, PipelineFn> = {
  fr: lunrFr.stemmer,
  en: lunr.stemmer,
};
const STOP_WORD_FILTERS: Record<Language, PipelineFn> = {
  fr: lunrFr.stopWordFilter,
  en: lunr.stopWordFilter,
};

// Both are pure functions of the word, asked for the same words on every query: memoized per language.
const perLanguage = <T>(make: (language: Language) => (word: string) => T) => ({ fr: make('fr'), en: make('en') });
const stemmers = perLanguage((language) =>
  memoize((word) => STEMMERS[language](new lunr.Token(word, {}))?.toString() ?? word),
);
const stopWords = perLanguage((language) =>
  memoize((word) => STOP_WORD_FILTERS[language](new lunr.Token(word, {})) === undefined),
);

/** Stems an (accent-folded) word with lunr's English stemmer or lunr-languages' French one. */
export function stem(word: string, language: Language): string {
  return stemmers[language](word);
}

/** Whether lunr's stop-word list for the language holds the word. */
export function isStopWord(word: string, language: Language): boolean {
  return stopWords[language](word);
}

export { lunr };
