import en from '../../dialogs/resources/en.json';
import fr from '../../dialogs/resources/fr.json';
import { Strings } from '../../dialogs/strings';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('dialogs/resources', () => {
  it('has the same keys in French and English', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(Object.keys(fr))('has a non-empty "%s" with the same placeholders in both languages', (key) => {
    const french = (fr as Record<string, string>)[key]!;
    const english = (en as Record<string, string>)[key]!;
    expect(french.trim()).not.toBe('');
    expect(english.trim()).not.toBe('');
    expect(placeholders(french)).toEqual(placeholders(english));
  });

  it.each(Object.keys(fr))('writes "%s" with French typography: a non-breaking space before ? ! : ; and inside « »', (key) => {
    const french = (fr as Record<string, string>)[key]!;
    expect(french).not.toMatch(/[^\u00a0\u202f?!][?!:;»]|«[^\u00a0\u202f]/u);
  });
});

describe('Strings', () => {
  const strings = new Strings({ fr: { greet: 'Bonjour {name}, {name} !' }, en: { greet: 'Hello {name}' } });

  it('fills every placeholder and leaves unknown ones as they are', () => {
    expect(strings.t('fr', 'greet' as never, { name: 'Marie' })).toBe('Bonjour Marie, Marie !');
    expect(strings.t('en', 'greet' as never)).toBe('Hello {name}');
  });

  it('names the missing key', () => {
    expect(() => strings.t('fr', 'missing' as never)).toThrow('strings: no "missing" in fr');
  });

  it('gives a key in every language', () => {
    expect(strings.all('greet' as never)).toEqual(['Bonjour {name}, {name} !', 'Hello {name}']);
  });
});
