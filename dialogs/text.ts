import { memoize } from '../knowledge/text/memo';

/**
 * Lower-cased, accent-free, single-spaced text with typographic apostrophes unified and
 * trailing punctuation dropped: the form in which user messages are compared with phrases.
 */
export function normalizeUtterance(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/[«»"“”]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s.!?…]+$/u, '');
}

/**
 * `normalizeUtterance` for the fixed texts a message is compared with (resource strings, FAQ
 * questions): every turn compares the message with dozens of them, and normalizing each again
 * showed in turn profiles. Memoized, bounded.
 */
export const normalizedPhrase = memoize(normalizeUtterance);

/** Whether a user message equals one of the given texts, once both are normalized. */
export function matchesAny(text: string, candidates: readonly string[]): boolean {
  const said = normalizeUtterance(text);
  return said.length > 0 && candidates.some((candidate) => normalizedPhrase(candidate) === said);
}
