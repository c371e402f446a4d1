import { z } from 'zod';
import type { KnowledgeBase } from './knowledgeBase';
import { languageSchema } from './schema';
import type { SearchStrategy } from './search/types';

const labelledQuerySchema = z.object({
  q: z.string().min(1),
  lang: languageSchema,
  /** The entry that answers it, or null for a question the assistant must not answer. */
  expected: z.string().nullable(),
  /** What makes it hard (typo, sms, accentless, angry, …), for reports by kind. */
  kind: z.string().optional(),
  /** `heldout`: never used to choose a weight, synonym or threshold; `tune`: may be. */
  split: z.enum(['tune', 'heldout']).optional(),
});
export const labelledQueriesSchema = z.array(labelledQuerySchema);
export type LabelledQuery = z.infer<typeof labelledQuerySchema>;

export interface EvaluationReport {
  readonly strategy: SearchStrategy;
  /** In-scope queries whose best hit is the expected entry. */
  readonly top1: number;
  readonly top3: number;
  /** Mean reciprocal rank of the expected entry among the top 10. */
  readonly mrr: number;
  /** Out-of-scope queries answered as not confident. */
  readonly rejection: number;
  /** In-scope queries answered outright with the expected entry. */
  readonly answeredCorrectly: number;
  /**
   * Queries answered confidently with a wrong entry (in scope, another entry; out of scope, any):
   * a wrong answer costs a supplier more than none, so this is counted apart and should be 0.
   */
  readonly confidentWrong: number;
  readonly failures: readonly { q: string; expected: string | null; got: string | null; score: number }[];
}

/** Measures a search strategy on a labelled query set (what `npm run eval` prints). */
export function evaluate(kb: KnowledgeBase, queries: readonly LabelledQuery[], strategy: SearchStrategy): EvaluationReport {
  let top1 = 0;
  let top3 = 0;
  let reciprocal = 0;
  let answered = 0;
  let rejected = 0;
  let confidentWrong = 0;
  const failures: EvaluationReport['failures'][number][] = [];
  const inScope = queries.filter((query) => query.expected !== null);
  const outOfScope = queries.filter((query) => query.expected === null);
  for (const query of queries) {
    const response = kb.search(query.q, { strategy, top: 10 });
    const best = response.hits[0];
    if (response.confident && best && best.entry.id !== query.expected) confidentWrong++;
    if (query.expected === null) {
      if (!response.confident) rejected++;
      else failures.push({ q: query.q, expected: null, got: best?.entry.id ?? null, score: best?.score ?? 0 });
      continue;
    }
    const rank = response.hits.findIndex((hit) => hit.entry.id === query.expected);
    if (rank === 0) top1++;
    else failures.push({ q: query.q, expected: query.expected, got: best?.entry.id ?? null, score: best?.score ?? 0 });
    if (rank >= 0 && rank < 3) top3++;
    if (rank >= 0) reciprocal += 1 / (rank + 1);
    if (rank === 0 && response.confident) answered++;
  }
  const share = (count: number, total: number) => (total === 0 ? 0 : count / total);
  return {
    strategy,
    top1: share(top1, inScope.length),
    top3: share(top3, inScope.length),
    mrr: share(reciprocal, inScope.length),
    rejection: share(rejected, outOfScope.length),
    answeredCorrectly: share(answered, inScope.length),
    confidentWrong,
    failures,
  };
}
