/**
 * Worker thread entry: receives a knowledge base's entries in batches (after `workerData`:
 * its synonyms, fillers and entry count), builds the index snapshot and posts it back, its
 * typed arrays transferred. See `buildIndexInWorker`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FaqEntry } from '../schema';
import { buildSnapshot, transferList, type IndexSource } from './indexSnapshot';

const { synonyms, fillers, entryCount } = workerData as Omit<IndexSource, 'entries'> & { entryCount: number };
const entries: FaqEntry[] = [];

function buildWhenComplete(): void {
  if (entries.length < entryCount) return;
  parentPort!.off('message', receive);
  const snapshot = buildSnapshot({ entries, synonyms, fillers });
  parentPort!.postMessage(snapshot, transferList(snapshot));
}

function receive(batch: FaqEntry[]): void {
  entries.push(...batch);
  buildWhenComplete();
}

parentPort!.on('message', receive);
buildWhenComplete();
