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
    arrays: IndexArrays = deriveArrays(analyses, terms.size, wordVocabulary),
  ) {
    this.documentFrequency = arrays.documentFrequency;
    this.core = new PostingLists(...arrays.core);
    this.answer = new PostingLists(...arrays.answer);
    this.phrasings = new PostingLists(...arrays.phrasings);
    this.entryOfPhrasing = arrays.entryOfPhrasing;
    this.phrasingWeight = arrays.phrasingWeight;
    this.coreLength = arrays.coreLength;
    this.answerLength = arrays.answerLength;
    this.words = { fr: new Set(arrays.words.fr), en: new Set(arrays.words.en) };
  }

  /** Inverse document frequency (BM25's form), highest for a term no entry has. */
  idf(term: number): number {
    return idf(this.entries.length, this.documentFrequency, term);
  }

  /** The term's number when an entry of this index holds it, else -1. */
  termNumber(term: string): number {
    const number = this.terms.find(term);
    return number >= 0 && number < this.documentFrequency.length && this.documentFrequency[number]! > 0 ? number : -1;
  }

  /** The derived arrays, to send to another thread (their buffers can be transferred). */
  arrays(): IndexArrays {
    const lists = (p: PostingLists): PostingArrays => [p.starts, p.items, p.counts];
    return {
      documentFrequency: this.documentFrequency,
      core: lists(this.core),
      answer: lists(this.answer),
      phrasings: lists(this.phrasings),
      entryOfPhrasing: this.entryOfPhrasing,
      phrasingWeight: this.phrasingWeight,
      coreLength: this.coreLength,
      answerLength: this.answerLength,
      words: { fr: [...this.words.fr], en: [...this.words.en] },
    };
  }
}

type PostingArrays = [starts: Int32Array, items: Int32Array, counts: Int32Array];

/** What a SearchIndex derives from its entries' analyses: typed arrays and word lists, all cloneable. */
export interface IndexArrays {
  readonly documentFrequency: Int32Array;
  readonly core: PostingArrays;
  readonly answer: PostingArrays;
  readonly phrasings: PostingArrays;
  readonly entryOfPhrasing: Int32Array;
  readonly phrasingWeight: Float64Array;
  readonly coreLength: Int32Array;
  readonly answerLength: Int32Array;
  readonly words: Record<Language, readonly string[]>;
}

function idf(n: number, documentFrequency: Int32Array, term: number): number {
  const df = term >= 0 && term < documentFrequency.length ? documentFrequency[term]! : 0;
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** Derives the postings, frequencies and word lists from the entries' analyses (integer work only). */
function deriveArrays(analyses: readonly EntryTerms[], termCount: number, wordVocabulary: Vocabulary): IndexArrays {
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
  return {
    documentFrequency,
    core: [core.starts, core.items, core.counts],
    answer: [answer.starts, answer.items, answer.counts],
    phrasings: [phrasings.starts, phrasings.items, phrasings.counts],
    entryOfPhrasing,
    phrasingWeight: weighPhrasings(analyses, phrasingCount, documentFrequency),
    coreLength,
    answerLength,
    words: { fr: wordsOf(analyses, wordVocabulary, 'fr'), en: wordsOf(analyses, wordVocabulary, 'en') },
  };
}

/** Sums each phrasing's term IDFs in the phrasing's order, as `[...terms].reduce` did. */
function weighPhrasings(analyses: readonly EntryTerms[], phrasingCount: number, documentFrequency: Int32Array): Float64Array {
  const idfs = new Float64Array(documentFrequency.length).fill(-1);
  const weights = new Float64Array(phrasingCount);
  let phrasing = 0;
  for (const analysis of analyses) {
    const { data } = analysis;
    const endsAt = analysis.phrasingEndsAt;
    const termsAt = analysis.phrasingTermsAt;
    let from = termsAt;
    for (let p = 0, count = analysis.phrasingCount; p < count; p++, phrasing++) {
      const to = termsAt + data[endsAt + p]!;
      let weight = 0;
      for (let i = from; i < to; i++) {
        const term = data[i]!;
        if (idfs[term]! < 0) idfs[term] = idf(analyses.length, documentFrequency, term);
        weight += idfs[term]!;
      }
      weights[phrasing] = weight;
      from = to;
    }
  }
  return weights;
}

/** The distinct words of one language, in first-seen order. */
function wordsOf(analyses: readonly EntryTerms[], wordVocabulary: Vocabulary, language: Language): string[] {
  const seen = new Uint8Array(wordVocabulary.size);
  const words: string[] = [];
  for (const analysis of analyses) {
    const [start, count] = analysis.wordsAt(language);
    for (let i = start; i < start + count; i++) {
      const word = analysis.data[i]!;
      if (seen[word]) continue;
      seen[word] = 1;
      words.push(wordVocabulary.string(word));
    }
  }
  return words;
}
