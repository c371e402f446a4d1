import type { Request, Response, Server } from 'restify';
import type { Lifecycle } from './lifecycle';

/**
 * Liveness (`/healthz`: the process answers; it only listens once the knowledge index is built)
 * and readiness (`/readyz`: 503 while draining on shutdown, so a load balancer stops routing here).
 */
export function registerHealthRoutes(server: Server, details: () => Record<string, unknown>, lifecycle?: Lifecycle): void {
  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(200, { status: 'ok', ...details() });
  });
  server.get('/readyz', async (_req: Request, res: Response) => {
    // No `return res.send(…)`: restify logs whatever an async handler resolves to ("Discarded returned value").
    const ready = !lifecycle || lifecycle.ready;
    res.send(ready ? 200 : 503, { status: ready ? 'ready' : 'draining' });
  });
}
