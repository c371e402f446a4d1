import { KnowledgeBase } from '../../../knowledge/knowledgeBase';
import { loadKnowledgeData } from '../../../knowledge/loader';
import { DEFAULT_KNOWLEDGE_DIR } from '../../../knowledge/paths';
import { buildIndexInWorker } from '../../../knowledge/search/buildInWorker';
import { buildIndex } from '../../../knowledge/search/indexBuilder';
import { TextAnalyzer } from '../../../knowledge/text/analyzer';
import { SynonymLexicon } from '../../../knowledge/text/synonyms';
import { generatedKnowledge } from '../../../bench/generated/generatedKnowledge';

/** The value with every typed array as a plain array. */
function plain(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

const base = loadKnowledgeData(DEFAULT_KNOWLEDGE_DIR);
const data = generatedKnowledge(base, { entries: 60 });

describe('buildIndexInWorker', () => {
  it('builds, in a worker thread, the very index built on this thread', async () => {
    const inWorker = await buildIndexInWorker(data);
    const here = buildIndex(data.entries, new TextAnalyzer(new SynonymLexicon(data.synonyms), data.fillers));
    expect(inWorker.entries).toBe(data.entries);
    expect(inWorker.terms.list()).toEqual(here.terms.list());
    expect(inWorker.wordVocabulary.list()).toEqual(here.wordVocabulary.list());
    expect(inWorker.analyses.map((a) => [...a.data])).toEqual(here.analyses.map((a) => [...a.data]));
    // Typed arrays from the worker belong to Node's realm, not jest's: compared as plain arrays.
    expect(plain(inWorker.arrays())).toEqual(plain(here.arrays()));
  });

  it('gives a knowledge base that answers as one built on this thread', async () => {
    const inWorker = await KnowledgeBase.buildInWorker(base, { searchCacheSize: 0 });
    const here = new KnowledgeBase(base, { searchCacheSize: 0 });
    for (const q of ['how do I change my IBAN', 'facture en attente', 'quokka']) {
      expect(inWorker.search(q, { top: 20 })).toEqual(here.search(q, { top: 20 }));
    }
  });

  it('leaves the event loop turning while the worker analyzes (built on this thread, it would not turn once)', async () => {
    let turns = 0;
    let building = true;
    const turn = () => {
      turns++;
      if (building) setImmediate(turn);
    };
    setImmediate(turn);
    await buildIndexInWorker(generatedKnowledge(base, { entries: 400 }));
    building = false;
    expect(turns).toBeGreaterThan(0);
  });
});
