/**
 * What the HTTP benchmark and the load run share: the compiled server as a child process
 * (timed from spawn to the first 200 on /healthz), its RSS, a local channel that receives the
 * bot's replies, a Direct Line client, and the description of the machine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { serverNodeFlags } from '../bot/nodeFlags';

/** The root of the project (dist/bench/… → two levels up from the compiled folder). */
export const ROOT = path.resolve(__dirname, '..', '..');
/** The compiled server `npm run build` produced, run as production would run it. */
export const SERVER_ENTRY = path.join(ROOT, 'dist', 'bot', 'index.js');
/** The node flags `npm start` runs the server with (heap sizes). */
export const SERVER_NODE_FLAGS: string[] = serverNodeFlags(ROOT);

/** Public rate limits raised out of the way: the benchmark measures throughput, not the limiter. */
export const UNLIMITED = {
  RATE_LIMIT_SEARCH_PER_MINUTE: '100000000',
  RATE_LIMIT_TOKEN_PER_MINUTE: '100000000',
  RATE_LIMIT_CONVERSATIONS_PER_MINUTE: '100000000',
  RATE_LIMIT_SIGN_IN_PER_MINUTE: '100000000',
  RATE_LIMIT_MESSAGES_PER_MINUTE: '100000000',
  RATE_LIMIT_MESSAGES_PER_CONVERSATION_PER_MINUTE: '100000000',
  RATE_LIMIT_DIRECTLINE_POSTS_PER_MINUTE: '100000000',
  RATE_LIMIT_DIRECTLINE_POSTS_PER_CLIENT_PER_MINUTE: '100000000',
  // Every load conversation comes from 127.0.0.1: one client holding hundreds of streams.
  DIRECTLINE_MAX_STREAMS_PER_CLIENT: '100000',
};

export interface ChildServer {
  readonly url: string;
  readonly child: ChildProcess;
  /** Milliseconds from spawn to the first 200 on `/healthz` (undefined for the bare server). */
  readonly startupMs?: number;
  output(): string;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Picks a free loopback port (the child is told it, so /healthz can be polled from spawn on). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = http.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const port = (probe.address() as { port: number }).port;
      probe.close(() => resolve(port));
    });
  });
}

/** GET `url`; the status, or 0 when nothing answers. */
async function status(url: string): Promise<number> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

/**
 * Spawns `node [nodeArgs] script` with `env` on a free port and waits until `readyPath` answers
 * 200 (at most 60 s); `nodeArgs` such as `--cpu-prof` serve to profile the server under load.
 */
export async function startChild(script: string, env: Record<string, string>, nodeArgs: string[] = [], readyPath = '/healthz'): Promise<ChildServer> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', ...nodeArgs, script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, NODE_ENV: 'test', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-20_000)));
  child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-20_000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`bench: ${script} exited with ${child.exitCode}:\n${output.slice(-3000)}`);
    if ((await status(url + readyPath)) === 200) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`bench: ${script} did not answer ${readyPath} within 60 s:\n${output.slice(-3000)}`);
    }
    await sleep(10);
  }
  const startupMs = performance.now() - started;
  return {
    url,
    child,
    startupMs,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 30_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Resident set size of a process in MB, from /proc (Linux); NaN once the process is gone. */
export function rssMb(pid: number): number {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return NaN;
  }
  const line = status.split('\n').find((l) => l.startsWith('VmRSS:'));
  return line ? Number(line.replace(/\D+/g, '')) / 1024 : NaN;
}

/** The machine, for the heading of each result: cores, CPU model, memory, node, load now. */
export function machine(): string {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  return `${os.availableParallelism()} cores (nproc), ${model}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GB memory, node ${process.version}, ${os.type()} ${os.release()}`;
}

/** The 1/5/15-minute load averages, e.g. "0.42 0.80 1.10": other work on the machine skews every figure. */
export function loadAverage(): string {
  return os.loadavg().map((x) => x.toFixed(2)).join(' ');
}

/** One reply the bot sent to the local channel. */
export interface Reply {
  readonly conversationId: string;
  readonly replyToId?: string;
  readonly type: string;
  readonly text?: string;
}

/**
 * A local Bot Framework channel: the serviceUrl of every activity the benchmark posts to
 * /api/messages. It answers each send with a fresh id and counts replies by replyToId.
 */
