/**
 * The scale benchmark (issue 14, item 6): ours beside MiniSearch on generated help centres of
 * 1,000, 10,000 and 50,000 entries (bench/generated), each measurement in a child process
 * (worker.ts) with --expose-gc and a 4 GB heap, so a build that runs out of memory or time
 * costs only its own row. Prints Markdown tables and the targets, met or missed.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadAverage, ROOT } from '../support';
import type { EditFigures, HeldOutFigures, ScaleTask, SearchFigures } from './worker';

const WORKER = path.join(ROOT, 'dist', 'bench', 'scale', 'worker.js');
/** Far above the server's 256 MB, so the benchmark measures what an engine needs rather than failing at the server's limit. */
const WORKER_HEAP_MB = 4096;
/** A measurement still running after this is stopped and reported as not finished. */
const WORKER_TIMEOUT_MS = 12 * 60_000;
/** The server's old space (package.json config.nodeFlags): an index must fit well inside it. */
export const SERVER_OLD_SPACE_MB = 256;
export const SCALE_SIZES = [1_000, 10_000, 50_000] as const;
/** The size the edit, event-loop and held-out targets are set at. */
export const TARGET_SIZE = 10_000;

type Outcome<T> = { ok: true; figures: T } | { ok: false; reason: string };

function runWorker<T>(task: ScaleTask, engine: string, entries: number, budgetMs = 8_000): Promise<Outcome<T>> {
  const args = [`--expose-gc`, `--max-old-space-size=${WORKER_HEAP_MB}`, WORKER, '--task', task, '--engine', engine, '--entries', String(entries), '--budget', String(budgetMs)];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), WORKER_TIMEOUT_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').pop();
      if (code === 0 && line) return resolve({ ok: true, figures: JSON.parse(line) as T });
      const reason = /heap out of memory/i.test(stderr)
        ? `out of memory (${WORKER_HEAP_MB} MB heap)`
        : signal === 'SIGKILL'
          ? `stopped after ${WORKER_TIMEOUT_MS / 60_000} min`
          : `failed (${code ?? signal}): ${stderr.trim().split('\n')[0] ?? ''}`;
      resolve({ ok: false, reason });
    });
  });
}

export interface ScaleResult {
  markdown: string;
  targets: Array<{ name: string; met: boolean; figure: string }>;
}

/** A scale run's result with when it ran, kept so `npm run bench` without the scale part can show it again. */
export interface DatedScaleResult extends ScaleResult {
  date: string;
  load: string;
}

export const LAST_SCALE_FILE = path.join(ROOT, 'dist', 'bench', 'scale-last.json');

/** Runs the scale benchmark and keeps its result in LAST_SCALE_FILE. */
export async function runAndKeepScaleBenchmark(sizes: readonly number[] = SCALE_SIZES): Promise<DatedScaleResult> {
  const date = new Date().toISOString();
  const loadBefore = loadAverage();
  const result = { ...(await runScaleBenchmark(sizes)), date, load: `${loadBefore} → ${loadAverage()}` };
  fs.writeFileSync(LAST_SCALE_FILE, JSON.stringify(result));
  return result;
}

export function lastScaleResult(): DatedScaleResult | undefined {
  return fs.existsSync(LAST_SCALE_FILE) ? (JSON.parse(fs.readFileSync(LAST_SCALE_FILE, 'utf8')) as DatedScaleResult) : undefined;
}

const f = (x: number, digits = 1) => x.toFixed(digits);
const log = (line: string) => process.stderr.write(`bench: scale: ${line}\n`);

