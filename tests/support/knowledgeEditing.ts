import fs from 'node:fs';
import { createKnowledgeModule, type KnowledgeModule, type KnowledgeOverrides } from '../../bot/knowledgeEditing/module';
import { createLogger } from '../../bot/logger';
import type { Database } from '../../bot/storage/database';
import { labelledQueriesSchema, type LabelledQuery } from '../../knowledge';
import type { DraftEntry } from '../../knowledge/editing';
import { DEFAULT_KNOWLEDGE_DIR, EVALUATION_SET } from '../../knowledge/paths';

/** The labelled evaluation set. */
const EVALUATION_QUERIES: readonly LabelledQuery[] = labelledQueriesSchema.parse(
  JSON.parse(fs.readFileSync(EVALUATION_SET, 'utf8')),
);

/** A few in-scope and out-of-scope queries of the evaluation set: enough to see figures move, quick to run. */
export const SMALL_EVALUATION_SET: readonly LabelledQuery[] = [
  ...EVALUATION_QUERIES.filter((query) => query.expected !== null).slice(0, 12),
  ...EVALUATION_QUERIES.filter((query) => query.expected === null).slice(0, 6),
];

/** The knowledge module on a migrated database, seeded from the knowledge files, silent, not polling. */
export function openKnowledge(database: Database, overrides: KnowledgeOverrides = {}): Promise<KnowledgeModule> {
  return createKnowledgeModule({
    database,
    knowledgeDir: DEFAULT_KNOWLEDGE_DIR,
    logger: createLogger('silent'),
    overrides: { evaluationSet: [], pollIntervalMs: 0, ...overrides },
  });
}

const phrasings = (stem: string) => Array.from({ length: 6 }, (_, i) => `${stem} ${i + 1}`);

/** A new entry about something the seed never mentions (a "zorblax" plug-in), in one or both languages. */
export function zorblaxEntry(languages: readonly ('fr' | 'en')[] = ['fr', 'en']): DraftEntry {
  return {
    id: 'zorblax-plugin',
    category: 'configuration',
    ...(languages.includes('fr')
      ? {
          fr: {
            question: 'Comment installer le module zorblax ?',
            answer: 'Le module zorblax s’installe depuis la page Configuration.',
            phrasings: phrasings('installer zorblax variante'),
          },
        }
      : {}),
    ...(languages.includes('en')
      ? {
          en: {
            question: 'How do I install the zorblax plug-in?',
            answer: 'The zorblax plug-in is installed from the Configuration page.',
            phrasings: phrasings('install zorblax variant'),
          },
        }
      : {}),
    related: [],
    references: [],
    journey: null,
  };
}
