/**
 * `npm run eval`: top-1, top-3, MRR and out-of-scope rejection of the hybrid search,
 * lunr alone and fuse.js alone on the labelled query set. `--failures` lists the misses.
 */
import fs from 'node:fs';
import { evaluate, labelledQueriesSchema } from '../evaluation';
import { KnowledgeBase } from '../knowledgeBase';
import { DEFAULT_KNOWLEDGE_DIR, EVALUATION_SET } from '../paths';
import type { SearchStrategy } from '../search/types';

const file = process.argv.find((arg) => arg.endsWith('.json')) ?? EVALUATION_SET;
const queries = labelledQueriesSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
const kb = KnowledgeBase.fromDirectory(DEFAULT_KNOWLEDGE_DIR);
const strategies: SearchStrategy[] = ['hybrid', 'lunr', 'fuse'];
const reports = strategies.map((strategy) => evaluate(kb, queries, strategy));
const inScope = queries.filter((q) => q.expected !== null).length;

const percent = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(8);
console.log(`${file}: ${inScope} in-scope and ${queries.length - inScope} out-of-scope queries\n`);
console.log('strategy      top-1    top-3      MRR  rejection  answered');
for (const r of reports) {
  console.log(
    `${r.strategy.padEnd(9)}${percent(r.top1)} ${percent(r.top3)} ${r.mrr.toFixed(3).padStart(8)} ${percent(r.rejection).padStart(10)} ${percent(r.answeredCorrectly).padStart(9)}`,
  );
}
if (process.argv.includes('--failures')) {
  for (const failure of reports[0]!.failures) {
    console.log(`  ${failure.expected ?? '(none)'} ← ${JSON.stringify(failure.q)} got ${failure.got} ${failure.score}`);
  }
}
