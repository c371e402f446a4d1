/**
 * `npm run kb:export` and `npm run kb:import`: the live knowledge base (the database in DATA_DIR,
 * or DATABASE_URL) to and from the knowledge files and Azure question answering TSV.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../bot/config';
import { createKnowledgeModule, type KnowledgeModule } from '../../bot/knowledgeEditing/module';
import { createLogger } from '../../bot/logger';
import { openDatabase } from '../../bot/storage/database';
import { migrate } from '../../bot/storage/migrate';
import { KnowledgeEditError, TsvImportError, fromTsv, toTsv, writeKnowledgeFiles } from '../../knowledge/editing';
import type { KnowledgeData } from '../../knowledge/schema';

/** Where a CLI run reads its settings and writes its output (tests pass their own). */
export interface CliContext {
  readonly argv: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const processContext = (): CliContext => ({
  argv: process.argv.slice(2),
  env: process.env,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});

/** Opens the configured database, seeds it on first use, and runs `work` on the knowledge module. */
async function withKnowledge<T>(env: NodeJS.ProcessEnv, work: (module: KnowledgeModule) => Promise<T>): Promise<T> {
  const config = loadConfig(env);
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
  try {
    await migrate(database);
    const module = await createKnowledgeModule({
      database,
      knowledgeDir: config.knowledgeDir,
      logger: createLogger('silent'),
      overrides: { pollIntervalMs: 0 },
    });
    try {
      return await work(module);
    } finally {
      await module.close();
    }
  } finally {
    await database.close();
  }
}

function liveDataOf(module: KnowledgeModule): KnowledgeData {
  const kb = module.live.current();
  return { ...module.live.files, entries: [...kb.entries] };
}

/** `kb:export [--format json|tsv] [--out DIR|FILE]`: entry files (default: the seed folder) or TSV (default: stdout). */
export async function runExport(context: CliContext = processContext()): Promise<number> {
  const { values } = parseArgs({
    args: [...context.argv],
    options: { format: { type: 'string', default: 'json' }, out: { type: 'string' } },
    allowPositionals: false,
  });
  if (values.format !== 'json' && values.format !== 'tsv') {
    context.err(`kb:export: --format must be json or tsv (got ${JSON.stringify(values.format)})\n`);
    return 2;
  }
  const config = loadConfig(context.env);
  return withKnowledge(context.env, async (module) => {
    const data = liveDataOf(module);
    if (values.format === 'tsv') {
      const text = toTsv(data.entries);
      if (!values.out) {
        context.out(text);
        return 0;
      }
      fs.writeFileSync(path.resolve(values.out), text);
      context.out(`kb:export: ${data.entries.length} entries (version ${module.live.version}) → ${path.resolve(values.out)}\n`);
      return 0;
    }
    const dir = path.resolve(values.out ?? config.knowledgeDir);
    // Outside the seed folder, write the shared files too, so the folder is a whole knowledge base.
    const result = writeKnowledgeFiles(dir, data, dir !== config.knowledgeDir);
    context.out(
      `kb:export: ${data.entries.length} entries (version ${module.live.version}) → ${dir}: ` +
        `${result.written.length} written, ${result.unchanged.length} unchanged, ${result.removed.length} removed\n`,
    );
    return 0;
  });
}

/** `kb:import FILE.tsv [--replace] [--author NAME]`: all rows valid, or nothing imported and every bad line listed. */
export async function runImport(context: CliContext = processContext()): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...context.argv],
    options: { replace: { type: 'boolean', default: false }, author: { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) {
    context.err('kb:import: usage: npm run kb:import -- FILE.tsv [--replace] [--author NAME]\n');
    return 2;
  }
  const file = path.resolve(positionals[0]!);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    context.err(`kb:import: ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})\n`);
    return 1;
  }
  const author = values.author ?? `cli:${os.userInfo().username}`;
  return withKnowledge(context.env, async (module) => {
    try {
      const entries = fromTsv(text, module.live.files.categories.map((category) => category.id));
      const result = await module.editor.importEntries(entries, author, { replace: values.replace });
      const moved = result.evaluation
        ? `; top-1 ${percent(result.evaluation.before.top1)} → ${percent(result.evaluation.after.top1)}, ` +
          `rejection ${percent(result.evaluation.before.rejection)} → ${percent(result.evaluation.after.rejection)}`
        : '';
      context.out(
        `kb:import: ${file}: ${entries.length} entries read, ${result.entries.length} changed (version ${result.version})${moved}\n`,
      );
      return 0;
    } catch (error) {
      if (error instanceof TsvImportError || error instanceof KnowledgeEditError) {
        context.err(`kb:import: ${file}: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
  });
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** Runs a CLI command as a process: prints start-up errors plainly and sets the exit code. */
export function main(command: (context?: CliContext) => Promise<number>): void {
  command()
    .then((code) => {
      process.exitCode = code;
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    });
}
