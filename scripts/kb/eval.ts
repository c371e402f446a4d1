/**
 * `npm run eval`: top-1, top-3, MRR, out-of-scope rejection and confident-wrong answers of the
 * hybrid search, lunr alone and fuse.js alone, on three sets: the original queries (the weights
 * were chosen on them, so their figures are optimistic), the tuning part of the questions written
 * without looking at the phrasings, and their held-out part (the figures that say how the search
 * does on questions nobody wrote down).
 * `--failures` lists the hybrid's misses on the sets one may tune on (the original queries and the
 * tuning part), never on the held-out part: reading held-out misses is how a held-out set stops
 * being one. `--by-kind` prints figures per kind of query for the tuning part and, as aggregates
 * only, for the held-out part. A path to a .json file evaluates that set alone.
 */
import fs from 'node:fs';
import { evaluate, labelledQueriesSchema, type LabelledQuery } from '../../knowledge/evaluation';
import { KnowledgeBase } from '../../knowledge/knowledgeBase';
import { DEFAULT_KNOWLEDGE_DIR, EVALUATION_SET, GENERALISATION_SET } from '../../knowledge/paths';
import type { SearchStrategy } from '../../knowledge/search/types';
import { evaluateTypeahead, formatTypeaheadReport } from '../../knowledge/typeahead';

const read = (file: string) => labelledQueriesSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
const kb = KnowledgeBase.fromDirectory(DEFAULT_KNOWLEDGE_DIR);
const strategies: SearchStrategy[] = ['hybrid', 'lunr', 'fuse'];
const percent = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(8);

/** Whether a set's misses may be listed: only sets one is allowed to tune on. */
type Visibility = 'tunable' | 'held-out';

function report(title: string, queries: readonly LabelledQuery[], visibility: Visibility): void {
  const inScope = queries.filter((q) => q.expected !== null).length;
  console.log(`\n${title}: ${inScope} in-scope and ${queries.length - inScope} out-of-scope queries`);
  console.log('strategy      top-1    top-3      MRR  rejection  answered  confident-wrong');
  const reports = strategies.map((strategy) => evaluate(kb, queries, strategy));
  for (const r of reports) {
    console.log(
      `${r.strategy.padEnd(9)}${percent(r.top1)} ${percent(r.top3)} ${r.mrr.toFixed(3).padStart(8)} ${percent(r.rejection).padStart(10)} ${percent(r.answeredCorrectly).padStart(9)} ${String(r.confidentWrong).padStart(16)}`,
    );
  }
  if (process.argv.includes('--failures') && visibility === 'tunable') {
    for (const failure of reports[0]!.failures) {
      console.log(`  ${failure.expected ?? '(none)'} ← ${JSON.stringify(failure.q)} got ${failure.got} ${failure.score}`);
    }
  }
}

function reportByKind(title: string, queries: readonly LabelledQuery[]): void {
  console.log(`\n${title.padEnd(30)}n    top-1  answered  rejection  confident-wrong`);
  const kinds = [...new Set(queries.map((q) => q.kind ?? 'unlabelled'))].sort();
  for (const kind of kinds) {
    const subset = queries.filter((q) => (q.kind ?? 'unlabelled') === kind);
    const r = evaluate(kb, subset, 'hybrid');
    console.log(
      `  ${kind.padEnd(26)}${String(subset.length).padStart(5)} ${percent(r.top1)} ${percent(r.answeredCorrectly).padStart(9)} ${percent(r.rejection).padStart(10)} ${String(r.confidentWrong).padStart(16)}`,
    );
  }
}

const file = process.argv.find((arg) => arg.endsWith('.json'));
if (file) {
  // A set with a held-out part keeps it apart here too: its misses are never listed.
  const queries = read(file);
  const heldOut = queries.filter((q) => q.split === 'heldout');
  report(file, queries.filter((q) => q.split !== 'heldout'), 'tunable');
  if (heldOut.length > 0) report(`${file}, held-out part (aggregates only)`, heldOut, 'held-out');
} else {
  report(`${EVALUATION_SET} (the weights were chosen on these)`, read(EVALUATION_SET), 'tunable');
  const generalisation = read(GENERALISATION_SET);
  const tune = generalisation.filter((q) => q.split === 'tune');
  const heldOut = generalisation.filter((q) => q.split === 'heldout');
  report(`${GENERALISATION_SET}, tuning part`, tune, 'tunable');
  report(`${GENERALISATION_SET}, held-out part (aggregates only)`, heldOut, 'held-out');
  if (process.argv.includes('--by-kind')) {
    reportByKind('tuning part, hybrid, by kind', tune);
    reportByKind('held-out, hybrid, by kind', heldOut);
  }
  reportTypeahead(generalisation);
}

/** As-you-type search on the generalisation set, tuning and held-out parts apart. */
function reportTypeahead(generalisation: readonly LabelledQuery[]): void {
  for (const split of ['tune', 'heldout'] as const) {
    const part = generalisation.filter((q) => q.split === split);
    const report = evaluateTypeahead(kb, part);
    // Held-out queries are never printed, take-backs included: reading them is how a held-out set stops being one.
    const shown = split === 'tune' ? report : { ...report, examples: [] };
    console.log(formatTypeaheadReport(`${GENERALISATION_SET}, ${split === 'tune' ? 'tuning' : 'held-out'} part`, shown));
  }
}
