import type { Request, Response, Server } from 'restify';

/** Liveness and readiness: the server only listens once the knowledge index is built. */
export function registerHealthRoutes(server: Server, details: () => Record<string, unknown>): void {
  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(200, { status: 'ok', ...details() });
  });
}
