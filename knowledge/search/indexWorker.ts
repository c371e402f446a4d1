/**
 * Worker thread entry: builds the index snapshot of the knowledge given as `workerData` and
 * posts it back, its typed arrays transferred. See `buildIndexInWorker`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildSnapshot, transferList, type IndexSource } from './indexSnapshot';

const snapshot = buildSnapshot(workerData as IndexSource);
parentPort!.postMessage(snapshot, transferList(snapshot));
