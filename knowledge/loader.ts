import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import {
  abbreviationsSchema,
  categoriesSchema,
  entrySchema,
  fillerWordsSchema,
  synonymsSchema,
  type FaqEntry,
  type KnowledgeData,
} from './schema';

/** A knowledge file that cannot be used; the message names the file, the entry and the field. */
export class KnowledgeFileError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`knowledge: ${file}: ${detail}`);
    this.name = 'KnowledgeFileError';
  }
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new KnowledgeFileError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new KnowledgeFileError(file, `is not valid JSON (${(error as Error).message})`);
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `field "${issue.path.join('.') || '(root)'}" ${issue.message}`)
    .join('; ');
}

function parseFile<T>(file: string, schema: z.ZodType<T>, entryLabel?: (raw: unknown) => string): T {
  const raw = readJson(file);
  const result = schema.safeParse(raw);
  if (!result.success) {
    const label = entryLabel ? `${entryLabel(raw)}: ` : '';
    throw new KnowledgeFileError(file, `${label}${describeIssues(result.error)}`);
  }
  return result.data;
}

function entryIdOf(raw: unknown): string {
  const id = (raw as { id?: unknown } | null)?.id;
  return `entry "${typeof id === 'string' ? id : '(no id)'}"`;
}

/** Checks what a schema cannot see alone: unique ids, known categories and related ids, file names. */
function checkConsistency(data: KnowledgeData, fileOf: (entry: FaqEntry) => string = () => 'entries'): void {
  const ids = new Set<string>();
  const categories = new Set(data.categories.map((c) => c.id));
  for (const entry of data.entries) {
    if (ids.has(entry.id)) throw new KnowledgeFileError(fileOf(entry), `entry "${entry.id}": duplicate id`);
    ids.add(entry.id);
  }
  for (const entry of data.entries) {
    const file = fileOf(entry);
    if (!categories.has(entry.category)) {
      throw new KnowledgeFileError(file, `entry "${entry.id}": field "category" names unknown category "${entry.category}"`);
    }
    entry.related.forEach((related, i) => {
      if (!ids.has(related) || related === entry.id) {
        throw new KnowledgeFileError(file, `entry "${entry.id}": field "related.${i}" names unknown entry "${related}"`);
      }
    });
  }
}

/**
 * Reads and validates the knowledge files under `dir`:
 * `entries/*.json` (one entry each, named after its id), `categories.json`, `synonyms.json`, `fillers.json`,
 * `abbreviations.json`.
 */
export function loadKnowledgeData(dir: string): KnowledgeData {
  const entriesDir = path.join(dir, 'entries');
  let names: string[];
  try {
    names = fs.readdirSync(entriesDir).filter((name) => name.endsWith('.json')).sort();
  } catch {
    throw new KnowledgeFileError(entriesDir, 'folder cannot be read');
  }
  if (names.length === 0) throw new KnowledgeFileError(entriesDir, 'holds no entry');
  const files = new Map<FaqEntry, string>();
  const entries = names.map((name) => {
    const file = path.join(entriesDir, name);
    const entry = parseFile(file, entrySchema, entryIdOf);
    if (`${entry.id}.json` !== name) {
      throw new KnowledgeFileError(file, `entry "${entry.id}": field "id" must match the file name`);
    }
    files.set(entry, file);
    return entry;
  });
  const data: KnowledgeData = {
    entries,
    categories: parseFile(path.join(dir, 'categories.json'), categoriesSchema),
    synonyms: parseFile(path.join(dir, 'synonyms.json'), synonymsSchema),
    fillers: parseFile(path.join(dir, 'fillers.json'), fillerWordsSchema),
    abbreviations: parseFile(path.join(dir, 'abbreviations.json'), abbreviationsSchema),
  };
  checkConsistency(data, (entry) => files.get(entry) ?? entriesDir);
  return data;
}
