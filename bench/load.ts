/**
 * `npm run load [-- --seconds 60 --concurrency 200 --channels messages,directline --databases sqlite,postgres]`:
 * concurrent conversations against the compiled server, through /api/messages (replies to a
 * local channel) and through the built-in Direct Line endpoint, on SQLite and on a fresh
 * PostgreSQL database. Checks zero errors, every reply delivered exactly once, memory flat;
 * prints the figures and writes them to BENCHMARKS.md.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { listOption, numberOption, writeSection } from './markdown';
import {
  channelMessage,
  DirectLineConversation,
  loadAverage,
  machine,
  percentile,
  questions,
  rssMb,
  SERVER_ENTRY,
  SERVER_NODE_FLAGS,
  startChannel,
  startChild,
  UNLIMITED,
  type ChildServer,
  type Reply,
} from './support';

/** The PostgreSQL server the load run creates its fresh database on. */
const ADMIN_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** How long a turn may wait for its reply before it counts as lost. */
const REPLY_TIMEOUT_MS = 60_000;
/** After the run, how long replies still in flight may take before the tally. */
const GRACE_MS = 10_000;
/** How often the server's RSS is sampled. */
const RSS_INTERVAL_MS = 5000;
/** "Flat": the median RSS of the last third of the run's samples at most this much above the median of its middle third. */
const RSS_GROWTH_ALLOWED = 0.1;

interface LoadOptions {
  seconds: number;
  concurrency: number;
}

interface LoadResult {
  database: string;
  channel: string;
  conversations: number;
  turns: number;
  turnsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  duplicates: number;
  lost: number;
  rssStart: number;
  /** Median RSS of the middle third of the samples taken during the timed run. */
  rssMiddle: number;
  /** Median RSS of the last third of the samples taken during the timed run. */
  rssLast: number;
  rssMax: number;
  /** Every sample, in order, and whether it was taken during the timed run. */
  rssSamples: RssSample[];
  setupSeconds: number;
  firstErrors: string[];
  loadAverage: string;
}

interface RssSample {
  mb: number;
  /** performance.now() when it was taken. */
  at: number;
  inRun: boolean;
}

/** The timed run of a row: from the first post to the planned end (performance.now()); set-up and grace are outside it. */
interface RunWindow {
  runStarted: number;
  runEnd: number;
}

type Measured = Omit<LoadResult, 'database' | 'channel' | 'rssStart' | 'rssMiddle' | 'rssLast' | 'rssMax' | 'rssSamples' | 'loadAverage'> & RunWindow;

const median = (values: number[]): number => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * The memory check: the samples taken during the timed run, in order, cut into thirds
 * (middle = [⌊n/3⌋, ⌊2n/3⌋), last = [⌊2n/3⌋, n)); the first third (warm-up: V8 growing its heap
 * to a plateau) is left out. NaN figures when fewer than 3 samples fell in the run.
 */
function rssThirds(inRun: number[]): { middle: number; last: number } {
  if (inRun.length < 3) return { middle: NaN, last: NaN };
  const a = Math.floor(inRun.length / 3);
  const b = Math.floor((2 * inRun.length) / 3);
  return { middle: median(inRun.slice(a, b)), last: median(inRun.slice(b)) };
}

