/**
 * One measurement of the scale benchmark, in a process of its own (bench/scale/run.ts starts it),
 * so each starts from an empty heap and a build that runs out of memory costs its row only:
 *
 *   node --expose-gc --max-old-space-size=4096 dist/bench/scale/worker.js --task search --engine ours --entries 10000
 *
 * Tasks: `search` (build time, longest event-loop block during the build, heap, p50/p99 over the
 * evaluation queries), `edit` (one entry changed and live again), `heldout` (held-out figures with
 * and without the generated entries). Prints one JSON line.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createKnowledgeModule } from '../../bot/knowledgeEditing/module';
import { createLogger } from '../../bot/logger';
import { openDatabase } from '../../bot/storage/database';
import { migrate } from '../../bot/storage/migrate';
import { evaluate, labelledQueriesSchema } from '../../knowledge/evaluation';
import { KnowledgeBase } from '../../knowledge/knowledgeBase';
import { loadKnowledgeData } from '../../knowledge/loader';
import { DEFAULT_KNOWLEDGE_DIR, EVALUATION_SET, GENERALISATION_SET } from '../../knowledge/paths';
import type { FaqEntry, KnowledgeData } from '../../knowledge/schema';
import { generatedKnowledge, GENERATED_ID_PREFIX } from '../generated/generatedKnowledge';
import { ENGINES, miniSearchDocument, miniSearchIndex } from './engines';
import { heapUsedMb, timedWithEventLoopBlock, timeQueries } from './measure';

export type ScaleTask = 'search' | 'edit' | 'heldout';

export interface SearchFigures {
  buildMs: number;
  longestBlockMs: number;
  heapMb: number;
  p50: number;
  p99: number;
  timed: number;
}
export interface EditFigures {
  editMs: number;
  longestBlockMs: number;
}
export interface HeldOutFigures {
  top1: number;
  answered: number;
  top1Without: number;
  answeredWithout: number;
  /** Out-of-scope held-out questions not answered confidently: distractors can answer them. */
  rejection: number;
  rejectionWithout: number;
  queries: number;
}

function data(entries: number): KnowledgeData {
  return generatedKnowledge(loadKnowledgeData(DEFAULT_KNOWLEDGE_DIR), { entries });
}

function evaluationQueries(): string[] {
  return labelledQueriesSchema.parse(JSON.parse(fs.readFileSync(EVALUATION_SET, 'utf8'))).map((q) => q.q);
}

async function searchTask(engineName: string, entries: number, budgetMs: number): Promise<SearchFigures> {
  const engine = ENGINES[engineName];
  if (!engine) throw new Error(`bench: no engine ${engineName}`);
  const knowledge = data(entries);
  const heapBefore = heapUsedMb();
  const build = await timedWithEventLoopBlock(() => engine.build(knowledge));
  const heapMb = heapUsedMb() - heapBefore;
  const times = timeQueries(build.value.search, evaluationQueries(), budgetMs);
  return { buildMs: build.ms, longestBlockMs: build.longestBlockMs, heapMb, ...times };
}

/** A generated entry with another answer: an edit a member of staff could make. */
function edited(entry: FaqEntry): FaqEntry {
  return { ...entry, en: { ...entry.en, answer: `${entry.en.answer} Updated by the benchmark.` } };
}

/**
 * Ours: the knowledge base imported into SQLite through the editor (as kb:import does), then one
 * entry updated through the editor, timed until the change is live (committed and the new index
 * swapped in). The editor's re-run of the evaluation set is left out (evaluationSet: []): it
 * measures the search, not the publishing. MiniSearch: `replace` of one document.
 */
async function editTask(engineName: string, entries: number): Promise<EditFigures> {
  const knowledge = data(entries);
  const target = knowledge.entries.find((entry) => entry.id.startsWith(GENERATED_ID_PREFIX)) ?? knowledge.entries[0]!;
  if (engineName === 'minisearch') {
    const index = miniSearchIndex();
    index.addAll(knowledge.entries.map(miniSearchDocument));
    const timed = await timedWithEventLoopBlock(async () => index.replace(miniSearchDocument(edited(target))));
    return { editMs: timed.ms, longestBlockMs: timed.longestBlockMs };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-bench-edit-'));
  const database = await openDatabase({ dataDir });
  try {
    await migrate(database);
    const module = await createKnowledgeModule({
      database,
      knowledgeDir: DEFAULT_KNOWLEDGE_DIR,
      logger: createLogger('silent'),
      overrides: { evaluationSet: [], pollIntervalMs: 0 },
    });
    try {
      await module.editor.importEntries(knowledge.entries, 'bench');
      const versionBefore = module.live.version;
      const timed = await timedWithEventLoopBlock(() => module.editor.update(target.id, edited(target), 'bench'));
      if (module.live.version <= versionBefore) throw new Error('bench: the edit did not reach the live index');
      return { editMs: timed.ms, longestBlockMs: timed.longestBlockMs };
    } finally {
      await module.close();
    }
  } finally {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Held-out aggregate figures only (never the failures): on the real entries alone, then among the generated ones. */
function heldOutTask(entries: number): HeldOutFigures {
  const heldOut = labelledQueriesSchema.parse(JSON.parse(fs.readFileSync(GENERALISATION_SET, 'utf8'))).filter((q) => q.split === 'heldout');
  const real = evaluate(new KnowledgeBase(loadKnowledgeData(DEFAULT_KNOWLEDGE_DIR), { searchCacheSize: 0 }), heldOut, 'hybrid');
  const grown = evaluate(new KnowledgeBase(data(entries), { searchCacheSize: 0 }), heldOut, 'hybrid');
  return { top1: grown.top1, answered: grown.answeredCorrectly, top1Without: real.top1, answeredWithout: real.answeredCorrectly, rejection: grown.rejection, rejectionWithout: real.rejection, queries: heldOut.length };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { task: { type: 'string' }, engine: { type: 'string', default: 'ours' }, entries: { type: 'string' }, budget: { type: 'string', default: '8000' } },
  });
  const entries = Number(values.entries);
  const task = values.task as ScaleTask;
  const figures =
    task === 'search'
      ? await searchTask(values.engine, entries, Number(values.budget))
      : task === 'edit'
        ? await editTask(values.engine, entries)
        : heldOutTask(entries);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
