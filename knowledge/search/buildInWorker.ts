import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FaqEntry } from '../schema';
import { adoptSnapshot, type IndexSnapshot, type IndexSource } from './indexSnapshot';
import type { SearchIndex } from './searchIndex';

/**
 * Entries copied to the worker per message. Copying is done on this thread: 10,000 entries in
 * one message blocked the event loop for 200-370 ms; 250 take about 7 ms, and other work runs
 * between two messages.
 */
const ENTRIES_PER_MESSAGE = 250;

/**
 * Builds the search index of `source` in a worker thread and adopts it on this one, so the
 * event loop keeps serving while 10,000 entries go through the text pipeline (tens of seconds
 * of CPU). What stays on this thread: copying the entries to the worker, a batch per event-loop
 * turn, and adopting the snapshot (the vocabularies' maps, a view per entry's analysis).
 */
export async function buildIndexInWorker(source: IndexSource): Promise<SearchIndex> {
  const workerData = { synonyms: source.synonyms, fillers: source.fillers, entryCount: source.entries.length };
  const snapshot = await new Promise<IndexSnapshot>((resolve, reject) => {
    const worker = startWorker(workerData);
    void sendEntries(worker, source.entries).catch(reject);
    let settled = false;
    worker.once('message', (message: IndexSnapshot) => {
      settled = true;
      resolve(message);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`knowledge: the index worker stopped (exit code ${code}) before sending its index`));
    });
  });
  return adoptSnapshot(source.entries, snapshot);
}

async function sendEntries(worker: Worker, entries: readonly FaqEntry[]): Promise<void> {
  for (let start = 0; start < entries.length; start += ENTRIES_PER_MESSAGE) {
    if (start > 0) await new Promise((resolve) => setImmediate(resolve));
    worker.postMessage(entries.slice(start, start + ENTRIES_PER_MESSAGE));
  }
}

/**
 * The compiled worker in dist/; from the TypeScript sources (tests), a worker that compiles
 * its modules as it loads them, with the typescript package's transpileModule.
 */
function startWorker(workerData: object): Worker {
  const compiled = path.join(__dirname, 'indexWorker.js');
  if (__filename.endsWith('.js')) return new Worker(compiled, { workerData });
  const source = path.join(__dirname, 'indexWorker.ts');
  const typescript = require.resolve('typescript');
  const code = `
    const fs = require('node:fs');
    const ts = require(${JSON.stringify(typescript)});
    require.extensions['.ts'] = (module, filename) => {
      const options = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
      module._compile(ts.transpileModule(fs.readFileSync(filename, 'utf8'), { compilerOptions: options, fileName: filename }).outputText, filename);
    };
    require(${JSON.stringify(source)});
  `;
  return new Worker(code, { eval: true, workerData });
}
