/** Figures the scale benchmark reads off a run: percentiles, heap, the event loop. */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Memory held after a full garbage collection (node runs with --expose-gc), in MB: the V8 heap
 * plus ArrayBuffers, since typed-array indexes keep their contents outside the heap.
 */
export function heapUsedMb(): number {
  global.gc?.();
  global.gc?.();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return (heapUsed + arrayBuffers) / 1024 / 1024;
}

/**
 * Runs `work` and reports how long it took and the longest time the event loop was kept from
 * turning meanwhile: a build done synchronously blocks it for all its length, one done off the
 * loop only for the moments it hands results over.
 */
export async function timedWithEventLoopBlock<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; longestBlockMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  // A timer that must fire every millisecond: the largest gap between two firings is the longest block.
  let last = performance.now();
  let longestGap = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longestGap = Math.max(longestGap, now - last);
    last = now;
  }, 1);
  const started = performance.now();
  const value = await work();
  const ms = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 5));
  clearInterval(ticker);
  histogram.disable();
  return { value, ms, longestBlockMs: Math.max(longestGap, histogram.max / 1e6) };
}

/**
 * p50 and p99 of `search` over `queries`: warm-up passes first (up to `warmUpQueries` or a quarter
 * of the budget), so the timed rounds see optimised code, then up to 5 timed rounds within `budgetMs`.
 */
export function timeQueries(search: (query: string) => unknown, queries: readonly string[], budgetMs: number, warmUpQueries = 2_000): { p50: number; p99: number; timed: number } {
  const warmUpDeadline = performance.now() + budgetMs / 4;
  for (let n = 0; n < warmUpQueries && performance.now() <= warmUpDeadline; n++) search(queries[n % queries.length]!);
  const times = timedRounds(search, queries, budgetMs);
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), timed: times.length };
}

/** Each query's time in ms, over up to 5 rounds of `queries` within `budgetMs` (the caller warms up). */
export function timedRounds(search: (query: string) => unknown, queries: readonly string[], budgetMs: number): number[] {
  const deadline = performance.now() + budgetMs;
  const times: number[] = [];
  for (let round = 0; round < 5 && performance.now() < deadline; round++) {
    for (const query of queries) {
      const t = performance.now();
      search(query);
      times.push(performance.now() - t);
      if (performance.now() > deadline) break;
    }
  }
  return times;
}
