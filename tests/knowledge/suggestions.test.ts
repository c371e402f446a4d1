import fc from 'fast-check';
import { KnowledgeBase } from '../../knowledge/knowledgeBase';
import { loadKnowledgeData } from '../../knowledge/loader';
import { DEFAULT_KNOWLEDGE_DIR } from '../../knowledge/paths';

const data = loadKnowledgeData(DEFAULT_KNOWLEDGE_DIR);
const kb = new KnowledgeBase(data);
const ids = (query: string, base = kb) => base.search(query).suggestions.map((hit) => hit.entry.id);

// Questions from queries.json and the generalisation set's tuning part only (never held-out ones).
describe('KnowledgeBase', () => {
  describe('search › suggestions ("did you mean …?" band)', () => {
    it('offers the right entry for a question it is not sure enough to answer', () => {
      const response = kb.search('self help resources');
      expect(response.confident).toBe(false);
      expect(ids('self help resources')).toEqual(['help-resources']);
    });

    it('offers two entries at most, best first, when both score above the floor', () => {
      const response = kb.search('ajouter un client supplémentaire sur mon compte');
      expect(response.confident).toBe(false);
      expect(ids('ajouter un client supplémentaire sur mon compte')).toEqual(['connect-new-customer', 'add-employee']);
    });

    it('offers nothing when it is confident: the answer is given', () => {
      const response = kb.search('changer mon RIB');
      expect(response.confident).toBe(true);
      expect(response.suggestions).toEqual([]);
    });

    it('offers nothing for words no entry is about', () => {
      expect(ids('asdkjh qwe')).toEqual([]);
      expect(ids('recette de la tarte aux pommes')).toEqual([]);
    });

    it('takes the floor and the count from the options', () => {
      const query = 'ajouter un client supplémentaire sur mon compte';
      const [first, second] = kb.search(query).suggestions;
      expect(ids(query, new KnowledgeBase(data, { maxSuggestions: 1 }))).toEqual([first!.entry.id]);
      const between = (first!.score + second!.score) / 2;
      expect(ids(query, new KnowledgeBase(data, { suggestionFloor: between }))).toEqual([first!.entry.id]);
      expect(ids(query, new KnowledgeBase(data, { suggestionFloor: first!.score + 0.0001 }))).toEqual([]);
    });

    it('is only given by the hybrid ranking (the baselines score on other scales)', () => {
      expect(kb.search('self help resources', { strategy: 'lunr' }).suggestions).toEqual([]);
      expect(kb.search('self help resources', { strategy: 'fuse' }).suggestions).toEqual([]);
    });

    it('always holds the best non-confident hits above the floor, for any query', () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 80 }), (query) => {
          const response = kb.search(query);
          if (response.confident) return expect(response.suggestions).toEqual([]);
          const expected = response.hits.filter((hit) => hit.score >= 0.3).slice(0, 2);
          expect(response.suggestions).toEqual(expected);
        }),
        { numRuns: 200 },
      );
    });
  });
});
