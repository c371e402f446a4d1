import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { serverNodeFlags } from '../../bot/nodeFlags';
import { projectRoot } from '../../knowledge/paths';

const ROOT = projectRoot();
/** One compiled copy of the server for every test file that runs it as a process (git-ignored dist/). */
const BUILD_DIR = path.join(ROOT, 'dist', 'test-build');
const LOCK_DIR = `${BUILD_DIR}.lock`;
const STAMP_FILE = path.join(BUILD_DIR, '.sources-stamp');
const SOURCE_DIRS = ['bot', 'knowledge', 'dialogs', 'scripts'];

/** The newest modification time among the sources: the build is current when it was made from them. */
function sourcesStamp(): string {
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else newest = Math.max(newest, fs.statSync(file).mtimeMs);
    }
  };
  for (const dir of SOURCE_DIRS) if (fs.existsSync(path.join(ROOT, dir))) walk(path.join(ROOT, dir));
  return String(newest);
}

/**
 * Compiles the server once into dist/test-build and returns that folder. Test files running in
 * parallel take turns through a lock folder; a build made from the current sources is reused.
 */
export async function compiledServer(): Promise<string> {
  const stamp = sourcesStamp();
  // The lock is made inside dist/: on a fresh clone dist/ does not exist yet, and mkdir of the lock would fail forever.
  fs.mkdirSync(path.dirname(LOCK_DIR), { recursive: true });
  for (;;) {
    if (fs.existsSync(STAMP_FILE) && fs.readFileSync(STAMP_FILE, 'utf8') === stamp) return BUILD_DIR;
    try {
      fs.mkdirSync(LOCK_DIR);
      break;
    } catch {
      // Another file is building; a lock left by a killed run is stale after ten minutes.
      const lockedSince = fs.statSync(LOCK_DIR, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - lockedSince > 600_000) fs.rmSync(LOCK_DIR, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    if (fs.existsSync(STAMP_FILE) && fs.readFileSync(STAMP_FILE, 'utf8') === stamp) return BUILD_DIR;
    await promisify(execFile)(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json', '--outDir', BUILD_DIR, '--tsBuildInfoFile', path.join(BUILD_DIR, '.tsbuildinfo')],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
    ).catch((error: Error & { stdout?: string }) => {
      throw new Error(`tests: the build failed:\n${String(error.stdout ?? error).slice(0, 4000)}`);
    });
    fs.writeFileSync(STAMP_FILE, stamp);
    return BUILD_DIR;
  } finally {
    fs.rmSync(LOCK_DIR, { recursive: true, force: true });
  }
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
      const line = output.split('\n').find((l) => l.includes('server: listening'));
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
