import type { FaqEntry, KnowledgeData } from '../schema';
import { TextAnalyzer } from '../text/analyzer';
import { SynonymLexicon } from '../text/synonyms';
import { EntryTerms } from './entryTerms';
import { buildIndex } from './indexBuilder';
import { SearchIndex, type IndexArrays } from './searchIndex';
import { Vocabulary } from './vocabulary';

/** What a knowledge base's index is built from: its entries, synonyms and fillers. */
export type IndexSource = Pick<KnowledgeData, 'entries' | 'synonyms' | 'fillers'>;

/**
 * A SearchIndex as plain data that a worker thread sends to the main one: the vocabularies as
 * string lists, every entry's analysis in one Int32Array, and the derived arrays. Its typed
 * arrays' buffers are transferred, not copied; the entries themselves stay on the main thread.
 */
export interface IndexSnapshot {
  readonly terms: readonly string[];
  readonly words: readonly string[];
  /** The analyses one after another; entry i's ends at `analysisEnds[i]`. */
  readonly analyses: Int32Array;
  readonly analysisEnds: Int32Array;
  readonly arrays: IndexArrays;
}

/** Builds the index of `source` (in a worker thread: the text pipeline is most of the work). */
export function buildSnapshot(source: IndexSource): IndexSnapshot {
  const analyzer = new TextAnalyzer(new SynonymLexicon(source.synonyms), source.fillers);
  return snapshotOf(buildIndex(source.entries, analyzer));
}

function snapshotOf(index: SearchIndex): IndexSnapshot {
  const analysisEnds = new Int32Array(index.analyses.length);
  let length = 0;
  index.analyses.forEach((analysis, i) => (analysisEnds[i] = length += analysis.data.length));
  const analyses = new Int32Array(length);
  index.analyses.forEach((analysis, i) => analyses.set(analysis.data, analysisEnds[i]! - analysis.data.length));
  return { terms: index.terms.list(), words: index.wordVocabulary.list(), analyses, analysisEnds, arrays: index.arrays() };
}

/** The buffers of a snapshot's typed arrays, to transfer with it. */
export function transferList(snapshot: IndexSnapshot): ArrayBuffer[] {
  const { arrays } = snapshot;
  const typed = [
    snapshot.analyses,
    snapshot.analysisEnds,
    arrays.documentFrequency,
    ...arrays.core,
    ...arrays.answer,
    ...arrays.phrasings,
    arrays.entryOfPhrasing,
    arrays.phrasingWeight,
    arrays.coreLength,
    arrays.answerLength,
  ];
  return [...new Set(typed.map((array) => array.buffer as ArrayBuffer))];
}

/**
 * The SearchIndex of a snapshot built from `entries` (in the same order): no text analysis and
 * no derivation, only the vocabularies' maps and a view per entry's analysis.
 */
export function adoptSnapshot(entries: readonly FaqEntry[], snapshot: IndexSnapshot): SearchIndex {
  if (snapshot.analysisEnds.length !== entries.length) {
    throw new Error(`knowledge: an index snapshot of ${snapshot.analysisEnds.length} entries cannot serve ${entries.length}`);
  }
  let start = 0;
  const analyses = Array.from(snapshot.analysisEnds, (end) => new EntryTerms(snapshot.analyses.subarray(start, (start = end))));
  return new SearchIndex(entries, analyses, Vocabulary.of(snapshot.terms), Vocabulary.of(snapshot.words), snapshot.arrays);
}
