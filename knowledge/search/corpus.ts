import { LANGUAGES, type FaqEntry, type Language } from '../schema';
import type { TextAnalyzer } from '../text/analyzer';
import { toWords } from '../text/normalize';

/** An entry's index terms: from its questions and phrasings (core) and from its answers. */
export interface IndexedEntry {
  readonly entry: FaqEntry;
  readonly core: ReadonlySet<string>;
  readonly answer: ReadonlySet<string>;
}

/** The texts an entry is searched by in one language: its question, then its phrasings. */
export function askedTexts(entry: FaqEntry, language: Language): string[] {
  return [entry[language].question, ...entry[language].phrasings];
}

/**
 * The analyzed knowledge base every ranker reads: index terms per entry,
 * document frequencies and the folded words of each language (for typos and language detection).
 */
export class Corpus {
  readonly entries: readonly IndexedEntry[];
  readonly documentFrequency = new Map<string, number>();
  readonly words: Record<Language, Set<string>> = { fr: new Set(), en: new Set() };

  constructor(
    entries: readonly FaqEntry[],
    readonly analyzer: TextAnalyzer,
  ) {
    this.entries = entries.map((entry) => {
      const core = new Set<string>();
      const answer = new Set<string>();
      for (const language of LANGUAGES) {
        for (const text of askedTexts(entry, language)) this.collect(text, language, core);
        this.collect(entry[language].answer, language, answer);
      }
      for (const term of new Set([...core, ...answer])) {
        this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
      }
      return { entry, core, answer };
    });
  }

  private collect(text: string, language: Language, into: Set<string>): void {
    for (const term of this.analyzer.indexTerms(text, language)) into.add(term);
    for (const word of toWords(text)) this.words[language].add(word.folded);
  }

  /** Inverse document frequency (BM25's form), highest for a term no entry has. */
  idf(term: string): number {
    const n = this.entries.length;
    const df = this.documentFrequency.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  has(term: string): boolean {
    return this.documentFrequency.has(term);
  }
}
