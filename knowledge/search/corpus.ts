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

  /** How many entries hold the term (in their questions, phrasings or answers). */
  documentFrequency(term: string): number {
    const number = this.index.termNumber(term);
    return number < 0 ? 0 : this.index.documentFrequency[number]!;
  }

  /** Whether the entry at `position` holds the term in its questions or phrasings (its answer aside). */
  asks(position: number, term: string): boolean {
    const number = this.index.termNumber(term);
    if (number < 0) return false;
    const { core } = this.index;
    // A posting list holds its entries in ascending order: binary search.
    let low = core.start(number);
    let high = core.end(number) - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const entry = core.items[middle]!;
      if (entry === position) return true;
      if (entry < position) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }
}
