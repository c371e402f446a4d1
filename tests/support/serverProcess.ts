import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { serverNodeFlags } from '../../bot/nodeFlags';
import { projectRoot } from '../../knowledge/paths';
import { buildOnce } from './buildOnce';

const ROOT = projectRoot();
/** Compiled copies of the server for every test file that runs it as a process (git-ignored dist/), one per sources stamp. */
const BUILDS_DIR = path.join(ROOT, 'dist', 'test-builds');
const SOURCE_DIRS = ['bot', 'knowledge', 'dialogs', 'scripts'];

/** The newest modification time among the sources: the build is current when it was made from them. */
function sourcesStamp(): string {
  let newest = 0;
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      // A folder removed while we walk (an editor's temporary folder) holds no sources.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else newest = Math.max(newest, fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0);
    }
  };
  for (const dir of SOURCE_DIRS) walk(path.join(ROOT, dir));
  return String(newest);
}

/** `tsc -p tsconfig.json` into `outDir`, incremental on what `outDir` already holds. */
async function compileInto(outDir: string): Promise<void> {
  await promisify(execFile)(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json', '--outDir', outDir, '--tsBuildInfoFile', path.join(outDir, '.tsbuildinfo')],
    { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
  ).catch((error: Error & { stdout?: string }) => {
    throw new Error(`tests: the build failed:\n${(error.stdout ?? error.message).slice(0, 4000)}`);
  });
}

/**
 * Compiles the server once per state of the sources into dist/test-builds/<stamp> and returns that
 * folder. Test files running in parallel share it; see `buildOnce` for how they avoid each other.
 */
export function compiledServer(): Promise<string> {
  return buildOnce({ buildsDir: BUILDS_DIR, stamp: sourcesStamp(), build: compileInto });
}

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the process has logged so far. */
  output(): string;
}

/** The node flags `npm start` runs the server with. */
const NODE_FLAGS = serverNodeFlags(ROOT);

/** Starts `node <flags> <build>/bot/index.js` on a free port with `env`, as `npm start` would, and waits for its "listening" line. */
export function startServerProcess(buildDir: string, env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...NODE_FLAGS, path.join(buildDir, 'bot', 'index.js')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tests: the server did not start:\n${output.slice(-3000)}`)), 60_000);
    const poll = setInterval(() => {
      // Only whole lines: a chunk may end in the middle of the listening line, which would not parse.
      const line = output.split('\n').slice(0, -1).find((l) => l.includes('server: listening'));
      if (!line) return;
      clearInterval(poll);
      clearTimeout(timer);
      const port = (JSON.parse(line) as { port: number }).port;
      resolve({ url: `http://127.0.0.1:${port}`, child, output: () => output });
    }, 50);
    child.once('exit', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`tests: the server exited with ${code}:\n${output.slice(-3000)}`));
    });
  });
}

/** Sends `signal` and resolves when the process has exited. */
export function stopProcess(server: ServerProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return resolve();
    server.child.once('exit', () => resolve());
    server.child.kill(signal);
  });
}
