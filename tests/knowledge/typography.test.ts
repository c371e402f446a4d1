import { frenchSpacing } from '../../knowledge/typography';

describe('frenchSpacing', () => {
  it.each([
    ['Comment activer la 2FA ?', 'Comment activer la 2FA\u00a0?'],
    ['Attention : risque ; vraiment !', 'Attention\u00a0: risque\u00a0; vraiment\u00a0!'],
    ['voir « Fournisseurs »', 'voir «\u00a0Fournisseurs\u00a0»'],
    ['deux espaces  ?', 'deux espaces\u00a0?'],
  ])('puts a no-break space where "%s" has a plain one', (text, expected) => {
    expect(frenchSpacing(text)).toBe(expected);
  });

  it.each(['facteurs?', 'à 10:30', 'https://example.com:443/a', 'déjà\u00a0?', 'ligne\n: suite'])('leaves "%s" as it is', (text) => {
    expect(frenchSpacing(text)).toBe(text);
  });
});
