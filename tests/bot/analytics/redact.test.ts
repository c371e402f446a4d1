import { stripContactDetails } from '../../../bot/analytics/redact';

describe('stripContactDetails', () => {
  it.each([
    ['mon email est jean.dupont+csp@fournisseur-exemple.fr merci', 'mon email est [email] merci'],
    ['Contact: J.Doe@Example.co.uk.', 'Contact: [email].'],
    ['appelez-moi au 06 12 34 56 78 svp', 'appelez-moi au [phone] svp'],
    ['call +33 (0)1 23 45 67 89 today', 'call [phone] today'],
    ['my number is 555-123-4567', 'my number is [phone]'],
    ['tel 0612345678', 'tel [phone]'],
  ])('removes contact details from "%s"', (text, expected) => {
    expect(stripContactDetails(text)).toBe(expected);
  });

  it.each([
    'facture 2024 refusée',
    'PO 123456 introuvable',
    'activer la 2FA',
    'où est l\'onglet de mon client ?',
  ])('keeps "%s" as it is, since short numbers say what the question is about', (text) => {
    expect(stripContactDetails(text)).toBe(text);
  });
});
