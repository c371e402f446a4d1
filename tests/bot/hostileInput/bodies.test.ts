/**
 * Request bodies an attacker shapes: compressed, deeply nested, chunked without a length.
 * The server runs as its own process with `npm start`'s heap cap, since the failure found
 * (issue 13, finding 1) was the process exiting out of heap, which an in-process test cannot see.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { compiledServer, startServerProcess, stopProcess, type ServerProcess } from '../../support/serverProcess';

/** 200 MB of JSON gzipped in 1 MB steps (about 200 KB on the wire), without holding the 200 MB. */
function gzipBomb(inflatedMegabytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const gzip = zlib.createGzip({ level: 9 });
    const parts: Buffer[] = [];
    gzip.on('data', (part: Buffer) => parts.push(part));
    gzip.once('end', () => resolve(Buffer.concat(parts)));
    gzip.once('error', reject);
    const megabyte = Buffer.alloc(1024 * 1024, 'a');
    gzip.write('{"user":{"id":"dl_');
    for (let i = 0; i < inflatedMegabytes; i++) gzip.write(megabyte);
    gzip.end('"}}');
  });
}

/** A raw request, so that headers such as Content-Encoding go out exactly as written. */
function send(url: string, requestPath: string, headers: Record<string, string>, body: Buffer | string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${url}${requestPath}`, { method: 'POST', headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
    });
    // The server may answer and close before it has read the body: that is the point.
    request.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    request.end(body);
  });
}

describe('Hostile request bodies, against the server as a process', () => {
  let dataDir: string;
  let server: ServerProcess;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-bodies-'));
    server = await startServerProcess(await compiledServer(), { DATA_DIR: dataDir });
  }, 300_000);
  afterAll(async () => {
    if (server) await stopProcess(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  afterEach(async () => {
    expect(server.child.exitCode).toBeNull();
    const health = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(1000) });
    expect(health.status).toBe(200);
  });

  it('refuses a gzip body that inflates to 200 MB with 415 naming Content-Encoding, and stays up', async () => {
    const bomb = await gzipBomb(200);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const response = await send(server.url, '/api/directline/token', { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, bomb);
    expect(response.status).toBe(415);
    expect(JSON.parse(response.body)).toMatchObject({ error: 'unsupported_media_type', field: 'Content-Encoding' });
  }, 60_000);

  it.each(['gzip', 'deflate', 'br', 'x-gzip', 'GZIP', 'identity, gzip'])(
    'refuses Content-Encoding: %s on any route, unknown ones included, with 415',
    async (encoding) => {
      for (const route of ['/api/faq/check-customer-connection/feedback', '/api/messages', '/no/such/route']) {
        const response = await send(server.url, route, { 'Content-Type': 'application/json', 'Content-Encoding': encoding }, zlib.gzipSync('{}'));
        expect(response.status).toBe(415);
        expect(JSON.parse(response.body)).toMatchObject({ error: 'unsupported_media_type', field: 'Content-Encoding' });
      }
    },
  );

  // Found by the route fuzzer: restify's gunzip raised "incorrect header check" on data that is
  // not gzip at all, nothing handled it, and the process exited; GET routes read bodies too.
  it.each(['gzip', 'deflate'])('refuses 10 bytes of garbage labelled %s, on a GET route too, and stays up', async (encoding) => {
    for (const route of ['/staff/analytics/assets/23', '/api/directline/token']) {
      const response = await new Promise<number>((resolve, reject) => {
        const request = http.request(`${server.url}${route}`, { method: route.startsWith('/staff') ? 'GET' : 'POST', headers: { 'Content-Type': 'application/json', 'Content-Encoding': encoding, 'Content-Length': '10' } }, (answer) => {
          answer.resume();
          answer.on('end', () => resolve(answer.statusCode ?? 0));
        });
        request.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
        request.end(Buffer.from('0123456789'));
      });
      expect(response).toBe(415);
    }
  });

  it('reads a body sent with Content-Encoding: identity as the plain body it is', async () => {
    const response = await send(server.url, '/api/faq/check-customer-connection/feedback', { 'Content-Type': 'application/json', 'Content-Encoding': 'identity' }, '{}');
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ error: 'bad_request' });
  });

  it.each([
    ['arrays', '['.repeat(100_000)],
    ['objects', '{"a":'.repeat(20_000)],
  ])('refuses JSON %s nested past the depth limit with 400 naming the body, wherever it is posted', async (_shape, opening) => {
    const closing = opening.startsWith('[') ? ']'.repeat(opening.length) : '}'.repeat(opening.length / 5);
    const body = `${opening}1${closing}`;
    for (const route of ['/api/faq/check-customer-connection/feedback', '/api/messages', '/api/directline/token', '/v3/directline/conversations']) {
      const response = await send(server.url, route, { 'Content-Type': 'application/json' }, body);
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body)).toMatchObject({ error: 'bad_request', field: 'body' });
    }
  });

  it('bounds a chunked body sent without a length as one with a length: 413 past 256 KB', async () => {
    const response = await new Promise<number>((resolve, reject) => {
      const request = http.request(`${server.url}/api/faq/check-customer-connection/feedback`, { method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      request.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
      const chunk = 'x'.repeat(64 * 1024);
      for (let i = 0; i < 64; i++) request.write(chunk);
      request.end();
    });
    expect(response).toBe(413);
  });

  it("answers headers over Node's 16 KB limit with 431 and stays up", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request(`${server.url}/healthz`, { headers: { 'X-Large': 'x'.repeat(64 * 1024) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      request.on('error', reject);
      request.end();
    });
    expect(status).toBe(431);
  });
});

describe('Multipart bodies, against the server as a process', () => {
  let dataDir: string;
  let tempDir: string;
  let server: ServerProcess;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-multipart-data-'));
    // The server's own temp directory, so that what it leaves there can be counted.
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-multipart-tmp-'));
    server = await startServerProcess(await compiledServer(), { DATA_DIR: dataDir, TMPDIR: tempDir });
  }, 300_000);
  afterAll(async () => {
    if (server) await stopProcess(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(tempDir, { recursive: true, force: true });
  });

  /** A multipart/form-data body of `count` small file parts. */
  function fileParts(count: number): string {
    let body = '';
    for (let i = 0; i < count; i++) {
      body += `--x\r\nContent-Disposition: form-data; name="f${i}"; filename="f${i}.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n`;
    }
    return `${body}--x--\r\n`;
  }

  // restify's parser wrote each file part to the temp directory and never removed it: one 52 KB
  // request to a route that answers 401 left 500 files in /tmp.
  it.each(['/v3/directline/tokens/refresh', '/api/faq/check-customer-connection/feedback', '/api/directline/token', '/no/such/route'])(
    'refuses a multipart body posted to %s with 415 naming Content-Type, and writes no file',
    async (route) => {
      const response = await send(server.url, route, { 'Content-Type': 'multipart/form-data; boundary=x' }, fileParts(50));
      expect(response.status).toBe(415);
      expect(JSON.parse(response.body)).toMatchObject({ error: 'unsupported_media_type', field: 'Content-Type' });
      expect(fs.readdirSync(tempDir)).toEqual([]);
      expect(server.child.exitCode).toBeNull();
    },
  );
});
