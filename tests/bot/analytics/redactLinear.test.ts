import fc from 'fast-check';
import { capText, EMAIL_PLACEHOLDER, MAX_REDACTED_TEXT, replaceEmails, stripContactDetails } from '../../../bot/analytics/redact';

/** The e-mail pattern redaction used before it was made linear: the reference for what is an address. */
const REFERENCE_EMAIL = /[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

describe('replaceEmails', () => {
  it('replaces exactly what the reference pattern replaces, on texts made of the characters that matter', () => {
    const piece = fc.constantFrom('a', 'b', 'é', '1', '.', '@', '-', '+', '_', "'", ' ', 'fr', 'com', '𝒶', ',');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        expect(replaceEmails(text)).toBe(text.replace(REFERENCE_EMAIL, EMAIL_PLACEHOLDER));
      }),
      { numRuns: 3000, seed: 13 },
    );
  });

  it.each([
    ['écrire à jean.dupont@fournisseur.fr ou à marie@exemple.co.uk', 'écrire à [email] ou à [email]'],
    ['a@b@c.com', 'a@[email]'],
    ['@@x@y.fr@@', '@@[email]@@'],
    ['no address @ all', 'no address @ all'],
  ])('turns "%s" into "%s"', (text, expected) => {
    expect(replaceEmails(text)).toBe(expected);
  });
});

describe('capText', () => {
  it('keeps a text under the limit as it is', () => {
    expect(capText('court', 10)).toBe('court');
  });

  it('cuts at the last whole word, so half an address is dropped, not kept', () => {
    expect(capText('écrivez à jean.dupont@fournisseur.fr', 25)).toBe('écrivez à');
    expect(stripContactDetails(`${'mot '.repeat(249)}jean.dupont@fournisseur.fr`)).not.toContain('jean');
  });

  it('keeps a word that ends exactly at the limit', () => {
    expect(capText('un deux trois', 7)).toBe('un deux');
  });

  it('looks at no more than MAX_REDACTED_TEXT characters', () => {
    expect(stripContactDetails('mot '.repeat(100_000)).length).toBeLessThanOrEqual(MAX_REDACTED_TEXT);
  });
});
