import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildOnce, type BuildFs } from './buildOnce';

const STAMP = '1700000000000';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A process id that no longer runs: a child that has exited. */
const DEAD_PID = spawnSync(process.execPath, ['-e', '0']).pid;

/** Node's fs, with `rival` run before every call `buildOnce` makes: the other test files, acting between any two steps. */
function racingFs(rival: (step: number, call: string) => void): BuildFs {
  let step = 0;
  return new Proxy(fs, {
    get(target, name: string) {
      const original = Reflect.get(target, name) as unknown;
      if (typeof original !== 'function') return original;
      return (...args: unknown[]) => {
        rival(step++, name);
        return (original as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/**
 * A build that takes a while and notices company: two builds writing one folder at once, or a
 * write into a folder already handed out, are recorded as clashes.
 */
function fakeBuild() {
  const writing = new Set<string>();
  const handedOut = new Set<string>();
  const clashes: string[] = [];
  let builds = 0;
  return {
    clashes,
    builds: () => builds,
    handOut: (dir: string) => handedOut.add(path.resolve(dir)),
    async build(outDir: string) {
      const id = String(++builds);
      if (writing.has(outDir)) clashes.push(`two builds write ${outDir} at once`);
      writing.add(outDir);
      fs.writeFileSync(path.join(outDir, 'first.js'), id);
      await sleep(15);
      if ([...handedOut].some((dir) => fs.existsSync(dir) && fs.readFileSync(path.join(dir, 'first.js'), 'utf8') !== fs.readFileSync(path.join(dir, 'last.js'), 'utf8'))) {
        clashes.push('a build handed out was written again');
      }
      fs.writeFileSync(path.join(outDir, 'last.js'), id);
      writing.delete(outDir);
    },
  };
}

/** The build in `dir` is whole: both halves written by one build. */
function expectWholeBuild(dir: string): void {
  expect(fs.readFileSync(path.join(dir, 'last.js'), 'utf8')).toBe(fs.readFileSync(path.join(dir, 'first.js'), 'utf8'));
}

describe('buildOnce', () => {
  let buildsDir: string;
  beforeEach(() => {
    buildsDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'csp-build-once-')), 'builds');
  });
  afterEach(() => fs.rmSync(path.dirname(buildsDir), { recursive: true, force: true }));

  const lock = () => path.join(buildsDir, '.lock');
  const makeLock = (owner: number) => {
    fs.mkdirSync(lock(), { recursive: true });
    fs.writeFileSync(path.join(lock(), 'owner'), String(owner));
  };

  it('builds once and then reuses the published build', async () => {
    const build = fakeBuild();
    const first = await buildOnce({ buildsDir, stamp: STAMP, build: build.build });
    const again = await buildOnce({ buildsDir, stamp: STAMP, build: build.build });
    expect(again).toBe(first);
    expect(build.builds()).toBe(1);
    expectWholeBuild(first);
    expect(fs.existsSync(lock())).toBe(false);
  });

  // A rival that, at one step, clears the lock (as a stale one), makes one owned by a live process
  // that lets go soon after, or leaves one owned by a process that died.
  const rivals: Record<string, () => void> = {
    'vanishes': () => fs.rmSync(lock(), { recursive: true, force: true }),
    'appears and goes': () => {
      if (fs.existsSync(lock())) return;
      makeLock(process.ppid);
      setTimeout(() => fs.rmSync(lock(), { recursive: true, force: true }), 20);
    },
    'appears from a killed run': () => {
      if (!fs.existsSync(lock())) makeLock(DEAD_PID);
    },
  };

  describe.each(Object.keys(rivals))('when the lock %s between two steps', (rivalName) => {
    it('still returns a whole build, at every step where that can happen', async () => {
      // Another test file holds the lock at the start, so the waiting steps are raced too.
      for (let at = 0; at < 40; at++) {
        fs.rmSync(buildsDir, { recursive: true, force: true });
        fs.mkdirSync(buildsDir, { recursive: true });
        makeLock(process.ppid);
        setTimeout(() => fs.rmSync(lock(), { recursive: true, force: true }), 10);
        const build = fakeBuild();
        const racing = racingFs((step) => step === at && rivals[rivalName]!());
        const dir = await buildOnce({ buildsDir, stamp: STAMP, build: build.build, fs: racing, pollMs: 2 });
        expect(dir).toBe(path.join(buildsDir, STAMP));
        expectWholeBuild(dir);
        expect(build.clashes).toEqual([]);
        await sleep(25);
      }
    });
  });

  it('never lets two builds write one folder, nor rewrites a build it handed out, while rivals keep clearing the lock', async () => {
    const build = fakeBuild();
    // Every few steps a rival takes the lock for stale and clears it, under the builders' feet.
    const racing = racingFs((step) => step % 3 === 0 && fs.rmSync(lock(), { recursive: true, force: true }));
    const callers = Array.from({ length: 6 }, async (_, i) => {
      await sleep(i * 3);
      const dir = await buildOnce({ buildsDir, stamp: STAMP, build: build.build, fs: racing, pollMs: 1 });
      build.handOut(dir);
      return dir;
    });
    const dirs = await Promise.all(callers);
    // Late builds finish after the first hand-outs: give them the time to write where they write.
    await sleep(50);
    expect(new Set(dirs)).toEqual(new Set([path.join(buildsDir, STAMP)]));
    expectWholeBuild(dirs[0]!);
    expect(build.clashes).toEqual([]);
  });

  it('takes over a lock left by a killed run at once', async () => {
    fs.mkdirSync(buildsDir, { recursive: true });
    makeLock(DEAD_PID);
    const build = fakeBuild();
    const started = Date.now();
    await buildOnce({ buildsDir, stamp: STAMP, build: build.build, pollMs: 5 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(build.builds()).toBe(1);
  });

  it('keeps only the newest builds', async () => {
    const build = fakeBuild();
    for (const stamp of ['1', '2', '3', '10']) await buildOnce({ buildsDir, stamp, build: build.build, keep: 2 });
    expect(fs.readdirSync(buildsDir).sort()).toEqual(['10', '3']);
  });
});
