import { groupSimilarQuestions, jaccard, questionTerms } from '../../../bot/analytics/grouping';
import { loadKnowledgeData } from '../../../knowledge';
import { DEFAULT_KNOWLEDGE_DIR } from '../../../knowledge/paths';

const terms = questionTerms(loadKnowledgeData(DEFAULT_KNOWLEDGE_DIR));
const asked = (...texts: string[]) => texts.map((text) => ({ text, count: 1 }));

describe('questionTerms', () => {
  it('gives the same terms to a question typed with or without accents, articles and punctuation', () => {
    expect([...terms("où est l'onglet de mon client ?")].sort()).toEqual([...terms('ou est mon onglet client')].sort());
  });

  it('has no terms for a question made only of stop words', () => {
    expect(terms('est-ce que ?').size).toBe(0);
  });
});

describe('jaccard', () => {
  it('is shared terms over all terms', () => {
    expect(jaccard(new Set(['a', 'b']), new Set(['a', 'b', 'c']))).toBeCloseTo(2 / 3);
    expect(jaccard(new Set(['a']), new Set(['b']))).toBe(0);
  });
});

describe('groupSimilarQuestions', () => {
  it('groups near-duplicate unanswered questions and keeps an unrelated one apart', () => {
    const groups = groupSimilarQuestions(
      asked('ou est mon onglet client', "où est l'onglet de mon client ?", 'onglet client introuvable', 'météo demain'),
      terms,
    );
    expect(groups).toEqual([
      {
        representative: 'ou est mon onglet client',
        count: 3,
        questions: [
          { text: 'ou est mon onglet client', count: 1 },
          { text: 'onglet client introuvable', count: 1 },
          { text: "où est l'onglet de mon client ?", count: 1 },
        ],
      },
      { representative: 'météo demain', count: 1, questions: [{ text: 'météo demain', count: 1 }] },
    ]);
  });

  it('puts the biggest group first and represents it by its most asked phrasing', () => {
    const groups = groupSimilarQuestions(
      [
        ...asked('météo demain'),
        { text: 'quel temps demain', count: 1 },
        { text: 'Onglet client introuvable', count: 2 },
        { text: 'onglet client introuvable', count: 2 },
        { text: 'mon onglet client a disparu', count: 1 },
      ],
      terms,
    );
    expect(groups.map((g) => [g.representative, g.count])).toEqual([
      ['Onglet client introuvable', 5],
      ['météo demain', 1],
      ['quel temps demain', 1],
    ]);
  });

  it('groups questions with no meaningful word only with the same text', () => {
    const groups = groupSimilarQuestions(asked('???', '???', 'hello ?'), terms);
    expect(groups.map((g) => [g.representative, g.count])).toEqual([
      ['???', 2],
      ['hello ?', 1],
    ]);
  });
});
