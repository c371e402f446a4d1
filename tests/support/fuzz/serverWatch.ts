import fs from 'node:fs';
import http from 'node:http';
import type { ChildProcess } from 'node:child_process';

/** What the server must keep doing whatever it is sent. */
export interface HealthBudget {
  /** `GET /healthz` must answer 200 within this. */
  readonly healthzMs: number;
  /** The resident set of the server process must stay under this. */
  readonly rssBytes: number;
}

/** The resident set size of a process, from /proc (Linux); undefined once it has exited (a zombie has no VmRSS). */
export function residentBytes(pid: number): number | undefined {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  return kb === undefined ? undefined : Number(kb) * 1024;
}

/** Time for `GET /healthz` to answer 200, or an Error saying why it did not within `timeoutMs`. */
export function probeHealth(port: number, timeoutMs: number): Promise<number | Error> {
  const started = performance.now();
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/healthz', agent: false, timeout: timeoutMs }, (response) => {
      response.resume();
      response.on('end', () =>
        resolve(response.statusCode === 200 ? performance.now() - started : new Error(`/healthz answered ${response.statusCode}`)),
      );
    });
    request.on('timeout', () => {
      request.destroy();
      resolve(new Error(`/healthz did not answer within ${timeoutMs} ms`));
    });
    request.on('error', (error) => resolve(error));
  });
}

/**
 * Throws, saying what broke, when the server has exited, `/healthz` is slower than the budget,
 * or its RSS is over the budget. Returns the RSS seen.
 */
export async function assertServerHealthy(child: ChildProcess, port: number, budget: HealthBudget, after: string): Promise<number> {
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  if (exited()) throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) after ${after}`);
  // A stalled event loop shows as a slow answer; wait a little past the budget to tell slow from dead.
  const timing = await probeHealth(port, budget.healthzMs * 3);
  if (exited()) throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) after ${after}`);
  if (timing instanceof Error) throw new Error(`${timing.message} after ${after}`);
  if (timing > budget.healthzMs) throw new Error(`/healthz took ${Math.round(timing)} ms (budget ${budget.healthzMs} ms) after ${after}`);
  const rss = residentBytes(child.pid!);
  if (rss === undefined) throw new Error(`the server exited after ${after}`);
  if (rss > budget.rssBytes) {
    throw new Error(`the server's RSS is ${Math.round(rss / 1048576)} MB (budget ${Math.round(budget.rssBytes / 1048576)} MB) after ${after}`);
  }
  return rss;
}
