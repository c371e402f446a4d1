import type { LabelledQuery } from './evaluation';
import type { KnowledgeBase } from './knowledgeBase';

/**
 * What the "did you mean …?" band does on a labelled set: of the questions the search is not
 * confident about, how many it rescues (the right entry among the suggestions) and how many
 * out-of-scope ones it offers something to anyway.
 */
export interface RescueReport {
  /** In-scope questions not answered confidently. */
  readonly unsure: number;
  /** …of which the expected entry is among the suggestions. */
  readonly rescued: number;
  /** …of which suggestions were offered, none of them right. */
  readonly wrongOffers: number;
  /** Out-of-scope questions not answered confidently. */
  readonly rejected: number;
  /** …of which something was suggested all the same (a "did you mean" to ignore). */
  readonly offeredOutOfScope: number;
}

/** Measures the suggestion band of `kb` (its own options) on `queries`. */
export function evaluateRescue(kb: KnowledgeBase, queries: readonly LabelledQuery[]): RescueReport {
  let unsure = 0;
  let rescued = 0;
  let wrongOffers = 0;
  let rejected = 0;
  let offeredOutOfScope = 0;
  for (const query of queries) {
    const response = kb.search(query.q, { top: 5 });
    if (response.confident) continue;
    const offered = response.suggestions.map((hit) => hit.entry.id);
    if (query.expected === null) {
      rejected++;
      if (offered.length > 0) offeredOutOfScope++;
      continue;
    }
    unsure++;
    if (offered.includes(query.expected)) rescued++;
    else if (offered.length > 0) wrongOffers++;
  }
  return { unsure, rescued, wrongOffers, rejected, offeredOutOfScope };
}
