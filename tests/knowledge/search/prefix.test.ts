import fc from 'fast-check';
import { KnowledgeBase } from '../../../knowledge';
import { DEFAULT_KNOWLEDGE_DIR } from '../../../knowledge/paths';
import { CompletionIndex, type Completion } from '../../../knowledge/search/completions';

const kb = KnowledgeBase.fromDirectory(DEFAULT_KNOWLEDGE_DIR);
const prefix = (q: string) => kb.search(q, { mode: 'prefix' });
const first = (q: string) => prefix(q).hits[0]?.entry.id;

describe('CompletionIndex', () => {
  const completion = (text: string, score: number): Completion => ({ text, keys: [text], score });

  it('gives the likeliest completions of a prefix, likeliest first, a word before its extensions on a tie', () => {
    const index = new CompletionIndex([
      completion('factures', 5),
      completion('facteur', 8),
      completion('facture', 5),
      completion('fast', 1),
      completion('banque', 9),
    ]);
    expect(index.best('fac', 10).map((c) => c.text)).toEqual(['facteur', 'facture', 'factures']);
    expect(index.best('fa', 2).map((c) => c.text)).toEqual(['facteur', 'facture']);
    expect(index.best('factu', 10).map((c) => c.text)).toEqual(['facture', 'factures']);
    expect(index.best('x', 10)).toEqual([]);
  });

  it('agrees with sorting every completion of the prefix (property, large vocabularies)', () => {
    const word = fc.stringMatching(/^[a-d]{1,6}$/);
    fc.assert(
      fc.property(fc.array(fc.tuple(word, fc.integer({ min: 0, max: 20 })), { maxLength: 300 }), word, fc.integer({ min: 1, max: 12 }), (pairs, typed, k) => {
        const byText = new Map<string, number>();
        for (const [text, score] of pairs) byText.set(text, Math.max(score, byText.get(text) ?? -1));
        const index = new CompletionIndex(pairs.map(([text, score]) => completion(text, score)));
        const expected = [...byText]
          .filter(([text]) => text.startsWith(typed))
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
          .slice(0, k)
          .map(([text]) => text);
        expect(index.best(typed, k).map((c) => c.text)).toEqual(expected);
      }),
    );
  });
});

describe('KnowledgeBase', () => {
  describe('search in prefix mode', () => {
    it('finds the invoice entries from the second letter of "factures", and keeps the same first result', () => {
      const typed = ['fa', 'fac', 'fact', 'factu', 'factur', 'facture'];
      const firsts = typed.map(first);
      expect(new Set(firsts)).toEqual(new Set([firsts[0]]));
      for (const q of typed) {
        expect(prefix(q).hits.slice(0, 2).map((hit) => hit.entry.id).sort()).toEqual(['access-pos-invoices', 'payment-info']);
      }
    });

    it('matches word beginnings with or without their accents', () => {
      for (const q of ['préféren', 'preferen']) expect(first(q)).toBe('notifications-despite-disabled');
      for (const q of ['intég', 'integ']) expect(first(q)).toBe('csp-coupa-integration');
    });

    it('completes a synonym phrase in progress ("bon de com" is "bon de commande")', () => {
      const phrase = kb.search('bon de commande').hits.map((hit) => hit.entry.id);
      expect(prefix('bon de com').hits.map((hit) => hit.entry.id)).toEqual(phrase);
      expect(prefix('bon de').hits.map((hit) => hit.entry.id)).toEqual(phrase);
    });

    it('reads the words before the one in progress as a full search does', () => {
      expect(first('connecté à mon cli')).toBe('check-customer-connection');
      expect(prefix('empl').hits[0]?.entry.id).toBe('add-employee');
    });

    it('is never confident on a word in progress alone, which the next letter could change', () => {
      expect(kb.search('fact').confident).toBe(true);
      expect(prefix('fact').confident).toBe(false);
      expect(prefix('facture').confident).toBe(false);
      expect(kb.search('facture').confident).toBe(true);
    });

    it('is confident when the words before the one in progress hold the answer whatever it becomes', () => {
      expect(prefix('comment ouvrir un ticket chez').confident).toBe(false);
      const response = prefix('comment ouvrir un ticket chez coupa pou');
      expect(response.confident).toBe(true);
      expect(response.hits[0]?.entry.id).toBe('contact-coupa-support');
    });

    it('treats a word followed by a space or punctuation as finished: a full search', () => {
      expect(prefix('fact').confident).toBe(false);
      for (const q of ['fact ', 'changer mon rib ?']) expect(prefix(q)).toEqual(kb.search(q));
    });
  });
});