export async function startChannel(): Promise<{
  url: string;
  replies: Reply[];
  /** Calls `listener` for every reply as it arrives. */
  onReply(listener: (reply: Reply) => void): void;
  close(): Promise<void>;
}> {
  const replies: Reply[] = [];
  const listeners: Array<(reply: Reply) => void> = [];
  let sent = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      // POST /v3/conversations/{conversationId}/activities[/{replyToId}]
      const match = /\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(req.url ?? '');
      if (req.method === 'POST' && match) {
        let body: { type?: string; text?: string; replyToId?: string } = {};
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
        } catch {
          // counted with what the URL says
        }
        const reply: Reply = {
          conversationId: decodeURIComponent(match[1]!),
          replyToId: body.replyToId ?? (match[2] ? decodeURIComponent(match[2]) : undefined),
          type: body.type ?? 'unknown',
          text: body.text,
        };
        replies.push(reply);
        for (const listener of listeners) listener(reply);
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id: `sent-${++sent}` }));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    replies,
    onReply: (listener) => listeners.push(listener),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A message activity as a channel posts it to /api/messages. */
export function channelMessage(channelUrl: string, conversationId: string, activityId: string, text: string): Record<string, unknown> {
  return {
    type: 'message',
    id: activityId,
    channelId: 'emulator',
    serviceUrl: channelUrl,
    conversation: { id: conversationId },
    from: { id: `user-${conversationId}`, name: 'Supplier' },
    recipient: { id: 'bot', name: 'CSP assistant' },
    locale: 'en-US',
    text,
    timestamp: new Date().toISOString(),
  };
}

/** A Direct Line activity as a client receives it. */
export interface DirectLineActivity {
  id: string;
  type: string;
  replyToId?: string;
  text?: string;
  from: { id: string; role?: string };
}

/**
 * One web chat conversation on the server's built-in Direct Line endpoint: token, start,
 * WebSocket stream; `post` sends a message and returns the activity id the server gave it.
 */
export class DirectLineConversation {
  readonly received: DirectLineActivity[] = [];
  /** Bot messages received, by the id of the activity they reply to. */
  readonly repliesTo = new Map<string, number>();
  private waiters: Array<() => void> = [];

  private constructor(
    private readonly base: string,
    readonly conversationId: string,
    private readonly token: string,
    private readonly socket: WebSocket,
    readonly userId: string,
  ) {
    socket.on('message', (data) => {
      // binaryType is left at 'nodebuffer', so ws hands each message over as one Buffer.
      const text = (data as Buffer).toString();
      if (!text) return;
      for (const activity of (JSON.parse(text) as { activities: DirectLineActivity[] }).activities) {
        this.received.push(activity);
        if (activity.type === 'message' && activity.from.role === 'bot' && activity.replyToId) {
          this.repliesTo.set(activity.replyToId, (this.repliesTo.get(activity.replyToId) ?? 0) + 1);
        }
      }
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** Resolves when a bot message replying to `activityId` has arrived on the stream. */
  waitForReply(activityId: string, timeoutMs = 15_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`directline: no reply to ${activityId} within ${timeoutMs} ms`)), timeoutMs);
      const check = () => {
        if (this.repliesTo.has(activityId)) {
          clearTimeout(timer);
          resolve();
        } else {
          this.waiters.push(check);
        }
      };
      check();
    });
  }

  static async open(base: string): Promise<DirectLineConversation> {
    const userId = `dl_bench_${randomBytes(8).toString('hex')}`;
    const issued = await fetch(`${base}/api/directline/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ userId }) });
    if (issued.status !== 200) throw new Error(`directline: token HTTP ${issued.status} ${await issued.text()}`);
    const { token, conversationId } = (await issued.json()) as { token: string; conversationId: string };
    const started = await fetch(`${base}/v3/directline/conversations`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
    if (started.status !== 201 && started.status !== 200) throw new Error(`directline: start HTTP ${started.status} ${await started.text()}`);
    const body = (await started.json()) as { token: string; streamUrl: string };
    const socket = new WebSocket(body.streamUrl);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('unexpected-response', (_req, res) => reject(new Error(`directline: stream HTTP ${res.statusCode}`)));
      socket.once('error', reject);
    });
    return new DirectLineConversation(base, conversationId, body.token, socket, userId);
  }

  async post(text: string): Promise<string> {
    const response = await fetch(`${this.base}/v3/directline/conversations/${this.conversationId}/activities`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'message', from: { id: this.userId }, locale: 'en-US', text }),
    });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`directline: post HTTP ${response.status} ${body.slice(0, 200)}`);
    return (JSON.parse(body) as { id: string }).id;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}

/** The evaluation-set questions in English and French, used as the messages of every turn. */
export function questions(): string[] {
  const file = path.join(ROOT, 'knowledge', 'data', 'eval', 'queries.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { q: string }[]).map((q) => q.q);
}

export const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
