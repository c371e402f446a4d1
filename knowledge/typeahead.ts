import type { LabelledQuery } from './evaluation';
import type { KnowledgeBase } from './knowledgeBase';
import type { SearchMode, SearchResponse } from './search/types';

/** The widget looks nothing up below two characters; neither does this measure. */
const MIN_LOOKUP = 2;

/** How a search behaves as a query is typed letter by letter (`mode: 'prefix'` at every length). */
export interface TypeaheadReport {
  /** How every length was searched. */
  readonly mode: SearchMode;
  /** In-scope queries measured. */
  readonly queries: number;
  /** Share of them whose expected entry is not first once the whole query is typed. */
  readonly neverSettled: number;
  /**
   * Over the queries that settle: the first length from which the expected entry is first at every
   * length to the end, in characters and as a share of the query's length (median and 90th percentile).
   */
  readonly settleChars: { readonly median: number; readonly p90: number };
  readonly settleShare: { readonly median: number; readonly p90: number };
  /**
   * Lengths (over all queries, in scope or not) at which the answer was confident while a word was
   * in progress, and a later letter of that word, or its end, took it back (not confident, or
   * confident with another entry). Must be 0.
   */
  readonly takeBacks: number;
  /** Lengths answered confidently that some later length, or the submitted search, took back. */
  readonly laterDoubts: number;
  readonly examples: readonly { readonly q: string; readonly at: number; readonly entry: string }[];
}

const isWordCharacter = (character: string | undefined) => character !== undefined && /[\p{L}\p{N}]/u.test(character);

/** The responses to a query typed letter by letter (index k: its first k characters), then submitted. */
function typed(kb: KnowledgeBase, q: string, mode: SearchMode): { asTyped: (SearchResponse | undefined)[]; submitted: SearchResponse } {
  const asTyped: (SearchResponse | undefined)[] = [undefined];
  for (let length = 1; length <= q.length; length++) {
    const text = q.slice(0, length);
    asTyped.push(text.trim().length < MIN_LOOKUP ? undefined : kb.search(text, { mode, top: 1 }));
  }
  return { asTyped, submitted: kb.search(q, { top: 1 }) };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

/**
 * Measures as-you-type search on a labelled set (part of `npm run eval`); `mode: 'full'` measures
 * what type-ahead did before prefix mode, every length searched as a finished query.
 */
export function evaluateTypeahead(kb: KnowledgeBase, queries: readonly LabelledQuery[], mode: SearchMode = 'prefix'): TypeaheadReport {
  const settleChars: number[] = [];
  const settleShares: number[] = [];
  let inScope = 0;
  let takeBacks = 0;
  let laterDoubts = 0;
  const examples: { q: string; at: number; entry: string }[] = [];
  for (const query of queries) {
    const q = query.q;
    const { asTyped, submitted } = typed(kb, q, mode);
    const top = (response: SearchResponse | undefined) => response?.hits[0]?.entry.id;
    const holds = (response: SearchResponse | undefined, entry: string) => !!response?.confident && top(response) === entry;
    for (let length = 1; length <= q.length; length++) {
      const response = asTyped[length];
      if (!response?.confident) continue;
      const entry = top(response)!;
      const later = [...asTyped.slice(length + 1), submitted];
      if (later.some((other) => !holds(other, entry))) laterDoubts++;
      if (!isWordCharacter(q[length - 1])) continue;
      // The word in progress ends at the next character that is not a letter or digit, or with the query.
      let end = length;
      while (end < q.length && isWordCharacter(q[end])) end++;
      const untilWordEnds = [...asTyped.slice(length + 1, end + 1), end < q.length ? asTyped[end + 1] : submitted];
      if (untilWordEnds.some((other) => !holds(other, entry))) {
        takeBacks++;
        if (examples.length < 10) examples.push({ q, at: length, entry });
      }
    }
    if (query.expected === null) continue;
    inScope++;
    let settled = q.length + 1;
    while (settled > 1 && top(asTyped[settled - 1]) === query.expected) settled--;
    if (settled <= q.length) {
      settleChars.push(settled);
      settleShares.push(settled / q.length);
    }
  }
  const chars = [...settleChars].sort((a, b) => a - b);
  const shares = [...settleShares].sort((a, b) => a - b);
  return {
    mode,
    queries: inScope,
    neverSettled: inScope === 0 ? 0 : (inScope - chars.length) / inScope,
    settleChars: { median: percentile(chars, 0.5), p90: percentile(chars, 0.9) },
    settleShare: { median: percentile(shares, 0.5), p90: percentile(shares, 0.9) },
    takeBacks,
    laterDoubts,
    examples,
  };
}

/** The report as `npm run eval` prints it. */
export function formatTypeaheadReport(title: string, report: TypeaheadReport): string {
  const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
  return [
    `\n${title}, typed letter by letter (mode=${report.mode}): ${report.queries} in-scope queries`,
    `  right entry first for good from: median ${report.settleChars.median} characters (${percent(report.settleShare.median)} of the query), p90 ${report.settleChars.p90} (${percent(report.settleShare.p90)})`,
    `  never first at the end: ${percent(report.neverSettled)}`,
    `  confident on a word in progress, then taken back: ${report.takeBacks}; confident, then doubted later in the query: ${report.laterDoubts}`,
    ...report.examples.map((example) => `    ${JSON.stringify(example.q.slice(0, example.at))} → ${example.entry} (${JSON.stringify(example.q)})`),
  ].join('\n');
}
