/**
 * `npm run -s build && node dist/scripts/kb/rescue.js`: the "did you mean …?" band at several
 * floors, on the sets tuning may look at (`queries.json` and the generalisation set's tuning part),
 * then — at the configured floor only — the held-out part's aggregate figures, to report them.
 * The floor is chosen on the first table; the held-out line is never used to move it.
 */
import fs from 'node:fs';
import { labelledQueriesSchema, type LabelledQuery } from '../../knowledge/evaluation';
import { DEFAULT_KNOWLEDGE_BASE_OPTIONS, KnowledgeBase } from '../../knowledge/knowledgeBase';
import { loadKnowledgeData } from '../../knowledge/loader';
import { DEFAULT_KNOWLEDGE_DIR, EVALUATION_SET, GENERALISATION_SET } from '../../knowledge/paths';
import { evaluateRescue, type RescueReport } from '../../knowledge/rescueEvaluation';

const read = (file: string) => labelledQueriesSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
const data = loadKnowledgeData(DEFAULT_KNOWLEDGE_DIR);
const generalisation = read(GENERALISATION_SET);
const tuning: LabelledQuery[] = [...read(EVALUATION_SET), ...generalisation.filter((q) => q.split === 'tune')];
const heldOut = generalisation.filter((q) => q.split === 'heldout');
const share = (part: number, whole: number) => `${part}/${whole} (${whole ? ((part / whole) * 100).toFixed(1) : '0.0'}%)`.padStart(16);

function line(label: string, r: RescueReport): string {
  return `${label.padEnd(14)}${share(r.rescued, r.unsure)} ${share(r.wrongOffers, r.unsure)} ${share(r.offeredOutOfScope, r.rejected)}`;
}

console.log(`tuning sets (queries.json + generalisation tune): ${tuning.length} questions`);
console.log('floor                rescued     wrong offer  out-of-scope offered');
for (const floor of [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5]) {
  const kb = new KnowledgeBase(data, { suggestionFloor: floor, searchCacheSize: 0 });
  console.log(line(floor.toFixed(2), evaluateRescue(kb, tuning)));
}
if (process.argv.includes('--heldout')) {
  const kb = new KnowledgeBase(data, { searchCacheSize: 0 });
  console.log(`\nheld-out part at the configured floor ${DEFAULT_KNOWLEDGE_BASE_OPTIONS.suggestionFloor} (report only): ${heldOut.length} questions`);
  console.log(line('held-out', evaluateRescue(kb, heldOut)));
}
