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

/** Known phrases (resource strings, FAQ questions) normalized once, not on every turn. */
const normalizedPhrases = new Map<string, string>();
const PHRASE_CACHE_LIMIT = 5000;

/**
 * `normalizeUtterance` for the fixed texts a message is compared with: every turn compares
 * the message with dozens of them, and normalizing each again showed in turn profiles.
 */
export function normalizedPhrase(phrase: string): string {
  let normalized = normalizedPhrases.get(phrase);
  if (normalized === undefined) {
    // Edited FAQ questions add keys over time; clearing bounds the map without bookkeeping.
    if (normalizedPhrases.size >= PHRASE_CACHE_LIMIT) normalizedPhrases.clear();
    normalized = normalizeUtterance(phrase);
    normalizedPhrases.set(phrase, normalized);
  }
  return normalized;
}

/** Whether a user message equals one of the given texts, once both are normalized. */
export function matchesAny(text: string, candidates: readonly string[]): boolean {
  const said = normalizeUtterance(text);
  return said.length > 0 && candidates.some((candidate) => normalizedPhrase(candidate) === said);
}