const log = (line: string) => process.stderr.write(`load: ${line} (load ${loadAverage()})\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fresh, empty PostgreSQL database; `drop` removes it. */
async function freshPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `bench_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_DATABASE_URL, connectionTimeoutMillis: 5000 });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new Client({ connectionString: ADMIN_DATABASE_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** Samples the server's RSS every RSS_INTERVAL_MS while `work` runs (set-up, run and grace), and once more at the end. */
async function withRss<T>(server: ChildServer, work: () => Promise<T>): Promise<{ value: T; samples: Array<{ mb: number; at: number }> }> {
  const sample = () => ({ mb: rssMb(server.child.pid!), at: performance.now() });
  const samples = [sample()];
  const timer = setInterval(() => samples.push(sample()), RSS_INTERVAL_MS);
  try {
    const value = await work();
    samples.push(sample());
    return { value, samples };
  } finally {
    clearInterval(timer);
  }
}

/** Turns over /api/messages: each worker is one conversation posting a message, waiting for its reply, posting the next. */
async function loadMessages(server: ChildServer, options: LoadOptions): Promise<Measured> {
  const channel = await startChannel();
  const run = randomBytes(4).toString('hex');
  const texts = questions();
  const byTurn = new Map<string, Reply[]>();
  const waiting = new Map<string, () => void>();
  channel.onReply((reply) => {
    if (reply.type !== 'message' || !reply.replyToId) return;
    const list = byTurn.get(reply.replyToId) ?? [];
    list.push(reply);
    byTurn.set(reply.replyToId, list);
    waiting.get(reply.replyToId)?.();
  });
  const posted: string[] = [];
  const latencies: number[] = [];
  const firstErrors: string[] = [];
  let errors = 0;
  let inWindow = 0;
  const started = performance.now();
  const end = started + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.concurrency }, async (_, worker) => {
      const conversationId = `load-${run}-${worker}`;
      for (let n = 0; performance.now() < end; n++) {
        const activityId = `turn-${run}-${worker}-${n}`;
        const t = performance.now();
        let timer: NodeJS.Timeout | undefined;
        const replied = new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), REPLY_TIMEOUT_MS);
          waiting.set(activityId, () => resolve(true));
        });
        try {
          const response = await fetch(`${server.url}/api/messages`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(channelMessage(channel.url, conversationId, activityId, texts[(worker + n) % texts.length]!)),
          });
          const body = await response.text();
          if (response.status >= 300) throw new Error(`HTTP ${response.status} ${body.slice(0, 200)}`);
          posted.push(activityId);
          if (await replied) {
            latencies.push(performance.now() - t);
            if (performance.now() <= end) inWindow++;
          }
        } catch (error) {
          errors++;
          if (firstErrors.length < 5) firstErrors.push(String((error as Partial<Error>).message ?? error));
        } finally {
          clearTimeout(timer);
          waiting.delete(activityId);
        }
      }
    }),
  );
  await sleep(GRACE_MS);
  let duplicates = 0;
  let lost = 0;
  for (const id of posted) {
    const replies = byTurn.get(id) ?? [];
    if (replies.length === 0) lost++;
    duplicates += replies.length - new Set(replies.map((r) => `${r.type}|${r.text}`)).size;
  }
  const unexpected = [...byTurn.keys()].filter((id) => !id.startsWith(`turn-${run}-`)).length;
  if (unexpected > 0) firstErrors.push(`${unexpected} replies to activities the run never sent`);
  await channel.close();
  latencies.sort((a, b) => a - b);
  return {
    conversations: options.concurrency,
    turns: posted.length,
    turnsPerSecond: inWindow / options.seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors: errors + unexpected,
    duplicates,
    lost,
    setupSeconds: 0,
    firstErrors,
    runStarted: started,
    runEnd: end,
  };
}

/** Turns over Direct Line: each worker is one web chat conversation (token, start, WebSocket stream). */
async function loadDirectLine(server: ChildServer, options: LoadOptions): Promise<Measured> {
  const texts = questions();
  const setupStarted = performance.now();
  const conversations: DirectLineConversation[] = [];
  // Opened 20 at a time: the start of a conversation is not what is measured.
  for (let i = 0; i < options.concurrency; i += 20) {
    conversations.push(...(await Promise.all(Array.from({ length: Math.min(20, options.concurrency - i) }, () => DirectLineConversation.open(server.url)))));
  }
  const setupSeconds = (performance.now() - setupStarted) / 1000;
  const posted = new Map<DirectLineConversation, string[]>();
  const latencies: number[] = [];
  const firstErrors: string[] = [];
  let errors = 0;
  let inWindow = 0;
  const started = performance.now();
  const end = started + options.seconds * 1000;
  await Promise.all(
    conversations.map(async (conversation, worker) => {
      const mine: string[] = [];
      posted.set(conversation, mine);
      for (let n = 0; performance.now() < end; n++) {
        const t = performance.now();
        let id: string | undefined;
        try {
          id = await conversation.post(texts[(worker + n) % texts.length]!);
          mine.push(id);
        } catch (error) {
          errors++;
          if (firstErrors.length < 5) firstErrors.push(String((error as Partial<Error>).message ?? error));
          continue;
        }
        try {
          await conversation.waitForReply(id, REPLY_TIMEOUT_MS);
          latencies.push(performance.now() - t);
          if (performance.now() <= end) inWindow++;
        } catch {
          // counted as lost below unless it arrives within the grace period
        }
      }
    }),
  );
  await sleep(GRACE_MS);
  let duplicates = 0;
  let lost = 0;
  for (const conversation of conversations) {
    const ids = conversation.received.map((a) => a.id);
    duplicates += ids.length - new Set(ids).size;
    const unique = [...new Map(conversation.received.map((a) => [a.id, a])).values()];
    const botReplies = unique.filter((a) => a.type === 'message' && a.from.role === 'bot' && a.replyToId);
    duplicates += botReplies.length - new Set(botReplies.map((a) => `${a.replyToId}|${a.text}`)).size;
    for (const id of posted.get(conversation) ?? []) if (!conversation.repliesTo.has(id)) lost++;
  }
  await Promise.all(conversations.map((c) => c.close()));
  latencies.sort((a, b) => a - b);
  return {
    conversations: conversations.length,
    turns: [...posted.values()].reduce((sum, ids) => sum + ids.length, 0),
    turnsPerSecond: inWindow / options.seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
    duplicates,
    lost,
    setupSeconds,
    firstErrors,
    runStarted: started,
    runEnd: end,
  };
}

