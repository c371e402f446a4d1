import type { FaqEntry, Language } from '../schema';
import type { TextAnalyzer } from '../text/analyzer';
import { buildIndex } from './indexBuilder';
import type { SearchIndex } from './searchIndex';

export { askedTexts } from './entryTerms';

/** An entry of the corpus (its index terms are in the SearchIndex, as numbers). */
export interface IndexedEntry {
  readonly entry: FaqEntry;
}

/**
 * The analyzed knowledge base every ranker reads: the search index (postings, document
 * frequencies) and the folded words of each language (for typos and language detection),
 * with the text pipeline that made them, which queries go through too.
 */
export class Corpus {
  readonly entries: readonly IndexedEntry[];
  readonly words: Record<Language, ReadonlySet<string>>;
  readonly index: SearchIndex;

  /** Analyzes `entries`, unless given the `index` already built from them with this analyzer. */
  constructor(
    entries: readonly FaqEntry[],
    readonly analyzer: TextAnalyzer,
    index?: SearchIndex,
  ) {
    this.index = index ?? buildIndex(entries, analyzer);
    this.entries = this.index.entries.map((entry) => ({ entry }));
    this.words = this.index.words;
  }

  /** Inverse document frequency (BM25's form), highest for a term no entry has. */
  idf(term: string): number {
    return this.index.idf(this.index.termNumber(term));
  }

  has(term: string): boolean {
    return this.index.termNumber(term) >= 0;
  }
}
