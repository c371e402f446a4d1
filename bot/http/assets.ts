import fs from 'node:fs';

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
