import { foldAccents, tokenize } from '../../../knowledge/text/normalize';
import { SynonymLexicon } from '../../../knowledge/text/synonyms';
import { stem } from '../../../knowledge/text/lunrLanguages';

describe('foldAccents', () => {
  it('removes diacritics so a word typed without accents still matches', () => {
    expect(foldAccents('désactivé à côté')).toBe('desactive a cote');
  });
});

describe('tokenize', () => {
  it('lower-cases, splits elisions and drops punctuation and markup', () => {
    expect(tokenize("L'onglet <b>Admin</b> !!")).toEqual(['l', 'onglet', 'b', 'admin', 'b']);
  });

  it('spells ligatures out', () => {
    expect(tokenize('Œuvre')).toEqual(['oeuvre']);
  });
});

describe('SynonymLexicon', () => {
  const lexicon = new SynonymLexicon([
    { concept: 'purchase-order', terms: ['bc', 'bon de commande', 'purchase order'] },
    { concept: 'customer', terms: ['client', 'customer'] },
  ]);

  it('finds the longest phrase first and reports the words it spans', () => {
    expect(lexicon.match(['mon', 'bon', 'de', 'commande', 'client'])).toEqual([
      { start: 1, length: 3, term: '#purchase-order' },
      { start: 4, length: 1, term: '#customer' },
    ]);
  });

  it('matches across languages', () => {
    expect(lexicon.match(['purchase', 'order']).map((m) => m.term)).toEqual(['#purchase-order']);
  });
});

describe('stem', () => {
  it('stems French and English words to shared roots within each language', () => {
    expect(stem('factures', 'fr')).toBe(stem('facture', 'fr'));
    expect(stem('invoices', 'en')).toBe(stem('invoice', 'en'));
  });
});
