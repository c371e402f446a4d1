import type { Language } from '../knowledge';
import en from './resources/en.json';
import fr from './resources/fr.json';

/** A key of the resource files; both hold the same keys (`RESOURCES` would not compile otherwise, and a test checks it). */
export type StringKey = keyof typeof fr;

/** Values substituted for `{name}` placeholders. */
export type StringVars = Readonly<Record<string, string | number>>;

const RESOURCES: Readonly<Record<Language, Readonly<Record<StringKey, string>>>> = { fr, en };

/**
 * Every user-facing text of the conversation, by key and language
 * (dialogs/resources/*.json). Dialog code never holds a literal sentence.
 */
export class Strings {
  constructor(private readonly resources: Readonly<Record<Language, Readonly<Record<string, string>>>> = RESOURCES) {}

  /**
   * The text of `key` in `lang`, with `{name}` placeholders filled from `vars`. Values are
   * escaped for markdown, which Web Chat and Teams render: what a supplier typed ("<b>today</b>",
   * "ACME_Corp") is shown as typed, never as markup.
   */
  t(lang: Language, key: StringKey, vars: StringVars = {}): string {
    const template = this.resources[lang][key];
    if (template === undefined) throw new Error(`strings: no "${key}" in ${lang}`);
    return template.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
      name in vars ? escapeMarkdown(String(vars[name])) : placeholder,
    );
  }

  /** The text of `key` in every language, to recognise a button whichever language it was shown in. */
  all(key: StringKey): string[] {
    return Object.values(this.resources).map((texts) => texts[key]).filter((text): text is string => Boolean(text));
  }
}

/** Backslash-escapes the characters markdown (CommonMark) would read as markup, HTML included. */
export function escapeMarkdown(text: string): string {
  // An underscore inside a word ("marie_dupont@…") is never emphasis: left as typed.
  return text.replace(/[\\`*[\]<>#|~]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\$&');
}

/** The shared instance over the shipped resource files. */
export const STRINGS = new Strings();
