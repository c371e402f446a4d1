/**
 * The server with a help centre of 10,000 entries (issue 14, item 6): generated entries
 * (bench/generated) written as a TSV, imported with the real `kb:import` CLI into SQLite under a
 * temp DATA_DIR, then the compiled server started with the project's node flags (256 MB old space)
 * and a real entry's question searched through HTTP.
 *
 * THE SLOWEST TEST of the suite: the import builds the 10,000-entry index and re-runs the
 * evaluation set on it, and the server builds the index again at start-up.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { generatedKnowledge } from '../../bench/generated/generatedKnowledge';
import { toTsv } from '../../knowledge/editing';
import { loadKnowledgeData } from '../../knowledge/loader';
import { DEFAULT_KNOWLEDGE_DIR, projectRoot } from '../../knowledge/paths';
import { serverNodeFlags } from '../../bot/nodeFlags';
import { compiledServer } from '../support/serverProcess';

const ENTRIES = 10_000;
/** Building a 10,000-entry index at start-up takes far longer than the usual 60 s allowance on a busy 2-core machine. */
const START_TIMEOUT_MS = 300_000;

/**
 * Starts the compiled server as `npm start` would (its node flags: 256 MB old space) and resolves
 * with its URL once it listens; rejects with its last output if it exits first (out of memory)
 * or does not listen in time, and kills it then, so no server outlives the test.
 */
function startServer(build: string, dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [...serverNodeFlags(projectRoot()), path.join(build, 'bot', 'index.js')], {
    cwd: projectRoot(),
    env: { PATH: process.env.PATH, NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`tests: the server with ${ENTRIES} entries ${why}:\n${output.slice(-2000)}`));
    };
    const timer = setTimeout(() => fail(`did not listen within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    let listening = false;
    const read = (chunk: Buffer) => {
      // Once listening, later output (the shutdown's) must not run this again: it would remove the
      // 'exit' listener the clean-up waits on.
      if (listening) return;
      output = (output + chunk.toString('utf8')).slice(-20_000);
      // Only whole lines: a chunk may end in the middle of the listening line, which would not parse.
      const line = output.split('\n').slice(0, -1).find((l) => l.includes('server: listening'));
      if (!line) return;
      listening = true;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ url: `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}`, child });
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code, signal) => fail(`exited (${code ?? signal}) before listening`));
  });
}

describe('The server with 10,000 entries imported through kb:import', () => {
  let dataDir: string;
  let server: { url: string; child: ChildProcess } | undefined;
  const base = loadKnowledgeData(DEFAULT_KNOWLEDGE_DIR);

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-10k-'));
    const build = await compiledServer();
    const file = path.join(dataDir, 'help-centre.tsv');
    fs.writeFileSync(file, toTsv(generatedKnowledge(base, { entries: ENTRIES }).entries));
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(build, 'scripts', 'kb', 'import.js'), file, '--author', 'test'], {
      cwd: projectRoot(),
      env: { PATH: process.env.PATH, NODE_ENV: 'test', DATA_DIR: dataDir },
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(stdout).toContain(`${ENTRIES} entries read`);
    server = await startServer(build, dataDir);
  }, 900_000);

  afterAll(async () => {
    if (server?.child.exitCode === null) {
      const child = server.child;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      const asked = Date.now();
      child.kill('SIGTERM');
      // Clean-up, not a check: a server that does not stop gracefully within a minute is killed.
      const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      await exited;
      clearTimeout(killer);
      process.stderr.write(`tests: the 10,000-entry server stopped ${Date.now() - asked} ms after SIGTERM\n`);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);

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
