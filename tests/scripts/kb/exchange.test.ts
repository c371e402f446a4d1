import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { runExport, runImport, type CliContext } from '../../../scripts/kb/exchange';
import { DEFAULT_KNOWLEDGE_DIR } from '../../../knowledge/paths';
import { createTestDatabase, postgresAvailable } from '../../support/postgres';

/** The environment a CLI run is configured by: SQLite in a DATA_DIR, or a PostgreSQL DATABASE_URL. */
interface CliEngine {
  readonly name: string;
  prepare(dir: string): Promise<{ env: Record<string, string>; dispose: () => Promise<void> }>;
}

const CLI_ENGINES: CliEngine[] = [
  {
    name: 'sqlite',
    async prepare(dir) {
      return { env: { DATA_DIR: path.join(dir, 'data') }, dispose: async () => undefined };
    },
  },
  {
    name: 'postgres',
    async prepare(dir) {
      if (!(await postgresAvailable())) throw new Error('tests: PostgreSQL is not reachable (see TEST_DATABASE_URL)');
      const created = await createTestDatabase();
      return { env: { DATA_DIR: path.join(dir, 'data'), DATABASE_URL: created.url }, dispose: created.drop };
    },
  },
];

const seedEntries = path.join(DEFAULT_KNOWLEDGE_DIR, 'entries');

describe.each(CLI_ENGINES)('kb:export and kb:import on $name', (engine) => {
  let dir: string;
  let env: Record<string, string>;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-cli-'));
    ({ env, dispose } = await engine.prepare(dir));
  });

  afterAll(async () => {
    await dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function run(command: (context: CliContext) => Promise<number>, ...argv: string[]) {
    let out = '';
    let err = '';
    const code = await command({
      argv,
      env: { NODE_ENV: 'test', ...env },
      out: (text) => (out += text),
      err: (text) => (err += text),
    });
    return { code, out, err };
  }

  function expectSameAsSeed(exported: string) {
    const names = fs.readdirSync(seedEntries).sort();
    expect(fs.readdirSync(path.join(exported, 'entries')).sort()).toEqual(names);
    for (const name of names) {
      expect(fs.readFileSync(path.join(exported, 'entries', name), 'utf8')).toBe(fs.readFileSync(path.join(seedEntries, name), 'utf8'));
    }
  }

  it('writes the entry files byte for byte as the seed when nothing was edited', async () => {
    const out = path.join(dir, 'files');
    const result = await run(runExport, '--out', out);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toMatch(/^kb:export: 18 entries \(version 1\) → .*: 18 written, 0 unchanged, 0 removed\n$/);
    expectSameAsSeed(out);
    expect(fs.readFileSync(path.join(out, 'categories.json'), 'utf8')).toBe(
      fs.readFileSync(path.join(DEFAULT_KNOWLEDGE_DIR, 'categories.json'), 'utf8'),
    );
  });

  it('imports an edited TSV export, and the files then show the edit', async () => {
    const tsvFile = path.join(dir, 'kb.tsv');
    expect(await run(runExport, '--format', 'tsv', '--out', tsvFile)).toMatchObject({ code: 0 });
    const rows = parse(fs.readFileSync(tsvFile, 'utf8'), { delimiter: '\t' });
    const edited = rows.map((cells, i) =>
      i > 0 && cells[3]!.startsWith('id:payment-info|') && cells[3]!.includes('lang:en') ? [cells[0]!, 'Paid by your customer.', ...cells.slice(2)] : cells,
    );
    const editedFile = path.join(dir, 'edited.tsv');
    fs.writeFileSync(editedFile, stringify(edited, { delimiter: '\t' }));
    const imported = await run(runImport, editedFile, '--author', 'tester');
    expect(imported).toMatchObject({ code: 0, err: '' });
    expect(imported.out).toMatch(/18 entries read, 1 changed \(version 2\)/);
    const out = path.join(dir, 'after-edit');
    await run(runExport, '--out', out);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'entries', 'payment-info.json'), 'utf8')).en.answer).toBe('Paid by your customer.');
  });

  it('round-trips: importing the original export restores the seed exactly', async () => {
    const imported = await run(runImport, path.join(dir, 'kb.tsv'));
    expect(imported.out).toMatch(/18 entries read, 1 changed \(version 3\)/);
    const out = path.join(dir, 'restored');
    await run(runExport, '--out', out);
    expectSameAsSeed(out);
    const tsvAgain = path.join(dir, 'again.tsv');
    await run(runExport, '--format', 'tsv', '--out', tsvAgain);
    expect(fs.readFileSync(tsvAgain, 'utf8')).toBe(fs.readFileSync(path.join(dir, 'kb.tsv'), 'utf8'));
  });

  it('reports the bad rows with their line numbers and imports nothing', async () => {
    const text = fs.readFileSync(path.join(dir, 'kb.tsv'), 'utf8');
    // The first record's QnaId sits on its last line when its answer spans several; the report names the line it starts on.
    const lines = text.split('\n');
    const end = lines.findIndex((line) => /\t\d+\tEditorial$/.test(line));
    lines[end] = lines[end]!.replace(/\t(\d+)\tEditorial$/, '\tseven\tEditorial');
    const badLine = 2;
    const broken = path.join(dir, 'broken.tsv');
    fs.writeFileSync(broken, lines.join('\n'));
    const result = await run(runImport, broken);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`line ${badLine}: QnaId "seven" is not a whole number`);
    expect(result.err).toContain('nothing imported');
    const out = path.join(dir, 'after-refusal');
    expect((await run(runExport, '--out', out)).out).toMatch(/\(version 3\)/);
    expectSameAsSeed(out);
  });

  it('refuses an unknown format', async () => {
    expect(await run(runExport, '--format', 'xml')).toMatchObject({ code: 2, err: 'kb:export: --format must be json or tsv (got "xml")\n' });
  });
});
