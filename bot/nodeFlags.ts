import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../knowledge/paths';

/**
 * The node flags `npm start` runs the server with (package.json `config.nodeFlags`: heap sizes),
 * for whatever else starts the compiled server (benchmarks, end-to-end tests) to run it the same way.
 */
export function serverNodeFlags(root: string = projectRoot()): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { config: { nodeFlags: string } };
  return manifest.config.nodeFlags.split(/\s+/).filter(Boolean);
}
