import fs from 'node:fs';
import type { Request, Response, Server } from 'restify';
import { sendError } from './errors';
import { pathParam } from './pathParam';

/** A file a page route serves by name, with its Content-Type. */
export interface Asset {
  readonly file: string;
  readonly type: string;
}

/**
 * The fixed set of files a route such as `/staff/assets/:file` serves. A Map, not an object
 * literal: looking a request's name up in `{ 'console.js': … }` found Object.prototype's members
 * too (`constructor`, `hasOwnProperty`, `__proto__`), and serving a function as a Content-Type
 * threw outside any handler and ended the process. Only listed names are ever read from disk,
 * so `..` and encoded slashes name nothing.
 */
export class AssetTable {
  private readonly byName: ReadonlyMap<string, Asset>;

  constructor(assets: Iterable<readonly [name: string, asset: Asset]>) {
    this.byName = new Map(assets);
  }

  /** The asset a request names, or undefined for any other name (or a parameter that is not a string). */
  find(name: unknown): Asset | undefined {
    return typeof name === 'string' ? this.byName.get(name) : undefined;
  }

  /** The asset's bytes (read on each request, as the pages always did: they change while developing). */
  read(asset: Asset): Buffer {
    return fs.readFileSync(asset.file);
  }
}

/** How one asset route answers: its 404 message and what it adds to every answer. */
export interface AssetRouteOptions {
  /** The route parameter that names the asset (`file` in `/staff/assets/:file`). */
  readonly param: string;
  /** The 404 message for a name the table does not hold. */
  readonly notFoundMessage: string;
  /** Headers besides Content-Type (caching). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Runs first on every answer, 404 included (the staff pages' security headers). */
  readonly prepare?: (res: Response) => void;
}

/** `GET route` serving the assets of `table` by the name in `options.param`, and 404 for any other name. */
export function serveAssets(server: Server, route: string, table: AssetTable, options: AssetRouteOptions): void {
  server.get(route, async (req: Request, res: Response) => {
    const asset = table.find(pathParam(req, options.param));
    options.prepare?.(res);
    if (!asset) return sendError(res, 404, 'not_found', options.notFoundMessage);
    res.writeHead(200, { 'Content-Type': asset.type, ...options.headers });
    res.end(table.read(asset));
  });
}
