import fs from 'node:fs';
import path from 'node:path';

/** The folder holding package.json, found from this file whether it runs from source or from dist/. */
export function projectRoot(from: string = __dirname): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`knowledge: no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

/** Where the seed knowledge files live. */
export const DEFAULT_KNOWLEDGE_DIR = path.join(projectRoot(), 'knowledge', 'data');
/** The labelled query set `npm run eval` and the evaluation test read. */
export const EVALUATION_SET = path.join(projectRoot(), 'knowledge', 'data', 'eval', 'queries.json');
/**
 * Questions written without looking at the phrasings, each marked `tune` or `heldout` once and for
 * all (see knowledge/data/eval/README.md): no weight, synonym or threshold is chosen on `heldout`.
 */
export const GENERALISATION_SET = path.join(projectRoot(), 'knowledge', 'data', 'eval', 'generalisation.json');
