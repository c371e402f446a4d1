import fc from 'fast-check';
import { KnowledgeBase, MAX_CACHED_QUERY_LENGTH } from '../../knowledge/knowledgeBase';
import { loadKnowledgeData } from '../../knowledge/loader';
import { DEFAULT_KNOWLEDGE_DIR } from '../../knowledge/paths';

const kb = KnowledgeBase.fromDirectory(DEFAULT_KNOWLEDGE_DIR);
const best = (query: string) => kb.search(query).hits[0]?.entry.id;

describe('KnowledgeBase', () => {
  describe('search', () => {
    it('answers "changer mon RIB" with the banking entry, confidently, in French', () => {
      const response = kb.search('changer mon RIB');
      expect(response.hits[0]?.entry.id).toBe('update-banking-info');
      expect(response.confident).toBe(true);
      expect(response.lang).toBe('fr');
    });

    it('finds the French-seeded entry for an English question and answers in English', () => {
      const response = kb.search('how do I turn off two-factor authentication');
      expect(response.hits[0]?.entry.id).toBe('2fa-disable');
      expect(response.lang).toBe('en');
      expect(kb.localize(response.hits[0]!.entry, response.lang).answer).toMatch(/two-factor/i);
    });

    it('forgives typos and missing accents', () => {
      expect(best('desactiver l authentifcation a deux facteurs')).toBe('2fa-disable');
      expect(best('je ne vois pas mes facturs')).toBe('access-pos-invoices');
    });

    it('treats the domain synonyms as one concept (BC, bon de commande, PO)', () => {
      expect(best("pas d'accès aux BC")).toBe('access-pos-invoices');
      expect(best('no access to purchase orders')).toBe('access-pos-invoices');
    });

    it.each(['bonjour', 'merci beaucoup', 'quel temps fait-il demain', 'recette de la tarte aux pommes', 'asdkjh qwe'])(
      'is not confident about chit-chat and other topics: %s',
      (query) => expect(kb.search(query).confident).toBe(false),
    );

    it.each(['create a Netflix account', 'enable dark mode in Windows'])(
      'is not confident about near-misses that share words with an entry: %s',
      (query) => expect(kb.search(query).confident).toBe(false),
    );

    it('keeps every score in [0, 1], best first, and honours top', () => {
      const response = kb.search('client onglet invitation', { top: 3 });
      expect(response.hits.length).toBeLessThanOrEqual(3);
      const scores = response.hits.map((hit) => hit.score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
      for (const score of scores) {
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
      }
    });

    it('answers in the language asked for, whatever the query is written in', () => {
      const response = kb.search('changer mon RIB', { lang: 'en' });
      expect(response.lang).toBe('en');
    });

    it('returns a valid response for any string, never a throw', () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 200 }), (query) => {
          const response = kb.search(query);
          expect(['fr', 'en']).toContain(response.lang);
          expect(typeof response.confident).toBe('boolean');
          for (const hit of response.hits) expect(hit.score).toBeGreaterThanOrEqual(0);
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('search responses kept for questions asked again', () => {
    const data = loadKnowledgeData(DEFAULT_KNOWLEDGE_DIR);

    it('gives the same response for the same question and options, equal to a fresh search', () => {
      const cached = new KnowledgeBase(data);
      const first = cached.search('changer mon RIB', { top: 3 });
      expect(cached.search('changer mon RIB', { top: 3 })).toBe(first);
      expect(first).toEqual(new KnowledgeBase(data, { searchCacheSize: 0 }).search('changer mon RIB', { top: 3 }));
    });

    it('answers each language, hint, top and strategy on its own', () => {
      const cached = new KnowledgeBase(data);
      const fr = cached.search('changer mon RIB');
      expect(cached.search('changer mon RIB', { lang: 'en' }).lang).toBe('en');
      expect(cached.search('changer mon RIB', { top: 1 }).hits).toHaveLength(1);
      expect(cached.search('changer mon RIB', { strategy: 'lunr' })).not.toBe(fr);
      expect(cached.search('changer mon RIB', { langHint: 'en' })).not.toBe(fr);
      expect(cached.search('changer mon RIB ')).not.toBe(fr);
    });

    it('hands out frozen responses, so no caller can change what the next one gets', () => {
      const response = new KnowledgeBase(data).search('changer mon RIB');
      expect(Object.isFrozen(response)).toBe(true);
      expect(Object.isFrozen(response.hits)).toBe(true);
      expect(Object.isFrozen(response.hits[0])).toBe(true);
    });

    it('keeps at most searchCacheSize responses, dropping the least recently asked', () => {
      const small = new KnowledgeBase(data, { searchCacheSize: 2 });
      const rib = small.search('changer mon RIB');
      const tab = small.search('onglet client manquant');
      expect(small.search('changer mon RIB')).toBe(rib);
      small.search('désactiver la double authentification');
      expect(small.search('changer mon RIB')).toBe(rib);
      expect(small.search('onglet client manquant')).not.toBe(tab);
    });

    it('searches every time with searchCacheSize 0, and for queries longer than the cached length', () => {
      const uncached = new KnowledgeBase(data, { searchCacheSize: 0 });
      expect(uncached.search('changer mon RIB')).not.toBe(uncached.search('changer mon RIB'));
      const cached = new KnowledgeBase(data);
      const long = `changer mon RIB ${'x'.repeat(MAX_CACHED_QUERY_LENGTH)}`;
      expect(cached.search(long)).not.toBe(cached.search(long));
    });
  });

  describe('detectLanguage', () => {
    it.each([
      ['je ne vois pas mes factures', 'fr'],
      ['I cannot see my invoices', 'en'],
      ['où est mon onglet', 'fr'],
      ['where is my customer tab', 'en'],
    ] as const)('reads "%s" as %s', (text, lang) => expect(kb.detectLanguage(text)).toBe(lang));

    it('keeps the hint when a short text could be either language', () => {
      expect(kb.detectLanguage('2FA', 'en')).toBe('en');
      expect(kb.detectLanguage('2FA', 'fr')).toBe('fr');
    });
  });
});