export async function runScaleBenchmark(sizes: readonly number[] = SCALE_SIZES): Promise<ScaleResult> {
  const engines = [
    ['ours', 'ours (hybrid)'],
    ['minisearch', 'MiniSearch'],
  ] as const;
  const search = new Map<string, Outcome<SearchFigures>>();
  for (const entries of sizes) {
    for (const [engine, name] of engines) {
      log(`${name}, ${entries} entries…`);
      search.set(`${engine}:${entries}`, await runWorker<SearchFigures>('search', engine, entries));
    }
  }
  const editSize = sizes.includes(TARGET_SIZE) ? TARGET_SIZE : sizes[0]!;
  log(`edits at ${editSize}…`);
  const edits = new Map<string, Outcome<EditFigures>>();
  for (const [engine] of engines) edits.set(engine, await runWorker<EditFigures>('edit', engine, editSize));
  log(`held-out at ${editSize}…`);
  const heldOut = await runWorker<HeldOutFigures>('heldout', 'ours', editSize);

  const searchRows = sizes.flatMap((entries) =>
    engines.map(([engine, name]) => {
      const outcome = search.get(`${engine}:${entries}`)!;
      if (!outcome.ok) return `| ${entries.toLocaleString('en-US')} | ${name} | ${outcome.reason} | | | | | |`;
      const r = outcome.figures;
      return `| ${entries.toLocaleString('en-US')} | ${name} | ${f(r.buildMs, 0)} | ${f(r.longestBlockMs, 0)} | ${f(r.heapMb)} | ${f(r.p50, 3)} | ${f(r.p99, 3)} | ${r.timed} |`;
    }),
  );
  const editRows = engines.map(([engine, name]) => {
    const outcome = edits.get(engine)!;
    return outcome.ok ? `| ${name} | ${f(outcome.figures.editMs)} | ${f(outcome.figures.longestBlockMs)} |` : `| ${name} | ${outcome.reason} | |`;
  });
  const heldOutLine = heldOut.ok
    ? `Held-out questions (${heldOut.figures.queries}, knowledge/data/eval/generalisation.json, aggregate figures only), ours: top-1 ${f(heldOut.figures.top1Without, 3)} ` +
      `and answered (first and confident) ${f(heldOut.figures.answeredWithout, 3)}, rejection ${f(heldOut.figures.rejectionWithout, 3)} on the real entries alone; ` +
      `${f(heldOut.figures.top1, 3)}, ${f(heldOut.figures.answered, 3)} and ${f(heldOut.figures.rejection, 3)} among ${editSize.toLocaleString('en-US')} entries (rejection is not a target of item 6; shown because distractors can answer out-of-scope questions).`
    : `Held-out figures among ${editSize.toLocaleString('en-US')} entries: ${heldOut.reason}.`;

  const targets: ScaleResult['targets'] = [];
  const pair = (entries: number) => [search.get(`ours:${entries}`)!, search.get(`minisearch:${entries}`)!] as const;
  const compare = (what: string, pick: (r: SearchFigures) => number, factor: number, unit: string) => {
    for (const entries of sizes) {
      const [ours, mini] = pair(entries);
      const name = `${what} at ${entries.toLocaleString('en-US')} entries`;
      if (!ours.ok || !mini.ok) targets.push({ name, met: false, figure: `ours: ${ours.ok ? 'ran' : ours.reason}; MiniSearch: ${mini.ok ? 'ran' : mini.reason}` });
      else targets.push({ name, met: pick(ours.figures) <= factor * pick(mini.figures), figure: `${f(pick(ours.figures), 1)} vs ${f(pick(mini.figures), 1)} ${unit}` });
    }
  };
  compare('p99 ≤ MiniSearch\'s', (r) => r.p99, 1, 'ms');
  compare('heap after build ≤ 2 × MiniSearch\'s', (r) => r.heapMb, 2, 'MB');
  compare('index build ≤ 2 × MiniSearch\'s', (r) => r.buildMs, 2, 'ms');
  const at = search.get(`ours:${editSize}`)!;
  targets.push({
    name: `heap at ${editSize.toLocaleString('en-US')} entries well inside the server's ${SERVER_OLD_SPACE_MB} MB old space (≤ half)`,
    met: at.ok && at.figures.heapMb <= SERVER_OLD_SPACE_MB / 2,
    figure: at.ok ? `${f(at.figures.heapMb)} MB` : at.reason,
  });
  targets.push({
    name: `index build off the event loop: longest block during a ${editSize.toLocaleString('en-US')}-entry build ≤ 50 ms`,
    met: at.ok && at.figures.longestBlockMs <= 50,
    figure: at.ok ? `${f(at.figures.longestBlockMs, 0)} ms` : at.reason,
  });
  const ourEdit = edits.get('ours')!;
  targets.push({
    name: `one-entry edit live ≤ 100 ms at ${editSize.toLocaleString('en-US')} entries (editor → live index)`,
    met: ourEdit.ok && ourEdit.figures.editMs <= 100,
    figure: ourEdit.ok ? `${f(ourEdit.figures.editMs, 0)} ms` : ourEdit.reason,
  });
  for (const [label, key, without] of [
    ['top-1', 'top1', 'top1Without'],
    ['answered', 'answered', 'answeredWithout'],
  ] as const) {
    targets.push({
      name: `held-out ${label} among ${editSize.toLocaleString('en-US')} entries within 0.02 of the real entries alone`,
      met: heldOut.ok && Math.abs(heldOut.figures[key] - heldOut.figures[without]) <= 0.02,
      figure: heldOut.ok ? `${f(heldOut.figures[key], 3)} vs ${f(heldOut.figures[without], 3)}` : heldOut.reason,
    });
  }

  const markdown = [
    '| entries | engine | index build (ms) | longest event-loop block during the build (ms) | heap after build (MB) | p50 (ms) | p99 (ms) | queries timed |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...searchRows,
    '',
    `One entry edited at ${editSize.toLocaleString('en-US')} entries:`,
    '',
    '| engine | edit until live (ms) | longest event-loop block (ms) |',
    '| --- | ---: | ---: |',
    ...editRows,
    '',
    heldOutLine,
  ].join('\n');
  return { markdown, targets };
}

if (require.main === module) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  runAndKeepScaleBenchmark(sizes.length ? sizes : SCALE_SIZES)
    .then(({ markdown, targets }) => {
      console.log(markdown);
      console.log(['', '| target | figure | |', '| --- | ---: | --- |', ...targets.map((t) => `| ${t.name} | ${t.figure} | ${t.met ? 'met' : 'MISSED'} |`)].join('\n'));
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
