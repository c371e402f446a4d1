import en from './resources/en.json';
import fr from './resources/fr.json';

/** What the chat says about a supplier's files, in French and English (resources/{fr,en}.json). */
export type FileMessageKey = keyof typeof fr;

const STRINGS: Readonly<Record<'fr' | 'en', Readonly<Record<FileMessageKey, string>>>> = { fr, en };

/** The language of a locale ("en-US" → en); French otherwise, as the rest of the assistant. */
export function fileMessageLanguage(locale: unknown): 'fr' | 'en' {
  return typeof locale === 'string' && /^en\b/i.test(locale) ? 'en' : 'fr';
}

/** The message `key` in `locale`'s language with `{param}`s filled in (user text stays plain text). */
export function fileMessage(key: FileMessageKey, locale: unknown, params: Readonly<Record<string, string>> = {}): string {
  return STRINGS[fileMessageLanguage(locale)][key].replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}
