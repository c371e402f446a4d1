/**
 * The server with a help centre of 10,000 entries (issue 14, item 6): generated entries
 * (bench/generated) written as a TSV, imported with the real `kb:import` CLI into SQLite under a
 * temp DATA_DIR, then the compiled server started with the project's node flags (256 MB old space)
 * and a real entry's question searched through HTTP.
 *
 * THE SLOWEST TEST of the suite: the import builds the 10,000-entry index and re-runs the
 * evaluation set on it, and the server builds the index again at start-up.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { generatedKnowledge } from '../../bench/generated/generatedKnowledge';
import { toTsv } from '../../knowledge/editing';
import { loadKnowledgeData } from '../../knowledge/loader';
import { DEFAULT_KNOWLEDGE_DIR, projectRoot } from '../../knowledge/paths';
import { compiledServer, startServerProcess, stopProcess, type ServerProcess } from '../support/serverProcess';

const ENTRIES = 10_000;

describe('The server with 10,000 entries imported through kb:import', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;
  const base = loadKnowledgeData(DEFAULT_KNOWLEDGE_DIR);

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-10k-'));
    const build = await compiledServer();
    const file = path.join(dataDir, 'help-centre.tsv');
    fs.writeFileSync(file, toTsv(generatedKnowledge(base, { entries: ENTRIES }).entries));
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(build, 'knowledge', 'cli', 'import.js'), file, '--author', 'test'], {
      cwd: projectRoot(),
      env: { PATH: process.env.PATH, NODE_ENV: 'test', DATA_DIR: dataDir },
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(stdout).toContain(`${ENTRIES} entries read`);
    server = await startServerProcess(build, { DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  }, 600_000);

  afterAll(async () => {
    if (server) await stopProcess(server, 'SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers a real entry\'s question with that entry, among the generated ones', async () => {
    const needle = base.entries.find((entry) => entry.id === 'update-banking-info') ?? base.entries[0]!;
    const response = await fetch(`${server!.url}/api/faq/search?lang=en&q=${encodeURIComponent(needle.en.question)}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { results: { id: string }[] };
    expect(body.results[0]?.id).toBe(needle.id);
  });

  it('serves the generated entries too', async () => {
    const response = await fetch(`${server!.url}/api/faq/generated-${ENTRIES - 1}?lang=en`);
    expect(response.status).toBe(200);
  });
});
