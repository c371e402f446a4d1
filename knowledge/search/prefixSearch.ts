import type { PrefixAnalysis, PrefixQuery } from './prefix';
import type { AnalyzedQuery, SearchResponse } from './types';

/**
 * A type-ahead response: ranked on what the word in progress may become, and confident only when
 * the answer holds without it — on the words typed before it alone (as a full search), and with
 * an unknown word after them, the worst it can turn out to be. "fact" is never answered outright
 * on its own: the next letter may make it "facture" or "facteur".
 * It offers "did you mean …?" only once the last word is finished (a space or punctuation after it,
 * when the response is a full search's): before, as-you-type results are themselves the possible
 * matches, and a suggestion is for a question the supplier has finished asking. The widget searches
 * in prefix mode only, so its "Possible matches" come from this.
 * @param respond ranks an analyzed query and judges its confidence as a full search does
 * @param searchFull searches a finished query
 * @param searchAsTyped searches a text in prefix mode (the next letter typed)
 */
export function searchPrefix(
  query: string,
  prefix: PrefixAnalysis,
  respond: (analyzed: AnalyzedQuery) => SearchResponse,
  searchFull: (text: string) => SearchResponse,
  searchAsTyped: (text: string) => SearchResponse,
): SearchResponse {
  const typed = prefix.analyze(query);
  if (typed.completed === undefined) return respond(typed.query);
  const response = withoutSuggestions(respond(typed.query));
  if (!response.confident) return response;
  if (typed.tooShortToGuess) return Object.freeze({ ...response, confident: false });
  const best = response.hits[0]?.entry.id;
  const holds = (other: SearchResponse) => other.confident && other.hits[0]?.entry.id === best;
  // Each word the one in progress may become, typed in full: one that a close runner-up holds takes
  // the lead away, so an answer given on "even" would be taken back at "event".
  const finished = (typed.completions ?? []).map((word) => `${typed.completed} ${word}`.trim());
  if (
    holds(searchFull(typed.completed)) &&
    holds(respond(prefix.withUnknownWord(typed.completed))) &&
    finished.every((text) => holds(searchFull(text))) &&
    nextLetters(query, typed).every((text) => holds(searchAsTyped(text)))
  ) {
    return response;
  }
  return Object.freeze({ ...response, confident: false });
}

/**
 * The query with the next letter of each word the one in progress may become: an answer that one
 * of them takes back ("nouve" → "nouvel") is not given yet. Each is judged the same way, so the
 * answer holds down to the end of every such word.
 */
function nextLetters(query: string, typed: PrefixQuery): string[] {
  const { inProgress, completions = [] } = typed;
  if (inProgress === undefined) return [];
  const next = completions.filter((word) => word.length > inProgress.length).map((word) => word[inProgress.length]!);
  return [...new Set(next)].map((letter) => query + letter);
}

const NO_SUGGESTIONS: SearchResponse['suggestions'] = Object.freeze([]);

function withoutSuggestions(response: SearchResponse): SearchResponse {
  return response.suggestions.length === 0 ? response : Object.freeze({ ...response, suggestions: NO_SUGGESTIONS });
}
