import { LRUCache } from 'lru-cache';
import type { KnowledgeBase, Language, SearchResponse } from '../../knowledge';

/**
 * The JSON body of `GET /api/faq/search`, written by hand from pieces: what an entry shows
 * (category, question, answer) is serialized once per knowledge base and language and kept,
 * since the same few entries answer most searches and their answers are the bulk of the body
 * (a few kilobytes of escaped text for five results). The output is byte for byte what
 * `JSON.stringify` makes of `{ questionId?, query, lang, confident, ambiguous, results: [{ id,
 * score, category, question, answer }], suggestions: [{ id, score, question }] }`
 * (tests/bot/faq/searchBody.test.ts compares the two).
 */

/** Serialized entries kept per knowledge base; a knowledge base is immutable, so a piece is never stale. */
const ENTRY_PIECES_KEPT = 2_000;

const pieces = new WeakMap<KnowledgeBase, LRUCache<string, string>>();

/** `"category":…,"question":…,"answer":…` of one entry in one language. */
function entryPiece(kb: KnowledgeBase, id: string, lang: Language): string {
  let cache = pieces.get(kb);
  if (!cache) {
    cache = new LRUCache({ max: ENTRY_PIECES_KEPT });
    pieces.set(kb, cache);
  }
  const key = `${lang}:${id}`;
  let piece = cache.get(key);
  if (piece === undefined) {
    const entry = kb.get(id)!;
    const text = entry[lang];
    piece = `"category":${JSON.stringify(entry.category)},"question":${JSON.stringify(text.question)},"answer":${JSON.stringify(text.answer)}`;
    cache.set(key, piece);
  }
  return piece;
}

export function searchResponseBody(kb: KnowledgeBase, response: SearchResponse, questionId: string | undefined): string {
  const results = response.hits
    .map((hit) => `{"id":${JSON.stringify(hit.entry.id)},"score":${JSON.stringify(hit.score)},${entryPiece(kb, hit.entry.id, response.lang)}}`)
    .join(',');
  // Not confident: the entries worth a "did you mean …?" (empty when confident or nothing is close).
  const suggestions = response.suggestions
    .map((hit) => `{"id":${JSON.stringify(hit.entry.id)},"score":${JSON.stringify(hit.score)},"question":${JSON.stringify(hit.entry[response.lang].question)}}`)
    .join(',');
  return (
    `{${questionId ? `"questionId":${JSON.stringify(questionId)},` : ''}"query":${JSON.stringify(response.query)},` +
    `"lang":${JSON.stringify(response.lang)},"confident":${response.confident},"ambiguous":${response.ambiguous},"results":[${results}],"suggestions":[${suggestions}]}`
  );
}