async function runOne(database: string, channel: string, options: LoadOptions): Promise<LoadResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-load-'));
  const postgres = database === 'postgres' ? await freshPostgres() : undefined;
  let server: ChildServer | undefined;
  let stopping = false;
  try {
    server = await startChild(SERVER_ENTRY, { DATA_DIR: dataDir, ...UNLIMITED, ...(postgres ? { DATABASE_URL: postgres.url } : {}) }, SERVER_NODE_FLAGS);
    log(`${database} / ${channel}: ${options.concurrency} conversations for ${options.seconds} s…`);
    // A server that dies under load is the worst finding of all: say so with its last words.
    const running = server;
    running.child.once('exit', (code, signal) => {
      if (!stopping) log(`${database} / ${channel}: the server exited (code ${code}, signal ${signal}); its last output:\n${running.output().slice(-4000)}`);
    });
    const loadAtStart = loadAverage();
    const { value, samples } = await withRss(server, () => (channel === 'messages' ? loadMessages(server!, options) : loadDirectLine(server!, options)));
    const { runStarted, runEnd, ...measured } = value;
    const rssSamples = samples.map((s) => ({ ...s, inRun: s.at >= runStarted && s.at <= runEnd }));
    const thirds = rssThirds(rssSamples.filter((s) => s.inRun).map((s) => s.mb));
    const result: LoadResult = {
      database,
      channel,
      ...measured,
      rssStart: samples[0]!.mb,
      rssMiddle: thirds.middle,
      rssLast: thirds.last,
      rssMax: Math.max(...samples.map((s) => s.mb)),
      rssSamples,
      loadAverage: `${loadAtStart} → ${loadAverage()}`,
    };
    log(`${database} / ${channel}: ${result.turns} turns, ${result.turnsPerSecond.toFixed(1)} turns/s, errors ${result.errors}, duplicates ${result.duplicates}, lost ${result.lost}`);
    return result;
  } finally {
    stopping = true;
    await server?.stop();
    await postgres?.drop().catch((error: unknown) => log(`could not drop the database: ${String(error)}`));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options: LoadOptions = { seconds: numberOption(argv, 'seconds', 60), concurrency: numberOption(argv, 'concurrency', 200) };
  const channels = listOption(argv, 'channels', ['messages', 'directline']);
  const databases = listOption(argv, 'databases', ['sqlite', 'postgres']);
  for (const c of channels) if (c !== 'messages' && c !== 'directline') throw new Error(`load: unknown channel ${c} (messages, directline)`);
  for (const d of databases) if (d !== 'sqlite' && d !== 'postgres') throw new Error(`load: unknown database ${d} (sqlite, postgres)`);
  const command = `npm run load${argv.length ? ` -- ${argv.join(' ')}` : ''}`;
  const startedAt = new Date();
  const results: LoadResult[] = [];
  for (const database of databases) for (const channel of channels) results.push(await runOne(database, channel, options));

  const f = (x: number, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '–');
  // NaN (fewer than 3 samples in the run) is not flat: memory that was not judged does not pass.
  const judged = (r: LoadResult) => Number.isFinite(r.rssMiddle) && Number.isFinite(r.rssLast);
  const flat = (r: LoadResult) => judged(r) && r.rssLast <= r.rssMiddle * (1 + RSS_GROWTH_ALLOWED);
  const ok = (r: LoadResult) => r.errors === 0 && r.duplicates === 0 && r.lost === 0 && flat(r);
  const label = (r: LoadResult) => `${r.database} / ${r.channel === 'messages' ? '/api/messages' : 'Direct Line'}`;
  // The samples in order; those of the timed run in brackets.
  const samplesLine = (r: LoadResult) => {
    const parts: string[] = [];
    r.rssSamples.forEach((s, i) => {
      const before = r.rssSamples[i - 1];
      const after = r.rssSamples[i + 1];
      parts.push(`${s.inRun && !before?.inRun ? '[' : ''}${f(s.mb)}${s.inRun && !after?.inRun ? ']' : ''}`);
    });
    return `- ${label(r)}: ${parts.join(', ')}`;
  };
  const body = [
    '## Load',
    '',
    `- Command: \`${command}\``,
    `- Date: ${startedAt.toISOString()} (took ${((Date.now() - startedAt.getTime()) / 60_000).toFixed(1)} min)`,
    `- Machine: ${machine()}`,
    `- ${options.concurrency} concurrent conversations for ${options.seconds} s per row, against the compiled server (a fresh SQLite file, or a fresh PostgreSQL database through DATABASE_URL); ` +
      'public rate limits raised to 100,000,000 a minute. Each conversation posts a message (evaluation-set questions in turn), waits for the bot\'s first reply to it, then posts the next. ' +
      '/api/messages: replies go to a local channel (serviceUrl) in the load process and are matched by replyToId. Direct Line: token, start and WebSocket stream per conversation (set-up not timed), ' +
      'replies matched on the stream by replyToId. Latency: from the POST to the first reply. ' +
      `After the run, ${GRACE_MS / 1000} s of grace, then the tally: lost = a turn posted (2xx) with no bot reply; duplicates = an activity id received twice, or the same reply text to the same turn twice; ` +
      'errors = failed posts (non-2xx, network). turns/s = turns answered within the run / its seconds. ' +
      `RSS of the server sampled every ${RSS_INTERVAL_MS / 1000} s from the start of the row (before any set-up) through the grace period, and once at the tally (samples listed under the table, those taken during the timed ${options.seconds} s in brackets). ` +
      `"Flat" = the samples taken during the timed run, in order, cut into thirds (of n samples, the middle third is samples ⌊n/3⌋+1 to ⌊2n/3⌋ and the last third the rest); the median of the last third at most ${RSS_GROWTH_ALLOWED * 100} % above the median of the middle third. ` +
      'The first third, warm-up while V8 grows its heap to a plateau, is not compared; memory still growing through the run (a leak) puts the last third above the middle one. ' +
      'Fewer than 3 samples in the run: memory not judged, and the row does not pass. A pass needs zero errors, zero duplicates, zero lost and flat memory.',
    '',
    '| database | channel | conversations | turns | turns/s | p50 (ms) | p99 (ms) | errors | duplicates | lost | RSS start / middle ⅓ median / last ⅓ median / max (MB) | load average | verdict |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |',
    ...results.map(
      (r) =>
        `| ${r.database} | ${r.channel === 'messages' ? '/api/messages' : 'Direct Line'} | ${r.conversations} | ${r.turns} | ${f(r.turnsPerSecond, 1)} | ${f(r.p50)} | ${f(r.p99)} | ${r.errors} | ${r.duplicates} | ${r.lost} | ` +
        `${f(r.rssStart)} / ${f(r.rssMiddle)} / ${f(r.rssLast)} / ${f(r.rssMax)} | ${r.loadAverage} | ${ok(r) ? 'pass' : `FAIL${flat(r) ? '' : judged(r) ? ' (memory grew)' : ' (memory not judged: < 3 samples in the run)'}`} |`,
    ),
    '',
    `RSS samples (MB, every ${RSS_INTERVAL_MS / 1000} s; [the timed run]):`,
    '',
    ...results.map(samplesLine),
    ...results.filter((r) => r.firstErrors.length > 0).map((r) => `\nFirst errors, ${r.database} / ${r.channel}: ${r.firstErrors.map((e) => `\`${e.replace(/`/g, "'")}\``).join('; ')}`),
  ].join('\n');
  console.log(body);
  writeSection('load', body);
  process.stderr.write('load: written to BENCHMARKS.md\n');
  if (!results.every(ok)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
