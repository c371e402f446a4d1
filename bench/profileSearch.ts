/**
 * `node dist/bench/profileSearch.js [--seconds 10] [--path search|entry]`: a CPU profile of the
 * compiled server under FAQ requests (recorded searches, every query new; or GET /api/faq/:id),
 * summed by where the time goes: the search core, the route, the analytics, JSON, restify, GC.
 * For finding per-request overheads outside the search core (issue 14, item 7).
 */
import autocannon from 'autocannon';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { numberOption } from './markdown';
import { questions, SERVER_ENTRY, SERVER_NODE_FLAGS, startChild, UNLIMITED } from './support';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a function's own time is counted: the first rule its file or name matches. */
const BUCKETS: Array<[string, (url: string, name: string) => boolean]> = [
  ['garbage collection', (_, name) => name === '(garbage collector)'],
  ['idle', (_, name) => name === '(idle)'],
  ['search core (knowledge/search, knowledge/text, lunr, fuse.js)', (url) => /knowledge\/(search|text)\/|node_modules\/(lunr|lunr-languages|fuse\.js)\//.test(url)],
  ['KnowledgeBase facade (cache keying, localize, detect language)', (url) => /knowledge\/(knowledgeBase|language)/.test(url)],
  ['analytics recording (recorder, SQLite)', (url) => /bot\/analytics\/|better-sqlite3|dataloader/.test(url)],
  ['FAQ route (parsing, zod, response)', (url) => /bot\/routes\/faq/.test(url) || /node_modules\/zod\//.test(url)],
  ['JSON (stringify/parse)', (_, name) => /^(stringify|parse|JSONStringify|JSONParse)$/.test(name)],
  ['rate limiter, headers, CORS, request tracking (bot/http)', (url) => /bot\/http\//.test(url)],
  ['restify and its plugins', (url) => /node_modules\/(restify|find-my-way|negotiator|qs|mime)/.test(url)],
  ['node http / net / streams', (url) => /^node:/.test(url) || url === ''],
];

/** The profile from `skipUs` after its start on: start-up and warm-up left out. */
function steadyState(profile: Profile, skipUs: number): Profile {
  let elapsed = 0;
  let first = profile.samples.length;
  for (let i = 0; i < profile.samples.length; i++) {
    elapsed += profile.timeDeltas[i] ?? 0;
    if (elapsed >= skipUs) {
      first = i;
      break;
    }
  }
  return { ...profile, samples: profile.samples.slice(first), timeDeltas: profile.timeDeltas.slice(first) };
}

function summarize(profile: Profile): Array<{ bucket: string; share: number }> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const time = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id)!;
    const delta = profile.timeDeltas[i] ?? 0;
    const bucket = BUCKETS.find(([, match]) => match(node.callFrame.url, node.callFrame.functionName))?.[0] ?? 'other';
    time.set(bucket, (time.get(bucket) ?? 0) + delta);
    total += delta;
  });
  return [...time].map(([bucket, t]) => ({ bucket, share: t / total })).sort((a, b) => b.share - a.share);
}

/** The functions with the most own time, for reading beside the buckets. */
function topFunctions(profile: Profile, count: number): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const time = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const key = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(node_modules|dist)\//, '$1/')}:${lineNumber + 1}`;
    time.set(key, (time.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
    total += profile.timeDeltas[i] ?? 0;
  });
  return [...time].sort((a, b) => b[1] - a[1]).slice(0, count).map(([key, t]) => `${((100 * t) / total).toFixed(1)} %  ${key}`);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const seconds = numberOption(argv, 'seconds', 10);
  const target = argv.includes('entry') ? 'entry' : 'search';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-profile-'));
  const spawned = performance.now();
  const server = await startChild(SERVER_ENTRY, { DATA_DIR: dir, ...UNLIMITED }, [...SERVER_NODE_FLAGS, '--cpu-prof', `--cpu-prof-dir=${dir}`]);
  const texts = questions();
  let n = 0;
  const run = (duration: number) =>
    new Promise<autocannon.Result>((resolve, reject) => {
      autocannon(
        {
          url: server.url,
          connections: 50,
          duration,
          requests: [
            {
              method: 'GET',
              setupRequest: (request: Record<string, unknown>) => {
                n++;
                const p = target === 'entry' ? `/api/faq/who-pays-me?lang=${n % 2 ? 'fr' : 'en'}` : `/api/faq/search?q=${encodeURIComponent(`${texts[n % texts.length]} ${n}`)}`;
                return { ...request, path: p };
              },
            },
          ],
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      );
    });
  await run(2);
  const measuredFrom = performance.now();
  const result = await run(seconds);
  await server.stop();
  const file = fs.readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error('bench: the server wrote no profile');
  // The profile starts with the process (a little after `spawned`): skip start-up and warm-up.
  const profile = steadyState(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Profile, (measuredFrom - spawned) * 1000);
  console.log(`${target}: ${result.requests.average.toFixed(0)} requests/s over ${seconds} s (profile of the timed run only)`);
  for (const { bucket, share } of summarize(profile)) console.log(`${(share * 100).toFixed(1).padStart(5)} %  ${bucket}`);
  console.log('\nmost own time:');
  for (const line of topFunctions(profile, 25)) console.log(line);
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
