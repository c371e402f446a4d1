import { LANGUAGES, type FaqEntry, type Language } from '../schema';
import type { TextAnalyzer } from '../text/analyzer';
import { toWords } from '../text/normalize';
import type { Vocabulary } from './vocabulary';

/** The texts an entry is searched by in one language: its question, then its phrasings. */
export function askedTexts(entry: FaqEntry, language: Language): string[] {
  return [entry[language].question, ...entry[language].phrasings];
}

const HEADER = 8;

/**
 * What the text pipeline makes of one entry, as numbers of a term and a word vocabulary, packed
 * in one Int32Array so 10,000 entries are 10,000 small arrays (and one buffer from a worker):
 * - `core`: its questions' and phrasings' terms, each once in first-seen order, with its count
 *   and the field's length in terms (lunr's `core` field); `answer`: the same for its answers;
 * - `phrasings`: each question and phrasing's distinct terms, fr texts then en ones;
 * - `words`: the distinct folded words of its fr texts and of its en texts (typos, language).
 * It depends only on the entry and the pipeline, so an edit re-analyzes only the entries it changed.
 * Layout: an 8-number header (counts and lengths below), then the sections in this order.
 */
export class EntryTerms {
  constructor(readonly data: Int32Array) {}

  get coreSize(): number {
    return this.data[0]!;
  }
  get answerSize(): number {
    return this.data[1]!;
  }
  get phrasingCount(): number {
    return this.data[2]!;
  }
  private get phrasingTermCount(): number {
    return this.data[3]!;
  }
  /** Terms in the questions and phrasings, repeats included (BM25's field length). */
  get coreLength(): number {
    return this.data[6]!;
  }
  get answerLength(): number {
    return this.data[7]!;
  }

  /** Where the core terms start; their counts follow them. */
  get coreAt(): number {
    return HEADER;
  }
  get answerAt(): number {
    return HEADER + 2 * this.coreSize;
  }
  /** Where the phrasings' end offsets start (relative to `phrasingTermsAt`). */
  get phrasingEndsAt(): number {
    return this.answerAt + 2 * this.answerSize;
  }
  get phrasingTermsAt(): number {
    return this.phrasingEndsAt + this.phrasingCount;
  }

  /** Where one language's words start, and how many there are. */
  wordsAt(language: Language): [start: number, count: number] {
    const frAt = this.phrasingTermsAt + this.phrasingTermCount;
    return language === 'fr' ? [frAt, this.data[4]!] : [frAt + this.data[4]!, this.data[5]!];
  }
}

/** Counts each term of a field once, in first-seen order, with its repeats. */
class FieldTerms {
  readonly order: number[] = [];
  readonly counts = new Map<number, number>();
  length = 0;

  add(term: number): void {
    const count = this.counts.get(term);
    if (count === undefined) this.order.push(term);
    this.counts.set(term, (count ?? 0) + 1);
    this.length++;
  }

  pushTo(out: number[]): void {
    out.push(...this.order, ...this.order.map((term) => this.counts.get(term)!));
  }
}

/** Runs the text pipeline on an entry's texts once and numbers what it finds. */
export function analyzeEntry(entry: FaqEntry, analyzer: TextAnalyzer, terms: Vocabulary, words: Vocabulary): EntryTerms {
  const core = new FieldTerms();
  const answer = new FieldTerms();
  const phrasingEnds: number[] = [];
  const phrasingTerms: number[] = [];
  const languageWords: Record<Language, Set<number>> = { fr: new Set(), en: new Set() };
  for (const language of LANGUAGES) {
    for (const text of askedTexts(entry, language)) {
      const distinct = new Set<number>();
      for (const term of analyzer.indexTerms(text, language)) {
        const number = terms.intern(term);
        core.add(number);
        distinct.add(number);
      }
      phrasingTerms.push(...distinct);
      phrasingEnds.push(phrasingTerms.length);
      for (const word of toWords(text)) languageWords[language].add(words.intern(word.folded));
    }
  }
  for (const language of LANGUAGES) {
    const text = entry[language].answer;
    for (const term of analyzer.indexTerms(text, language)) answer.add(terms.intern(term));
    for (const word of toWords(text)) languageWords[language].add(words.intern(word.folded));
  }
  const header = [
    core.order.length,
    answer.order.length,
    phrasingEnds.length,
    phrasingTerms.length,
    languageWords.fr.size,
    languageWords.en.size,
    core.length,
    answer.length,
  ];
  const out: number[] = header;
  core.pushTo(out);
  answer.pushTo(out);
  out.push(...phrasingEnds, ...phrasingTerms, ...languageWords.fr, ...languageWords.en);
  return new EntryTerms(Int32Array.from(out));
}
