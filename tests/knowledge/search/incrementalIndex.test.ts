import fs from 'node:fs';
import fc from 'fast-check';
import { KnowledgeBase } from '../../../knowledge/knowledgeBase';
import { loadKnowledgeData } from '../../../knowledge/loader';
import { DEFAULT_KNOWLEDGE_DIR, EVALUATION_SET } from '../../../knowledge/paths';
import type { FaqEntry, KnowledgeData } from '../../../knowledge/schema';
import type { SearchStrategy } from '../../../knowledge/search/types';

const base = loadKnowledgeData(DEFAULT_KNOWLEDGE_DIR);
const questions = (JSON.parse(fs.readFileSync(EVALUATION_SET, 'utf8')) as { q: string }[]).map(({ q }) => q);
/** Every 7th evaluation question, and words only an edit brings (new terms, new words). */
const sample = [...questions.filter((_, i) => i % 7 === 0), 'quokka ledger', 'wombat remittance invoice', 'facture quokka'];

/** What a search answers, to the last bit of every score. */
function answers(kb: KnowledgeBase, strategy: SearchStrategy = 'hybrid'): string[] {
  return sample.map((q) => {
    const response = kb.search(q, { strategy, top: 50 });
    return JSON.stringify([response.confident, response.ambiguous, response.hits.map((hit) => [hit.entry.id, hit.score])]);
  });
}

/** Unrounded scores of each ranker, as the index gives them: equal means equal sums. */
function rawScores(kb: KnowledgeBase): string[] {
  return sample.map((q) => {
    const lunr = kb.search(q, { strategy: 'lunr', top: 1000 }).hits.map((hit) => [hit.entry.id, hit.score]);
    return JSON.stringify(lunr.sort());
  });
}

/** An edit of a real entry: a phrasing added (with a word no entry has), its answer rewritten, or both. */
function edited(entry: FaqEntry, variant: number): FaqEntry {
  const en = { ...entry.en, phrasings: [...entry.en.phrasings, `quokka ledger ${variant}`] };
  const fr = variant % 2 === 0 ? entry.fr : { ...entry.fr, answer: `${entry.fr.answer} Voir la facture quokka.` };
  return { ...entry, en, fr };
}

/** A new entry made from a real one's texts under a new id. */
function added(entry: FaqEntry, variant: number): FaqEntry {
  return { ...entry, id: `${entry.id}-copy-${variant}`, related: [], en: { ...entry.en, question: `wombat remittance ${variant}` } };
}

type Edit = { kind: 'edit' | 'add' | 'remove'; entry: number; variant: number };

function apply(entries: FaqEntry[], edit: Edit): FaqEntry[] {
  const source = entries[edit.entry % entries.length]!;
  switch (edit.kind) {
    case 'edit':
      return entries.map((entry) => (entry === source ? edited(entry, edit.variant) : entry));
    case 'add':
      return [...entries, added(source, edit.variant)].filter((e, i, all) => all.findIndex((o) => o.id === e.id) === i);
    case 'remove':
      // Related ids must stay valid for the editor, not for the index: any entry may go.
      return entries.length > 2 ? entries.filter((entry) => entry !== source) : entries;
  }
}

const withEntries = (entries: FaqEntry[]): KnowledgeData => ({ ...base, entries });

describe('KnowledgeBase.withData (an edit of the index)', () => {
  it('answers every query exactly as a knowledge base built from scratch, after any sequence of edits', () => {
    const edit = fc.record({
      kind: fc.constantFrom<Edit['kind']>('edit', 'add', 'remove'),
      entry: fc.nat(1000),
      variant: fc.nat(5),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        let entries = [...base.entries];
        let kb = new KnowledgeBase(withEntries(entries), { searchCacheSize: 0 });
        for (const change of edits) {
          entries = apply(entries, change);
          kb = kb.withData(withEntries(entries), { searchCacheSize: 0 });
        }
        const scratch = new KnowledgeBase(withEntries(entries), { searchCacheSize: 0 });
        expect(answers(kb)).toEqual(answers(scratch));
        expect(rawScores(kb)).toEqual(rawScores(scratch));
      }),
      { numRuns: 25 },
    );
  });

  it('leaves the knowledge base it came from answering as before (readers keep theirs)', () => {
    const before = new KnowledgeBase(base, { searchCacheSize: 0 });
    const answered = answers(before);
    const after = before.withData(withEntries(apply([...base.entries], { kind: 'edit', entry: 3, variant: 1 })));
    expect(answers(before)).toEqual(answered);
    expect(after.search('quokka ledger').hits[0]!.entry.id).toBe(base.entries[3]!.id);
    expect(before.search('quokka ledger').hits).toEqual([]);
  });

  it('puts only the edited entry through the text pipeline, keeping every other analysis', () => {
    const before = new KnowledgeBase(base);
    const entries = apply([...base.entries], { kind: 'edit', entry: 5, variant: 2 });
    const data = withEntries(entries);
    expect(before.entriesToAnalyze(data)).toBe(1);
    const after = before.withData(data);
    const kept = after.index.analyses.filter((analysis, i) => analysis === before.index.analyses[i]);
    expect(kept).toHaveLength(base.entries.length - 1);
    expect(after.index.analyses[5]).not.toBe(before.index.analyses[5]);
  });

  it('analyzes everything again when the synonyms change', () => {
    const before = new KnowledgeBase(base);
    const data = { ...base, synonyms: base.synonyms.slice(1) };
    expect(before.entriesToAnalyze(data)).toBe(base.entries.length);
    const after = before.withData(data);
    expect(after.index.analyses.some((analysis, i) => analysis === before.index.analyses[i])).toBe(false);
    expect(answers(after)).toEqual(answers(new KnowledgeBase(data, { searchCacheSize: 0 })));
  });
});
