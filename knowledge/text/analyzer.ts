import type { FillerWords, Language } from '../schema';
import { LANGUAGES } from '../schema';
import { isStopWord, stem } from './lunrLanguages';
import { toWords, type Word } from './normalize';
import type { SynonymLexicon } from './synonyms';

/**
 * One meaningful piece of a query: a word, or a synonym phrase found as one concept.
 * It matches an entry when any of its keys is among the entry's index terms.
 */
export interface QueryUnit {
  /** Index terms that satisfy this unit: the concept, or the word stemmed in each language. */
  readonly keys: readonly string[];
  /** The accent-folded word as typed, for single words (typo correction works on it). */
  readonly word?: string;
}

/**
 * The text pipeline shared by indexing and querying:
 * normalize → fold accents → synonym phrases → stop words and filler words → stem.
 */
export class TextAnalyzer {
  private readonly fillers: Record<Language, ReadonlySet<string>>;

  constructor(
    private readonly lexicon: SynonymLexicon,
    fillers: FillerWords,
  ) {
    this.fillers = { fr: new Set(fillers.fr), en: new Set(fillers.en) };
  }

  /** Whether a word says nothing about the topic in the given language. */
  isNoise(word: { raw: string; folded: string }, language: Language): boolean {
    return (
      isStopWord(word.raw, language) ||
      isStopWord(word.folded, language) ||
      this.fillers[language].has(word.folded)
    );
  }

  /** The index terms of a text written in a known language: its stems and concepts. */
  indexTerms(text: string, language: Language): string[] {
    const words = toWords(text);
    const terms: string[] = this.lexicon.match(words.map((w) => w.folded)).map((m) => m.term);
    for (const word of words) {
      if (!this.isNoise(word, language)) terms.push(stem(word.folded, language));
    }
    return terms;
  }

  /** Whether a word is noise in either language (queries mix them). */
  isNoiseInAny(word: Word): boolean {
    return LANGUAGES.some((language) => this.isNoise(word, language));
  }

  /**
   * The units of a query in either language: suppliers mix French and English,
   * so a word is noise when either language says so, and is stemmed both ways.
   * `rewrite` reads the words as meant before anything else (chat spellings, glued elisions).
   */
  queryUnits(text: string, rewrite: (words: Word[]) => Word[] = (words) => words): QueryUnit[] {
    const words = rewrite(toWords(text));
    const concepts = this.lexicon.match(words.map((w) => w.folded));
    const inConcept = new Set<number>();
    const units: QueryUnit[] = concepts.map((match) => {
      for (let i = match.start; i < match.start + match.length; i++) inConcept.add(i);
      return { keys: [match.term] };
    });
    words.forEach((word, i) => {
      if (inConcept.has(i)) return;
      if (this.isNoiseInAny(word)) return;
      units.push({ keys: wordKeys(word.folded), word: word.folded });
    });
    return units;
  }
}

/** The index terms a single folded word can stand for. */
export function wordKeys(folded: string): string[] {
  return [...new Set(LANGUAGES.map((language) => stem(folded, language)))];
}
