import { loadKnowledgeData } from '../../../knowledge/loader';
import { DEFAULT_KNOWLEDGE_DIR } from '../../../knowledge/paths';
import { Corpus } from '../../../knowledge/search/corpus';
import { TypoCorrector, typingDistance } from '../../../knowledge/search/typos';
import { TextAnalyzer } from '../../../knowledge/text/analyzer';
import { SynonymLexicon } from '../../../knowledge/text/synonyms';

const data = loadKnowledgeData(DEFAULT_KNOWLEDGE_DIR);
const lexicon = new SynonymLexicon(data.synonyms);
const corpus = new Corpus(data.entries, new TextAnalyzer(lexicon, data.fillers));
const typos = new TypoCorrector(corpus, lexicon.words);

describe('typingDistance', () => {
  it('counts a swap of neighbouring letters as one edit', () => {
    expect(typingDistance('pyas', 'pays')).toBe(1);
    expect(typingDistance('enabel', 'enable')).toBe(1);
    expect(typingDistance('facture', 'factures')).toBe(1);
  });
});

describe('TypoCorrector', () => {
  it('mends swapped letters that plain Levenshtein counts as two edits', () => {
    expect(typos.correct('pyas')).toBe('pays');
    expect(typos.correct('enabel')).toBe('enable');
    expect(typos.correct('contcat')).toBe('contact');
  });

  it('mends a swap of the first two letters, which the same-first-letter rule used to miss', () => {
    expect(typos.correct('ocntact')).toBe('contact');
  });

  it('mends a word under five letters only by a swap', () => {
    expect(typos.correct('pya')).toBe('pay');
    expect(typos.correct('pxy')).toBeUndefined();
    // "auto" is one edit from "auth", and a word of its own.
    expect(typos.correct('auto')).toBeUndefined();
  });

  it('mends to words of the synonyms that no entry uses', () => {
    expect(typos.correct('tuotriels')).toMatch(/^tutoriel/);
  });

  it('never mends a word into a stop word, which would say nothing', () => {
    const mended = typos.correct('pyas');
    expect(mended).not.toBe('pas');
  });
});
