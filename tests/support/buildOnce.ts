import nodeFs from 'node:fs';
import path from 'node:path';

/** The file-system calls `buildOnce` makes; a test passes a wrapper that races them. */
export type BuildFs = Pick<
  typeof nodeFs,
  'cpSync' | 'existsSync' | 'mkdirSync' | 'mkdtempSync' | 'readFileSync' | 'readdirSync' | 'renameSync' | 'rmSync' | 'statSync' | 'writeFileSync'
>;

export interface BuildOnceOptions {
  /** Holds one folder per published build, named by its stamp, plus the lock and unfinished builds. */
  readonly buildsDir: string;
  /** Names what the build is made from: a published folder of this name is reused. */
  readonly stamp: string;
  /** Writes a complete build into `outDir`, which may already hold an older build to update. */
  build(outDir: string): Promise<void>;
  /** How many published builds to keep (the newest by stamp); older ones are removed. */
  readonly keep?: number;
  readonly pollMs?: number;
  /** A lock older than this is taken for one left by a killed run, whatever its owner file says. */
  readonly staleMs?: number;
  readonly fs?: BuildFs;
}

const LOCK = '.lock';
const OWNER_FILE = 'owner';
const UNFINISHED_PREFIX = '.building-';

/**
 * Builds once for `stamp` among test files running in parallel, and returns the published folder.
 *
 * Correctness never rests on the lock: each build is written into a private folder and published
 * by one rename, so a reader sees a complete build or none, and a published build is never written
 * again. The lock only spares the machine parallel builds; it may vanish or appear between any two
 * steps (a rival clearing it as stale, a killed run leaving it), and the worst that does is a
 * second build whose rename loses.
 */
export async function buildOnce(options: BuildOnceOptions): Promise<string> {
  const fs = options.fs ?? nodeFs;
  const pollMs = options.pollMs ?? 500;
  const staleMs = options.staleMs ?? 600_000;
  const target = path.join(options.buildsDir, options.stamp);
  const lock = path.join(options.buildsDir, LOCK);
  fs.mkdirSync(options.buildsDir, { recursive: true });
  for (;;) {
    if (fs.existsSync(target)) return target;
    if (tryLock(fs, lock)) {
      try {
        if (fs.existsSync(target)) return target;
        await buildAndPublish(fs, options, target);
        pruneOlderBuilds(fs, options.buildsDir, options.keep ?? 3);
        return target;
      } finally {
        unlock(fs, lock);
      }
    }
    if (isStale(fs, lock, staleMs)) fs.rmSync(lock, { recursive: true, force: true });
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** Takes the lock, or returns false when another holds it; the owner file names this process. */
function tryLock(fs: BuildFs, lock: string): boolean {
  try {
    fs.mkdirSync(lock);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
  try {
    fs.writeFileSync(path.join(lock, OWNER_FILE), String(process.pid));
  } catch (error) {
    // Cleared as stale by a rival in the instant after mkdir: the rival may build too, which is harmless.
    if (errorCode(error) !== 'ENOENT') throw error;
  }
  return true;
}

/** Removes the lock if this process still owns it; a rival's lock is left alone. */
function unlock(fs: BuildFs, lock: string): void {
  if (readOwner(fs, lock) === process.pid) fs.rmSync(lock, { recursive: true, force: true });
}

/** A lock whose owner process is gone, or that is older than `staleMs`; a vanished lock is not stale (the next round retries). */
function isStale(fs: BuildFs, lock: string, staleMs: number): boolean {
  const since = fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
  if (since === undefined) return false;
  if (Date.now() - since > staleMs) return true;
  const owner = readOwner(fs, lock);
  // No owner file yet: its maker is between mkdir and write; wait for it.
  return owner !== undefined && !processAlive(owner);
}

function readOwner(fs: BuildFs, lock: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(lock, OWNER_FILE), 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return undefined;
    throw error;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

/** Builds into a private folder (seeded from the newest published build, so the build can be incremental), then renames it into place. */
async function buildAndPublish(fs: BuildFs, options: BuildOnceOptions, target: string): Promise<void> {
  const unfinished = fs.mkdtempSync(path.join(options.buildsDir, UNFINISHED_PREFIX));
  try {
    seedFromNewest(fs, options.buildsDir, unfinished);
    await options.build(unfinished);
    try {
      fs.renameSync(unfinished, target);
    } catch (error) {
      // A rival published the same stamp first: its build is as good as ours.
      if (errorCode(error) !== 'ENOTEMPTY' && errorCode(error) !== 'EEXIST') throw error;
    }
  } finally {
    fs.rmSync(unfinished, { recursive: true, force: true });
  }
}

/** Copies the newest published build into `into`; a build pruned meanwhile means starting empty. */
function seedFromNewest(fs: BuildFs, buildsDir: string, into: string): void {
  const newest = publishedBuilds(fs, buildsDir).at(-1);
  if (newest === undefined) return;
  try {
    fs.cpSync(path.join(buildsDir, newest), into, { recursive: true });
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
    fs.rmSync(into, { recursive: true, force: true });
    fs.mkdirSync(into);
  }
}

/** Removes all but the newest `keep` builds; a server may still run from a removed one only if the sources changed `keep` times during one run. */
function pruneOlderBuilds(fs: BuildFs, buildsDir: string, keep: number): void {
  const builds = publishedBuilds(fs, buildsDir);
  for (const name of builds.slice(0, Math.max(0, builds.length - keep))) {
    fs.rmSync(path.join(buildsDir, name), { recursive: true, force: true });
  }
}

/** Published build folders, oldest stamp first (stamps are numbers; the lock and unfinished builds start with a dot). */
function publishedBuilds(fs: BuildFs, buildsDir: string): string[] {
  return fs
    .readdirSync(buildsDir)
    .filter((name) => !name.startsWith('.'))
    .sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}
