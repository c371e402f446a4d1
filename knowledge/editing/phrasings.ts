import type { Language } from '../schema';
import { KnowledgeEditError, type DraftEntry } from './draft';

/** Questions to add as phrasings of an entry, in one of its languages. */
export interface PhrasingsToAdd {
  readonly lang: Language;
  readonly phrasings: readonly string[];
}

/** The phrasing as compared for duplicates: case, spacing and accents don't make it new. */
function phrasingKey(phrasing: string): string {
  return phrasing.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * The phrasings of `request`, trimmed, that `content` lacks (its question and phrasings, and the
 * earlier ones of the request, count as had); refused when one is blank or the entry has no text
 * in that language.
 */
export function newPhrasings(id: string, content: DraftEntry, request: PhrasingsToAdd): string[] {
  const text = content[request.lang];
  if (!text) {
    throw new KnowledgeEditError('invalid', `entry "${id}": field "lang" names a language the entry has no text in yet`, 'lang');
  }
  const known = new Set([text.question, ...text.phrasings].map(phrasingKey));
  const added: string[] = [];
  for (const [i, raw] of request.phrasings.entries()) {
    const phrasing = raw.trim();
    if (!phrasing) throw new KnowledgeEditError('invalid', `entry: field "phrasings.${i}" must not be empty`, `phrasings.${i}`);
    const key = phrasingKey(phrasing);
    if (known.has(key)) continue;
    known.add(key);
    added.push(phrasing);
  }
  return added;
}
