import { InformalWriting, type KnownWords } from '../../../knowledge/text/informal';
import { toWords } from '../../../knowledge/text/normalize';

/** A tiny vocabulary: "onglet" and "factures" are topics; "ai", "le" and "vois" mean something but say no topic. */
const vocabulary: KnownWords = {
  isKnown: (word) => ['onglet', 'factures', 'ai', 'le', 'vois', 'est', 'test'].includes(word),
  isTopic: (word) => ['onglet', 'factures', 'test'].includes(word),
};
const reader = new InformalWriting({ fr: { pk: 'pourquoi', tjrs: 'toujours' }, en: { thru: 'through', cant: 'can t' } }, vocabulary);
const read = (text: string) => reader.rewrite(toWords(text)).map((word) => word.folded);

describe('InformalWriting', () => {
  it('writes chat and SMS spellings out, in either language', () => {
    expect(read('pk tjrs rien')).toEqual(['pourquoi', 'toujours', 'rien']);
    expect(read('I cant log in thru SSO')).toEqual(['i', 'can', 't', 'log', 'in', 'through', 'sso']);
  });

  it('lets go of letters held down, keeping two as some words have', () => {
    expect(read('heeeelp')).toEqual(['heelp']);
    expect(read('factuuuuures')).toEqual(['factuures']);
  });

  it('unglues an elided article from a word the knowledge base is about', () => {
    expect(read('longlet')).toEqual(['l', 'onglet']);
    expect(read('donglet')).toEqual(['d', 'onglet']);
  });

  it('unglues "j" from any word it knows, as chat writes "jai" and "jvois"', () => {
    expect(read('jai jvois')).toEqual(['j', 'ai', 'j', 'vois']);
  });

  it('never splits a word it knows, nor glues an article to a word that is no topic', () => {
    expect(read('test')).toEqual(['test']);
    expect(read('lest')).toEqual(['lest']);
    // French elides before a vowel only: "lfactures" is no "l'factures".
    expect(read('lfactures')).toEqual(['lfactures']);
  });
});
