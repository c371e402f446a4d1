/**
 * The search engines the scale benchmark compares, behind one small interface, so the
 * measurements never reach into an engine's internals: ours through its public API
 * (`KnowledgeBase`, and the editor's publish path for edits), MiniSearch through its own.
 */
import MiniSearch from 'minisearch';
import { KnowledgeBase } from '../../knowledge/knowledgeBase';
import type { FaqEntry, KnowledgeData } from '../../knowledge/schema';
import { foldAccents } from '../../knowledge/text/normalize';

interface BuiltEngine {
  /** A property, not a method: the benchmark passes it around unbound. */
  search: (query: string) => unknown;
}

export interface Engine {
  readonly name: string;
  /**
   * Builds the index as a live server would. A promise, so an engine that builds off the event
   * loop (a worker thread, or work cut into slices) shows it in the event-loop block figure.
   */
  build(data: KnowledgeData): Promise<BuiltEngine>;
}

/**
 * Ours, with the response cache off (the timed rounds repeat queries: this measures the search).
 * Today's constructor builds synchronously; when the engine gains an asynchronous build, this is
 * the one line to change.
 */
const ourEngine: Engine = {
  name: 'ours (hybrid)',
  build: async (data) => {
    const kb = new KnowledgeBase(data, { searchCacheSize: 0 });
    return { search: (query) => kb.search(query) };
  },
};

/** What MiniSearch indexes of an entry: the same texts as ours, in two fields (questions count more, as ours counts the answer at half). */
export function miniSearchDocument(entry: FaqEntry): { id: string; questions: string; answer: string } {
  return {
    id: entry.id,
    questions: [entry.fr.question, ...entry.fr.phrasings, entry.en.question, ...entry.en.phrasings].join('\n'),
    answer: `${entry.fr.answer}\n${entry.en.answer}`,
  };
}

/**
 * MiniSearch 7.2.0 configured for an exact comparison: its own tokenizer, terms lower-cased and
 * accent-folded (as ours folds them), no prefix or fuzzy matching (ours mends typos before
 * ranking, not by fuzzy search), questions boosted 2 against the answer.
 */
export function miniSearchIndex(): MiniSearch<ReturnType<typeof miniSearchDocument>> {
  return new MiniSearch({
    fields: ['questions', 'answer'],
    processTerm: (term) => foldAccents(term.toLowerCase()),
    searchOptions: { prefix: false, fuzzy: false, boost: { questions: 2 } },
  });
}

const miniSearchEngine: Engine = {
  name: 'MiniSearch',
  build: async (data) => {
    const index = miniSearchIndex();
    index.addAll(data.entries.map(miniSearchDocument));
    return { search: (query) => index.search(query) };
  },
};

export const ENGINES: Readonly<Record<string, Engine>> = { ours: ourEngine, minisearch: miniSearchEngine };
