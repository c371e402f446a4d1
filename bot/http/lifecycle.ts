import type { Server } from 'restify';

/**
 * Readiness and graceful shutdown. On SIGTERM the instance reports not ready (the load balancer
 * stops sending), refuses new connections, and waits for the requests in flight — bot turns
 * included — to finish before the database closes.
 */
export class Lifecycle {
  private inFlight = 0;
  private draining = false;
  private idleWaiters: (() => void)[] = [];

  /** Counts requests in flight; put first in the server's handler chain. */
  track(server: Server): void {
    server.pre((req, res, next) => {
      // Event streams stay open for as long as a console is: they are closed, not waited for.
      if (String(req.headers.accept ?? '').includes('text/event-stream')) return next();
      this.inFlight++;
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        this.inFlight--;
        if (this.inFlight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
      };
      res.once('finish', finish);
      res.once('close', finish);
      next();
    });
  }

  get ready(): boolean {
    return !this.draining;
  }

  get requestsInFlight(): number {
    return this.inFlight;
  }

  /** Stops accepting connections and resolves once no request is in flight, or after `timeoutMs`. */
  async drain(server: Server, timeoutMs: number): Promise<{ drained: boolean }> {
    this.draining = true;
    server.server.close();
    if (this.inFlight === 0) return { drained: true };
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ drained: false }), timeoutMs);
      timer.unref();
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve({ drained: true });
      });
    });
  }
}
