import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import { projectRoot } from '../../knowledge/paths';

/** The 32×32 icon `npm run teams:icons` draws with the Teams icons (same bubble, same colour). */
const FAVICON_FILE = path.join(projectRoot(), 'bot', 'http', 'public', 'favicon.png');

/**
 * `/favicon.ico`, which browsers ask for on every page that names no icon (and some on every
 * page): a PNG, which every current browser reads at that name, instead of a 404 each time. The
 * pages themselves name the SVG logo.
 */
export function registerFavicon(server: Server): void {
  const icon = fs.readFileSync(FAVICON_FILE);
  server.get('/favicon.ico', async (_req: Request, res: Response) => {
    res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': icon.length, 'Cache-Control': 'public, max-age=86400' });
    res.end(icon);
  });
}
