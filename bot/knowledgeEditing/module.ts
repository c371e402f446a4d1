import fs from 'node:fs';
import type { Server } from 'restify';
import { labelledQueriesSchema, loadKnowledgeData, type LabelledQuery } from '../../knowledge';
import {
  InProcessKnowledgeChanges,
  KnowledgeEditor,
  LiveKnowledge,
  seedKnowledge,
  type KnowledgeChanges,
} from '../../knowledge/editing';
import { EVALUATION_SET } from '../../knowledge/paths';
import type { Logger } from '../logger';
import type { StaffGuard } from '../staff/identity';
import { registerKnowledgePage } from './page';
import { registerKnowledgeEditingRoutes } from './routes';
import type { Database } from '../storage/database';
import { SqlKnowledgeRepository } from './sqlRepository';

/** Replaceable parts of the knowledge module, for tests (and the lead's PostgreSQL notifier). */
export interface KnowledgeOverrides {
  /** How instances tell each other about changes (default: in this process only). */
  changes?: KnowledgeChanges;
  /** The labelled queries re-run after each change (default: the evaluation set, when present). */
  evaluationSet?: readonly LabelledQuery[];
  /** How often to check the database for changes made without a notification (ms; 0: never). */
  pollIntervalMs?: number;
  now?: () => Date;
}

/** Changes made without a notification (a CLI import) reach a running instance within this time. */
const DEFAULT_POLL_INTERVAL_MS = 30_000;

export interface KnowledgeModuleDeps {
  database: Database;
  /** The seed knowledge files: entries for the first start; categories, synonyms and fillers always. */
  knowledgeDir: string;
  logger: Logger;
  overrides?: KnowledgeOverrides;
}

/** The live knowledge base and the staff editing behind it. */
export interface KnowledgeModule {
  readonly live: LiveKnowledge;
  readonly editor: KnowledgeEditor;
  readonly repository: SqlKnowledgeRepository;
  readonly changes: KnowledgeChanges;
  /** Adds the staff editing API (/api/knowledge/…) and the /staff/knowledge page, behind `requireStaff`. */
  registerRoutes(server: Server, requireStaff: StaffGuard): void;
  /** Stops watching for changes and waits for a running reload. */
  close(): Promise<void>;
}

/** The evaluation set when it is there (a deployment without tests/ records no figures). */
function readEvaluationSet(file = EVALUATION_SET): LabelledQuery[] {
  if (!fs.existsSync(file)) return [];
  return labelledQueriesSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}

/** Seeds the database from the knowledge files on first start, then builds the live index from it. */
export async function createKnowledgeModule(deps: KnowledgeModuleDeps): Promise<KnowledgeModule> {
  const { database, logger, overrides = {} } = deps;
  const seed = loadKnowledgeData(deps.knowledgeDir);
  const repository = new SqlKnowledgeRepository(database);
  if (await seedKnowledge(repository, seed.entries, overrides.now?.())) {
    logger.info({ entries: seed.entries.length, dir: deps.knowledgeDir }, 'knowledge: seeded the database from the knowledge files');
  }
  const changes = overrides.changes ?? new InProcessKnowledgeChanges();
  const live = await LiveKnowledge.open({
    repository,
    files: { categories: seed.categories, synonyms: seed.synonyms, fillers: seed.fillers, abbreviations: seed.abbreviations },
    changes,
    onReloadError: (error) => logger.error({ err: error }, 'knowledge: reload failed; the current index stays'),
  });
  live.poll(overrides.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS);
  const editor = new KnowledgeEditor({
    repository,
    live,
    changes,
    evaluationSet: overrides.evaluationSet ?? readEvaluationSet(),
    now: overrides.now,
  });
  return {
    live,
    editor,
    repository,
    changes,
    registerRoutes(server, requireStaff) {
      registerKnowledgeEditingRoutes(server, { editor, requireStaff });
      registerKnowledgePage(server, { requireStaff });
    },
    async close() {
      live.close();
      await live.settled();
    },
  };
}
