import type { PrefixAnalysis } from './prefix';
import type { AnalyzedQuery, SearchResponse } from './types';

/**
 * A type-ahead response: ranked on what the word in progress may become, and confident only when
 * the answer holds without it — on the words typed before it alone (as a full search), and with
 * an unknown word after them, the worst it can turn out to be. "fact" is never answered outright
 * on its own: the next letter may make it "facture" or "facteur".
 * It offers no "did you mean …?": as-you-type results are themselves the possible matches, and a
 * suggestion is for a question the supplier has finished asking.
 * @param respond ranks an analyzed query and judges its confidence as a full search does
 * @param searchFull searches a finished query
 */
export function searchPrefix(
  query: string,
  prefix: PrefixAnalysis,
  respond: (analyzed: AnalyzedQuery) => SearchResponse,
  searchFull: (text: string) => SearchResponse,
): SearchResponse {
  const typed = prefix.analyze(query);
  const response = withoutSuggestions(respond(typed.query));
  if (!response.confident || typed.completed === undefined) return response;
  const best = response.hits[0]?.entry.id;
  const holds = (other: SearchResponse) => other.confident && other.hits[0]?.entry.id === best;
  if (holds(searchFull(typed.completed)) && holds(respond(prefix.withUnknownWord(typed.completed)))) return response;
  return Object.freeze({ ...response, confident: false });
}

const NO_SUGGESTIONS: SearchResponse['suggestions'] = Object.freeze([]);

function withoutSuggestions(response: SearchResponse): SearchResponse {
  return response.suggestions.length === 0 ? response : Object.freeze({ ...response, suggestions: NO_SUGGESTIONS });
}
