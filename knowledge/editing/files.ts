import fs from 'node:fs';
import path from 'node:path';
import type { FaqEntry, KnowledgeData } from '../schema';
import { canonicalEntry } from './draft';

/** An entry file's text: the seed files' field order, two-space indent, a final newline. */
export function entryFileText(entry: FaqEntry): string {
  return `${JSON.stringify(canonicalEntry(entry), null, 2)}\n`;
}

/** What `writeKnowledgeFiles` did. */
export interface FilesWritten {
  /** Entry files whose content changed or that are new. */
  readonly written: readonly string[];
  /** Entry files that were already identical. */
  readonly unchanged: readonly string[];
  /** Entry files removed because their entry is not live. */
  readonly removed: readonly string[];
}

/**
 * Writes a knowledge base as knowledge files under `dir` (`entries/<id>.json` for each entry,
 * and categories, synonyms and fillers when `withSharedFiles`): what `npm run kb:export` does.
 * Entry files of entries not in `data` are removed, so the folder mirrors the knowledge base.
 */
export function writeKnowledgeFiles(dir: string, data: KnowledgeData, withSharedFiles = false): FilesWritten {
  const entriesDir = path.join(dir, 'entries');
  fs.mkdirSync(entriesDir, { recursive: true });
  const written: string[] = [];
  const unchanged: string[] = [];
  const keep = new Set<string>();
  for (const entry of data.entries) {
    const name = `${entry.id}.json`;
    keep.add(name);
    const file = path.join(entriesDir, name);
    const text = entryFileText(entry);
    if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) {
      unchanged.push(file);
      continue;
    }
    fs.writeFileSync(file, text);
    written.push(file);
  }
  const removed: string[] = [];
  for (const name of fs.readdirSync(entriesDir).sort()) {
    if (name.endsWith('.json') && !keep.has(name)) {
      fs.rmSync(path.join(entriesDir, name));
      removed.push(path.join(entriesDir, name));
    }
  }
  if (withSharedFiles) {
    const shared: [string, unknown][] = [
      ['categories.json', data.categories],
      ['synonyms.json', data.synonyms],
      ['fillers.json', data.fillers],
      ['abbreviations.json', data.abbreviations ?? { fr: {}, en: {} }],
    ];
    for (const [name, value] of shared) fs.writeFileSync(path.join(dir, name), `${JSON.stringify(value, null, 2)}\n`);
  }
  return { written, unchanged, removed };
}
