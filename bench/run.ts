/**
 * `npm run bench [-- --soak-minutes 10] [--seconds 10] [--connections 50] [--parts search,scale,http]`:
 * the search benchmark in process, the scale benchmark (ours beside MiniSearch at 1,000 to 50,000
 * generated entries, bench/scale), then the HTTP benchmark of the compiled server; prints the
 * results and the targets (met / MISSED) and writes them to BENCHMARKS.md. The scale part takes
 * the longest: without it in `--parts`, its figures of the last run that had it are shown again,
 * with that run's date (dist/bench/scale-last.json; `node --expose-gc dist/bench/scale/run.js` runs it alone).
 */
import { runHttpBenchmark } from './http';
import { listOption, numberOption, writeSection } from './markdown';
import { lastScaleResult, runAndKeepScaleBenchmark } from './scale/run';
import { runSearchBenchmark } from './search';
import { loadAverage, machine } from './support';

const PARTS = ['search', 'scale', 'http'];

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = {
    soakMinutes: numberOption(argv, 'soak-minutes', 1),
    seconds: numberOption(argv, 'seconds', 10),
    connections: numberOption(argv, 'connections', 50),
    parts: listOption(argv, 'parts', PARTS),
  };
  const unknown = options.parts.filter((part) => !PARTS.includes(part));
  if (unknown.length > 0) throw new Error(`bench: --parts takes ${PARTS.join(', ')} (got ${unknown.join(', ')})`);
  if (!options.parts.includes('search') || !options.parts.includes('http')) {
    throw new Error('bench: --parts must include search and http (BENCHMARKS.md is rewritten from them); only scale may be left out');
  }
  const command = `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`;
  const startedAt = new Date();
  const loadBefore = loadAverage();
  process.stderr.write(`bench: search (load ${loadBefore})\n`);
  const search = runSearchBenchmark();
  const loadAfterSearch = loadAverage();
  const scale = options.parts.includes('scale') ? await runAndKeepScaleBenchmark() : lastScaleResult();
  const loadAfterScale = loadAverage();
  const http = await runHttpBenchmark(options);
  const loadAfter = loadAverage();
  const targets = [
    { name: 'hybrid p99 < 2 ms on the real knowledge base', met: search.hybridP99 < 2, figure: `${search.hybridP99.toFixed(3)} ms` },
    ...(scale?.targets ?? [{ name: 'scale benchmark', met: false, figure: 'not run yet (`npm run bench -- --parts search,scale,http`)' }]),
    ...http.targets,
  ];
  const body = [
    '## Benchmarks',
    '',
    `- Command: \`${command}\``,
    `- Date: ${startedAt.toISOString()} (took ${((Date.now() - startedAt.getTime()) / 60_000).toFixed(1)} min)`,
    `- Machine: ${machine()}`,
    `- Load average (1/5/15 min): ${loadBefore} at the start, ${loadAfterSearch} after the search benchmark, ${options.parts.includes('scale') ? `${loadAfterScale} after the scale benchmark, ` : ''}${loadAfter} at the end`,
    `- Server: the compiled server (\`dist/bot/index.js\`, NODE_ENV=test, LOG_LEVEL=warn, SQLite in a temp folder), a child process; ` +
      'public rate limits raised to 100,000,000 a minute (RATE_LIMIT_*_PER_MINUTE) so the limiter does not cap the figures.',
    '',
    '### Search, in process',
    '',
    'Queries: the evaluation set (knowledge/data/eval/queries.json), up to 5 timed rounds after a warm-up of 2,000 queries (six passes over them; at most 5 s), so the timed rounds see steady state: optimised code and filled per-word caches (after one pass the optimising compiler was still at work in the timed rounds). The first warm-up pass is timed apart: "first pass p99" is what the first queries after a start see. Each method is capped ' +
      'at 10 s of timed queries, so a slow method is timed on fewer ' +
      'queries ("queries timed"); index builds are not capped. The hybrid, lunr alone and fuse.js alone share one KnowledgeBase (the strategy is a search option), ' +
      'so their build time and heap are the same figures. Heap: heap used plus ArrayBuffers (typed-array indexes live outside the V8 heap) after building the index minus before (after a GC; `npm run bench` runs node with --expose-gc).',
    '',
    search.markdown,
    '',
    '### Scale: ours beside MiniSearch on generated help centres',
    '',
    (scale && !options.parts.includes('scale') ? `Figures of the run of ${scale.date} (load ${scale.load}); this run left the scale part out. ` : '') +
      'Knowledge bases: the 18 real entries among generated ones (bench/generated: dictionary words of an-array-of-english-words and ' +
      'an-array-of-french-words, 30,000 per language, drawn with Zipf-distributed frequencies (exponent 1); per entry and language a question ' +
      'and 6 phrasings (the schema\'s minimum) on 4 topic words, an answer of 40–150 words; seed 42). Each row in a process of its own ' +
      '(--expose-gc, 4 GB heap), so a build that runs out of memory or time costs its row only. MiniSearch 7.2.0: its own tokenizer, ' +
      'terms lower-cased and accent-folded, fields questions+phrasings (boost 2) and answers, prefix and fuzzy off (exact terms, as ' +
      'ours ranks). Ours: `new KnowledgeBase(data, { searchCacheSize: 0 })`, the hybrid. Queries: the evaluation set, warm-up up to 2,000 ' +
      'queries or a quarter of the 8 s budget, then up to 5 timed rounds within 8 s. Heap: heap used plus ArrayBuffers after the build minus before, ' +
      'after full GCs, the generated data already held. Event-loop block: the longest gap of a 1 ms timer during the build (a ' +
      'synchronous build blocks for all its length). Edit: ours through the knowledge editor on SQLite (`update` of one entry until ' +
      'the new index is live; the editor\'s re-run of the evaluation set switched off), MiniSearch `replace` of one document. Held-out: ' +
      'aggregate figures of knowledge/data/eval/generalisation.json\'s held-out part only.',
    '',
    scale?.markdown ?? '_Not run yet._',
    '',
    '### HTTP on loopback',
    '',
    `autocannon, ${options.connections} connections, ${options.seconds} s per run after a 2 s warm-up, from the benchmark process; the ceiling ` +
      'is a bare restify server (bench/bareServer.ts) in its own process, measured in the same run. The SDK floor is the smallest ' +
      'botbuilder server (bench/echoBotServer.ts: restify with the bot\'s bodyParser settings, CloudAdapter without an app id, an ActivityHandler ' +
      'replying once with the text; no storage, state or middleware), in its own process started for its row and stopped after, measured like the bot turn. Bot turns: one activity per ' +
      'request, ids unique, over 1,000 conversations, serviceUrl a local channel in the benchmark process that answers every send ' +
      '(it counts the replies). The /api/messages answer comes after the turn, replies included, so its latency is the turn\'s. ' +
      `Direct Line: a custom loop, since a round trip is two legs: ${options.connections} workers, each with 4 web chat conversations (token, start, WebSocket stream) used in turn ` +
      '(one conversation posting flat out would soon be paced by the per-conversation send limits, 60 messages in 30 s), ' +
      'posting a message and waiting for the bot\'s first reply to it (matched by replyToId) on its stream before posting the next; ' +
      'round trips/s and latency from the POST to that reply.',
    '',
    http.markdown,
    '',
    `Soak: ${options.soakMinutes} min of bot turns and searches alternately (10 s each, ${options.connections} connections)` +
      (options.soakMinutes >= 10 ? '.' : '; the 10-minute soak is `npm run bench -- --soak-minutes 10`.'),
    '',
    '### Targets',
    '',
    '| target | figure | |',
    '| --- | ---: | --- |',
    ...targets.map((t) => `| ${t.name} | ${t.figure} | ${t.met ? 'met' : 'MISSED'} |`),
    ...http.informational.flatMap((paragraph) => ['', paragraph]),
  ].join('\n');
  console.log(body);
  writeSection('bench', body);
  process.stderr.write('bench: written to BENCHMARKS.md\n');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
