/**
 * `npm run bench [-- --soak-minutes 10] [--seconds 10] [--connections 50]`: the search
 * benchmark in process, then the HTTP benchmark of the compiled server; prints the results and
 * the targets (met / MISSED) and writes them to BENCHMARKS.md.
 */
import { runHttpBenchmark } from './http';
import { numberOption, writeSection } from './markdown';
import { runSearchBenchmark } from './search';
import { loadAverage, machine } from './support';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = {
    soakMinutes: numberOption(argv, 'soak-minutes', 1),
    seconds: numberOption(argv, 'seconds', 10),
    connections: numberOption(argv, 'connections', 50),
  };
  const command = `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`;
  const startedAt = new Date();
  const loadBefore = loadAverage();
  process.stderr.write(`bench: search (load ${loadBefore})\n`);
  const search = runSearchBenchmark();
  const loadAfterSearch = loadAverage();
  const http = await runHttpBenchmark(options);
  const loadAfter = loadAverage();
  const targets = [
    { name: 'hybrid p99 < 2 ms on the real knowledge base', met: search.hybridP99 < 2, figure: `${search.hybridP99.toFixed(3)} ms` },
    ...http.targets,
  ];
  const body = [
    '## Benchmarks',
    '',
    `- Command: \`${command}\``,
    `- Date: ${startedAt.toISOString()} (took ${((Date.now() - startedAt.getTime()) / 60_000).toFixed(1)} min)`,
    `- Machine: ${machine()}`,
    `- Load average (1/5/15 min): ${loadBefore} at the start, ${loadAfterSearch} after the search benchmark, ${loadAfter} at the end`,
    `- Server: the compiled server (\`dist/bot/index.js\`, NODE_ENV=test, LOG_LEVEL=warn, SQLite in a temp folder), a child process; ` +
      'public rate limits raised to 100,000,000 a minute (RATE_LIMIT_*_PER_MINUTE) so the limiter does not cap the figures.',
    '',
    '### Search, in process',
    '',
    'Queries: the evaluation set (tests/knowledge/eval/queries.json), up to 5 timed rounds after a warm-up of 2,000 queries (six passes over them; at most 5 s), so the timed rounds see steady state: optimised code and filled per-word caches (after one pass the optimising compiler was still at work in the timed rounds). The first warm-up pass is timed apart: "first pass p99" is what the first queries after a start see. Each method is capped ' +
      'at 10 s of timed queries on the real knowledge base and 8 s on the synthetic ones, so a slow method is timed on fewer ' +
      'queries ("queries timed"); index builds are not capped. The hybrid, lunr alone and fuse.js alone share one KnowledgeBase (the strategy is a search option), ' +
      'so their build time and heap are the same figures. Heap: heap used after building the index minus before (after a GC; `npm run bench` runs node with --expose-gc).',
    '',
    search.markdown,
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
