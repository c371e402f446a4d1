import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { createApp } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { createLogger } from '../../bot/logger';
import { benignRequest, hostileRequest, makeBombs, PROTOTYPE_NAMES, TRAVERSAL_SEGMENTS, type FuzzContext, type FuzzRoute, type HostileCase } from '../support/fuzz/hostileRequests';
import { sendRaw, type RawAnswer } from '../support/fuzz/rawRequest';
import { assertServerHealthy, probeHealth, residentBytes, type HealthBudget } from '../support/fuzz/serverWatch';
import { compiledServer, startServerProcess, stopProcess, type ServerProcess } from '../support/serverProcess';
import { addStaff, AGENT, signIn } from '../support/staff';

/**
 * The route fuzzer (issue 13, "close the class"): every route the router has registered gets
 * generated hostile requests, and the server, a separate process started as `npm start` starts
 * it, must stay up, answer /healthz within a second and keep its RSS under budget throughout.
 *
 * CI runs a fixed seed and a few cases per route; `npm run fuzz` runs FUZZ_RUNS cases per route
 * from a random seed (printed), and FUZZ_SEED=<seed> replays one.
 */

/** The memory budget: the server runs with a 256 MB old-space cap (package.json nodeFlags); RSS adds code, buffers and young space. */
const BUDGET: HealthBudget = { healthzMs: 1000, rssBytes: 300 * 1024 * 1024 };
/** Compressed bodies unpack to this (tens of MB, as an attacker's 40 KB gzip would). */
const BOMB_BYTES = 40 * 1024 * 1024;
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 30);
const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : process.env.FUZZ_RUNS ? Date.now() % 2 ** 31 : 20261130;
/** How long one request may take before the socket is destroyed (incomplete framings wait for the server's timeouts). */
const REQUEST_TIMEOUT_MS = 2000;
const STAFF_API_TOKEN = 'route-fuzz-staff-api-token-0123456789';

/**
 * The server as the fuzzer runs it: defaults, except rate limits high enough that the cases
 * reach the handlers instead of stopping at 429 (the limits have tests of their own).
 */
function serverEnvironment(dataDir: string): Record<string, string> {
  return {
    DATA_DIR: dataDir,
    STAFF_API_TOKEN,
    RATE_LIMIT_SEARCH_PER_MINUTE: '1000000',
    RATE_LIMIT_TOKEN_PER_MINUTE: '1000000',
    RATE_LIMIT_CONVERSATIONS_PER_MINUTE: '1000000',
    RATE_LIMIT_SIGN_IN_PER_MINUTE: '1000000',
  };
}

/**
 * The routes the application registers, read from its restify router (built here once with the
 * server's own environment, which also creates the staff account the fuzzer signs in with).
 */
async function registeredRoutes(env: Record<string, string>): Promise<{ routes: FuzzRoute[]; knownIds: string[] }> {
  const app = await createApp(loadConfig({ NODE_ENV: 'test', ...env }), createLogger('silent'));
  try {
    await addStaff(app.database);
    // restify 11 returns the routes keyed by name (@types/restify still describes 8's array).
    const registered = app.server.router.getRoutes() as unknown as Record<string, { method: string; path: string }>;
    const routes = Object.values(registered).map(
      ({ method, path: routePath }) => ({ method, path: routePath, params: [...routePath.matchAll(/:(\w+)/g)].map((m) => m[1]!) }),
    );
    return { routes, knownIds: app.knowledge().entries.slice(0, 3).map((entry) => entry.id) };
  } finally {
    await app.close();
  }
}

/** A 5xx the client caused is a bug, except an overloaded server's 503 with Retry-After (and 501 for a method nobody implements). */
function isServerFault(answer: RawAnswer): boolean {
  if (answer.status === undefined || answer.status < 500) return false;
  if (answer.status === 503 && answer.retryAfter) return false;
  return answer.status !== 501;
}

