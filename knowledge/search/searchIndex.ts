import type { FaqEntry, Language } from '../schema';
import type { EntryTerms } from './entryTerms';
import { PostingLists, PostingListsBuilder } from './postings';
import type { Vocabulary } from './vocabulary';

/**
 * Everything the rankers read, derived from the entries' analyses (EntryTerms) by integer work
 * alone: term → entry postings of the questions (`core`) and of the answers, term → phrasing
 * postings, document frequencies, BM25's field lengths, and the words of each language.
 * Entries are numbered by their position in `entries`. Immutable once built. Deriving it again
 * from analyses already made is what an edit costs (the text pipeline is most of a build).
 */
export class SearchIndex {
  /** Entries holding each term in their questions or answers (the coverage and phrasing IDF). */
  readonly documentFrequency: Int32Array;
  readonly core: PostingLists;
  readonly answer: PostingLists;
  /** Term → phrasing postings; phrasings are numbered entry by entry, fr texts then en ones. */
  readonly phrasings: PostingLists;
  /** Per phrasing: its entry's number… */
  readonly entryOfPhrasing: Int32Array;
  /** …and the sum of its terms' IDF (the phrasing's side of the Dice coefficient). */
  readonly phrasingWeight: Float64Array;
  /** Terms per entry in its questions and phrasings, and in its answers, repeats included. */
  readonly coreLength: Int32Array;
  readonly answerLength: Int32Array;
  /** The folded words of each language, in first-seen order (typo correction, language detection). */
  readonly words: Record<Language, ReadonlySet<string>>;

  constructor(
    readonly entries: readonly FaqEntry[],
    readonly analyses: readonly EntryTerms[],
    readonly terms: Vocabulary,
    readonly wordVocabulary: Vocabulary,
  ) {
    const termCount = terms.size;
    const core = new PostingListsBuilder(termCount);
    const answer = new PostingListsBuilder(termCount);
    const phrasings = new PostingListsBuilder(termCount, false);
    let phrasingCount = 0;
    {
      const coreCount = core.starts;
      const answerCount = answer.starts;
      const phrasingTermCount = phrasings.starts;
      for (const analysis of analyses) {
        const { data } = analysis;
        const coreAt = analysis.coreAt;
        for (let i = coreAt, end = coreAt + analysis.coreSize; i < end; i++) coreCount[data[i]! + 1]!++;
        const answerAt = analysis.answerAt;
        for (let i = answerAt, end = answerAt + analysis.answerSize; i < end; i++) answerCount[data[i]! + 1]!++;
        const termsAt = analysis.phrasingTermsAt;
        const count = analysis.phrasingCount;
        const last = count > 0 ? data[termsAt - 1]! : 0;
        for (let i = termsAt, end = termsAt + last; i < end; i++) phrasingTermCount[data[i]! + 1]!++;
        phrasingCount += count;
      }
    }
    core.allocate();
    answer.allocate();
    phrasings.allocate();
    const entryOfPhrasing = new Int32Array(phrasingCount);
    const coreLength = new Int32Array(analyses.length);
    const answerLength = new Int32Array(analyses.length);
    const documentFrequency = new Int32Array(termCount);
    // The last entry that counted a term, so a term in both questions and answer counts once.
    const counted = new Int32Array(termCount).fill(-1);
    const { next: coreNext, items: coreItems, counts: coreCounts } = core;
    const { next: answerNext, items: answerItems, counts: answerCounts } = answer;
    const { next: phrasingNext, items: phrasingItems } = phrasings;
    let phrasing = 0;
    for (let entry = 0; entry < analyses.length; entry++) {
      const analysis = analyses[entry]!;
      const { data } = analysis;
      const coreAt = analysis.coreAt;
      const coreSize = analysis.coreSize;
      for (let i = coreAt, end = coreAt + coreSize; i < end; i++) {
        const term = data[i]!;
        const at = coreNext[term]!++;
        coreItems[at] = entry;
        coreCounts[at] = data[i + coreSize]!;
        counted[term] = entry;
        documentFrequency[term]!++;
      }
      const answerAt = analysis.answerAt;
      const answerSize = analysis.answerSize;
      for (let i = answerAt, end = answerAt + answerSize; i < end; i++) {
        const term = data[i]!;
        const at = answerNext[term]!++;
        answerItems[at] = entry;
        answerCounts[at] = data[i + answerSize]!;
        if (counted[term] === entry) continue;
        counted[term] = entry;
        documentFrequency[term]!++;
      }
      const endsAt = analysis.phrasingEndsAt;
      const termsAt = analysis.phrasingTermsAt;
      let from = termsAt;
      for (let p = 0, count = analysis.phrasingCount; p < count; p++, phrasing++) {
        const to = termsAt + data[endsAt + p]!;
        for (let i = from; i < to; i++) phrasingItems[phrasingNext[data[i]!]!++] = phrasing;
        entryOfPhrasing[phrasing] = entry;
        from = to;
      }
      coreLength[entry] = analysis.coreLength;
      answerLength[entry] = analysis.answerLength;
    }
    this.documentFrequency = documentFrequency;
    this.entryOfPhrasing = entryOfPhrasing;
    this.coreLength = coreLength;
    this.answerLength = answerLength;
    this.core = core.build();
    this.answer = answer.build();
    this.phrasings = phrasings.build();
    this.phrasingWeight = this.weighPhrasings(phrasingCount);
    this.words = { fr: this.wordsOf('fr'), en: this.wordsOf('en') };
  }

  /** Inverse document frequency (BM25's form), highest for a term no entry has. */
  idf(term: number): number {
    const n = this.entries.length;
    const df = term >= 0 && term < this.documentFrequency.length ? this.documentFrequency[term]! : 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** The term's number when an entry of this index holds it, else -1. */
  termNumber(term: string): number {
    const number = this.terms.find(term);
    return number >= 0 && number < this.documentFrequency.length && this.documentFrequency[number]! > 0 ? number : -1;
  }

  /** Sums each phrasing's term IDFs in the phrasing's order, as `[...terms].reduce` did. */
  private weighPhrasings(phrasingCount: number): Float64Array {
    const idf = new Float64Array(this.documentFrequency.length).fill(-1);
    const weights = new Float64Array(phrasingCount);
    let phrasing = 0;
    for (const analysis of this.analyses) {
      const { data } = analysis;
      const endsAt = analysis.phrasingEndsAt;
      const termsAt = analysis.phrasingTermsAt;
      let from = termsAt;
      for (let p = 0, count = analysis.phrasingCount; p < count; p++, phrasing++) {
        const to = termsAt + data[endsAt + p]!;
        let weight = 0;
        for (let i = from; i < to; i++) {
          const term = data[i]!;
          if (idf[term]! < 0) idf[term] = this.idf(term);
          weight += idf[term]!;
        }
        weights[phrasing] = weight;
        from = to;
      }
    }
    return weights;
  }

  private wordsOf(language: Language): ReadonlySet<string> {
    const seen = new Uint8Array(this.wordVocabulary.size);
    const words = new Set<string>();
    for (const analysis of this.analyses) {
      const [start, count] = analysis.wordsAt(language);
      for (let i = start; i < start + count; i++) {
        const word = analysis.data[i]!;
        if (seen[word]) continue;
        seen[word] = 1;
        words.add(this.wordVocabulary.string(word));
      }
    }
    return words;
  }
}
