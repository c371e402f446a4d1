import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import { projectRoot } from '../../knowledge/paths';
import { AssetTable, serveAssets } from '../http/assets';
import { fillTemplate } from '../http/html';
import { setSecurityHeaders } from '../http/securityHeaders';
import type { StaffGuard } from '../staff/identity';
import type { HandoffEvent } from './events';
import type { HandoffService } from './handoffService';

/** Where the console's HTML template, script and styles are (bot/handoff/public, from source or dist). */
const CONSOLE_ASSETS = path.join(projectRoot(), 'bot', 'handoff', 'public');
/** SSE keep-alive, below the usual 60 s proxy idle timeout. */
const HEARTBEAT_MS = 25_000;

// console.css also styles the staff sign-in page, which links it by this URL.
const ASSETS = new AssetTable([
  ['console.js', { file: path.join(CONSOLE_ASSETS, 'console.js'), type: 'text/javascript; charset=utf-8' }],
  ['console.css', { file: path.join(CONSOLE_ASSETS, 'console.css'), type: 'text/css; charset=utf-8' }],
]);

export interface ConsolePageDeps {
  handoff: HandoffService;
  requireStaff: StaffGuard;
}

/** The ticket console: the queue page (/staff), its assets and its live event stream. */
export function registerConsolePage(server: Server, deps: ConsolePageDeps): void {
  const { handoff, requireStaff } = deps;
  const template = fs.readFileSync(path.join(CONSOLE_ASSETS, 'console.html'), 'utf8');
  const streams = openStreams(server);

  server.get('/staff', async (req: Request, res: Response) => {
    setSecurityHeaders(res);
    const staff = await requireStaff(req, res, { page: true, signedIn: true });
    if (!staff) return;
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(fillTemplate(template, { csrf: staff.csrfToken, name: staff.name, email: staff.email }));
  });

  serveAssets(server, '/staff/assets/:file', ASSETS, { param: 'file', notFoundMessage: 'staff: no such asset', prepare: setSecurityHeaders });

  // Live queue updates (server-sent events); the page re-reads what changed through the API.
  // Connection: close, so that ending a stream (see openStreams) also frees its socket.
  server.get('/staff/events', async (req: Request, res: Response) => {
    setSecurityHeaders(res);
    if (!(await requireStaff(req, res))) return;
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'close', 'X-Accel-Buffering': 'no' });
    res.write('retry: 3000\n\n');
    const send = (event: HandoffEvent) => res.write(`event: ticket\ndata: ${JSON.stringify(event)}\n\n`);
    const unsubscribe = handoff.events.subscribe(send);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    await new Promise<void>((resolve) => {
      const done = () => {
        clearInterval(heartbeat);
        unsubscribe();
        streams.remove(res);
        resolve();
      };
      req.once('close', done);
      res.once('close', done);
      streams.add(res);
    });
    res.end();
  });
}

/**
 * The open event streams. A stream never ends by itself, so server.close() would wait for the
 * browsers forever: once the server stops listening, the streams are ended (EventSource
 * reconnects, to another instance behind a load balancer).
 */
function openStreams(server: Server): { add(res: Response): void; remove(res: Response): void } {
  const open = new Set<Response>();
  let watch: NodeJS.Timeout | undefined;
  const check = () => {
    if (server.server.listening) return;
    for (const res of open) res.end();
    open.clear();
  };
  return {
    add(res) {
      open.add(res);
      if (!watch) {
        watch = setInterval(check, 500);
        watch.unref();
      }
    },
    remove(res) {
      open.delete(res);
      if (open.size === 0 && watch) {
        clearInterval(watch);
        watch = undefined;
      }
    },
  };
}