describe('Every registered route, fuzzed (server as a separate process)', () => {
  let dataDir: string;
  let server: ServerProcess;
  let port: number;
  let routes: FuzzRoute[];
  let context: FuzzContext;
  const serverFaults: string[] = [];

  /** Starts (or, after a crash found by an earlier test, restarts) the server and gets fresh credentials from it. */
  async function startServer(build: string, knownIds: string[]): Promise<void> {
    server = await startServerProcess(build, serverEnvironment(dataDir));
    port = Number(new URL(server.url).port);
    const credentials = (await (await fetch(`${server.url}/api/directline/token`, { method: 'POST' })).json()) as { token: string; conversationId: string };
    await fetch(`${server.url}/v3/directline/conversations`, { method: 'POST', headers: { Authorization: `Bearer ${credentials.token}` } });
    const staff = await signIn(server.url, AGENT);
    context = {
      directLineToken: credentials.token,
      conversationId: credentials.conversationId,
      staffCookie: staff.cookie,
      staffCsrf: staff.csrf,
      knownIds,
      bombs: context?.bombs ?? makeBombs(BOMB_BYTES),
    };
  }

  /** A case may have signed the staff session out (POST /staff/sign-out): sign in again, so staff routes keep getting cases past authentication. */
  async function keepStaffSignedIn(): Promise<void> {
    const probe = await fetch(`${server.url}/api/handoff/tickets`, { headers: { Cookie: context.staffCookie } });
    if (probe.status !== 401) return;
    const staff = await signIn(server.url, AGENT);
    context = { ...context, staffCookie: staff.cookie, staffCsrf: staff.csrf };
  }

  let build: string;
  let knownIds: string[];

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-fuzz-'));
    const [compiled, found] = await Promise.all([compiledServer(), registeredRoutes(serverEnvironment(dataDir))]);
    build = compiled;
    routes = found.routes;
    knownIds = found.knownIds;
    await startServer(build, knownIds);
  }, 300_000);

  // Each test gets a live server within budget: a crash or bloat one test found must not be reported again by the next.
  beforeEach(async () => {
    const rss = residentBytes(server.child.pid!);
    const broken = server.child.exitCode !== null || server.child.signalCode !== null || rss === undefined || rss > BUDGET.rssBytes;
    if (broken) {
      await stopProcess(server);
      await startServer(build, knownIds);
    }
    serverFaults.length = 0;
  }, 120_000);

  afterAll(async () => {
    if (server) await stopProcess(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Sends one case, then checks the server: alive, /healthz fast, RSS under budget. Collects 5xx answers. */
  async function attack(hostile: HostileCase): Promise<void> {
    const answer = await sendRaw(port, hostile.request, REQUEST_TIMEOUT_MS);
    if (process.env.FUZZ_TRACE) process.stderr.write(`fuzz: ${answer.status ?? (answer.timedOut ? 'timeout' : 'closed')} ${hostile.description.slice(0, 150)}\n`);
    if (isServerFault(answer)) serverFaults.push(`${hostile.route.method} ${hostile.route.path}: ${answer.status} for ${hostile.description}`);
    await assertServerHealthy(server.child, port, BUDGET, `${hostile.description}\n(server log tail: ${server.output().slice(-1500)})`);
  }

  it('enumerates the routes from the router, public and staff alike', () => {
    const listed = routes.map((route) => `${route.method} ${route.path}`);
    expect(listed).toEqual(
      expect.arrayContaining([
        'POST /api/messages',
        'GET /api/faq/search',
        'POST /api/directline/token',
        'POST /api/directline/resume',
        'GET /api/directline/ticket',
        'POST /v3/directline/conversations/:conversationId/activities',
        'GET /staff/assets/:file',
        'GET /api/analytics/summary',
        'PUT /api/knowledge/entries/:id',
      ]),
    );
    expect(routes.length).toBeGreaterThanOrEqual(40);
  });

  it('survives every Object.prototype name and encoded slash in every path parameter', async () => {
    const values = [...PROTOTYPE_NAMES, ...TRAVERSAL_SEGMENTS];
    for (const route of routes.filter((r) => r.params.length > 0)) {
      for (const param of route.params) {
        for (const value of values) {
          const target = route.path.replace(/:(\w+)/g, (_, name: string) => (name === param ? value : context.knownIds[0]!));
          const staff = /^\/(staff|api\/(handoff|knowledge|analytics))/.test(route.path);
          const headers: [string, string][] = staff
            ? [['Cookie', context.staffCookie], ['X-CSRF-Token', context.staffCsrf]]
            : [['Authorization', `Bearer ${context.directLineToken}`]];
          const body = route.method === 'GET' ? undefined : Buffer.from('{"type":"message","text":"hello"}');
          if (body) headers.push(['Content-Type', 'application/json']);
          await attack({ route, request: { method: route.method, target, headers, body, framing: 'content-length' }, description: `${route.method} ${target}` });
        }
      }
    }
    expect(serverFaults).toEqual([]);
  }, 300_000);

  it('survives a compressed body that unpacks to 40 MB on every route, in every encoding', async () => {
    for (const route of routes) {
      for (const bomb of context.bombs) {
        const { target, credentials } = benignRequest(route, context);
        const headers: [string, string][] = [...credentials, ['Content-Type', bomb.contentType], ['Content-Encoding', bomb.encoding]];
        const description = `${route.method} ${target} with a ${bomb.encoding} body of ${bomb.body.length} bytes unpacking to ${bomb.unpackedBytes} (${bomb.contentType})`;
        await attack({ route, request: { method: route.method, target, headers, body: bomb.body, framing: 'content-length' }, description });
      }
    }
    expect(serverFaults).toEqual([]);
  }, 300_000);

  it(`survives generated hostile requests to every route (seed ${SEED}, ${RUNS_PER_ROUTE} per route)`, async () => {
    for (const [index, route] of routes.entries()) {
      await keepStaffSignedIn();
      await fc.assert(
        fc.asyncProperty(hostileRequest(route, context), (hostile) => attack(hostile)),
        // One server for the whole run: shrinking would replay against a server the failure may have killed.
        { seed: SEED + index, numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      );
    }
    expect(serverFaults).toEqual([]);
  }, Math.max(300_000, RUNS_PER_ROUTE * 60 * 1500));

  it('stays responsive while slow clients trickle bodies and headers', async () => {
    const sockets: net.Socket[] = [];
    const trickles: NodeJS.Timeout[] = [];
    try {
      for (const route of routes) {
        const socket = net.connect({ host: '127.0.0.1', port });
        socket.on('error', () => undefined);
        sockets.push(socket);
        const target = route.path.replace(/:(\w+)/g, context.conversationId);
        // Half send their headers slowly (slowloris), half a body that never completes.
        const slowHeaders = sockets.length % 2 === 0;
        socket.write(
          slowHeaders
            ? `${route.method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n`
            : `${route.method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 200000\r\n\r\n{"text":"`,
        );
        trickles.push(setInterval(() => socket.write(slowHeaders ? `X-${sockets.length}: a\r\n` : 'aaaa'), 250));
      }
      for (let probe = 0; probe < 10; probe += 1) {
        await assertServerHealthy(server.child, port, BUDGET, `${sockets.length} slow clients`);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      trickles.forEach(clearInterval);
      // Then they stall: still responsive.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(await probeHealth(port, BUDGET.healthzMs)).toEqual(expect.any(Number));
    } finally {
      trickles.forEach(clearInterval);
      sockets.forEach((socket) => socket.destroy());
    }
  }, 60_000);
});
