import type { FaqEntry } from '../schema';
import type { TextAnalyzer } from '../text/analyzer';
import { analyzeEntry, type EntryTerms } from './entryTerms';
import { SearchIndex } from './searchIndex';
import { Vocabulary } from './vocabulary';

/** Whether two versions of an entry give the text pipeline the same texts (the rest is not indexed). */
export function sameTexts(a: FaqEntry, b: FaqEntry): boolean {
  if (a === b) return true;
  for (const language of ['fr', 'en'] as const) {
    const x = a[language];
    const y = b[language];
    if (x.question !== y.question || x.answer !== y.answer || x.phrasings.length !== y.phrasings.length) return false;
    for (let i = 0; i < x.phrasings.length; i++) if (x.phrasings[i] !== y.phrasings[i]) return false;
  }
  return true;
}

/**
 * Builds the search index of `entries`. With `previous` (an index built with the same text
 * pipeline), entries whose texts it already analyzed keep their analysis and only new or edited
 * ones go through the pipeline: an edit costs one entry's analysis and the integer work of
 * deriving the postings again, not a rebuild. The vocabularies are shared (they only grow).
 */
export function buildIndex(entries: readonly FaqEntry[], analyzer: TextAnalyzer, previous?: SearchIndex): SearchIndex {
  const terms = previous?.terms ?? new Vocabulary();
  const words = previous?.wordVocabulary ?? new Vocabulary();
  const known = new Map<string, number>();
  previous?.entries.forEach((entry, i) => known.set(entry.id, i));
  const analyses: EntryTerms[] = entries.map((entry) => {
    const i = known.get(entry.id);
    if (previous && i !== undefined && sameTexts(previous.entries[i]!, entry)) return previous.analyses[i]!;
    return analyzeEntry(entry, analyzer, terms, words);
  });
  return new SearchIndex(entries, analyses, terms, words);
}
