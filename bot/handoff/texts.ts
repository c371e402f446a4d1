import type { Language } from '../../knowledge';
import en from './resources/en.json';
import fr from './resources/fr.json';

export type HandoffTextKey = keyof typeof en;

const TEXTS: Readonly<Record<Language, Readonly<Record<HandoffTextKey, string>>>> = { en, fr };

/** A user-facing handoff text in the ticket's language, with `{name}` placeholders filled in. */
export function handoffText(language: Language, key: HandoffTextKey, values: Record<string, string> = {}): string {
  // The ticket's language comes from its database row, which no check guarantees is one of ours.
  const template = (Object.hasOwn(TEXTS, language) ? TEXTS[language] : TEXTS.fr)[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
