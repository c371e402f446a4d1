/**
 * `npm run kb:generate -- --entries 10000 --out FILE.tsv [--seed 42]`: a generated help centre
 * (the real entries among dictionary-word distractors, bench/generated/generatedKnowledge.ts)
 * written as an Azure question answering TSV, ready for `npm run kb:import -- FILE.tsv`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generatedKnowledge, GENERATED_DEFAULTS } from '../../bench/generated/generatedKnowledge';
import { toTsv } from '../../knowledge/editing';
import { loadKnowledgeData } from '../../knowledge/loader';
import { DEFAULT_KNOWLEDGE_DIR } from '../../knowledge/paths';

function main(): number {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { entries: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' } },
    allowPositionals: false,
  });
  const entries = Number(values.entries);
  const seed = values.seed === undefined ? GENERATED_DEFAULTS.seed : Number(values.seed);
  if (!values.out || !Number.isInteger(entries) || !Number.isInteger(seed)) {
    process.stderr.write('kb:generate: usage: npm run kb:generate -- --entries 10000 --out FILE.tsv [--seed 42]\n');
    return 2;
  }
  const data = generatedKnowledge(loadKnowledgeData(DEFAULT_KNOWLEDGE_DIR), { entries, seed });
  const file = path.resolve(values.out);
  fs.writeFileSync(file, toTsv(data.entries));
  process.stdout.write(`kb:generate: ${data.entries.length} entries (seed ${seed}) → ${file}\n`);
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  // A size below the real entries, an unwritable file: said plainly, without a stack.
  process.stderr.write(`kb:generate: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
