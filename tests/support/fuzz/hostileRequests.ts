import zlib from 'node:zlib';
import fc from 'fast-check';
import type { Framing, RawRequest } from './rawRequest';

/** A route as the router registered it: `GET /api/faq/:id` → params ['id']. */
export interface FuzzRoute {
  readonly method: string;
  readonly path: string;
  readonly params: readonly string[];
}

/** Real credentials and ids, so a share of the cases gets past authentication into the handlers. */
export interface FuzzContext {
  /** A Direct Line conversation token (from POST /api/directline/token) and its conversation. */
  readonly directLineToken: string;
  readonly conversationId: string;
  /** A signed-in staff session: its Cookie header and the CSRF token of its pages. */
  readonly staffCookie: string;
  readonly staffCsrf: string;
  /** Ids that exist, for path parameters. */
  readonly knownIds: readonly string[];
  /** Bodies that unpack to tens of megabytes (made once: compressing is slow). */
  readonly bombs: readonly CompressedBody[];
}

export interface CompressedBody {
  readonly encoding: string;
  readonly contentType: string;
  readonly body: Buffer;
  readonly unpackedBytes: number;
}

/** The body cap of bot/server.ts, restated: bodies are generated just under and over it. */
const BODY_CAP = 256 * 1024;

/** Every property name of Object.prototype (`__proto__`, `constructor`, `hasOwnProperty`, …). */
export const PROTOTYPE_NAMES: readonly string[] = Object.getOwnPropertyNames(Object.prototype);

/** Segments that try to leave the parameter: encoded slashes, dot segments, NUL, bad escapes. */
export const TRAVERSAL_SEGMENTS: readonly string[] = [
  '%2F', '..%2F..%2Fpackage.json', '%2e%2e', '%2e%2e%2f%2e%2e%2fpackage.json', '..', '.', '%00', 'a%00.js',
  '%ff', '%', '%zz', '%252F', '%5C..%5C', '..%5c..%5cpackage.json', '%C0%AE%C0%AE%2F',
];

/** Compresses `unpacked` bytes (made by `fill`) with each encoding restify or a proxy might accept. */
export function makeBombs(unpackedBytes: number): CompressedBody[] {
  const zeros = Buffer.alloc(unpackedBytes);
  const json = Buffer.alloc(unpackedBytes, 'a');
  json.write('{"text":"', 0);
  json.write('"}', unpackedBytes - 2);
  const bombs: CompressedBody[] = [];
  for (const [contentType, plain] of [['application/json', json], ['application/octet-stream', zeros]] as const) {
    bombs.push({ encoding: 'gzip', contentType, body: zlib.gzipSync(plain, { level: 9 }), unpackedBytes });
    bombs.push({ encoding: 'deflate', contentType, body: zlib.deflateSync(plain, { level: 9 }), unpackedBytes });
    bombs.push({ encoding: 'br', contentType, body: zlib.brotliCompressSync(plain), unpackedBytes });
  }
  return bombs;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const ODD_METHODS = ['TRACE', 'PROPFIND', 'MKCOL', 'SEARCH', 'PURGE', 'get', 'FOO', 'M-SEARCH', 'QUERY', 'CONNECT'];

function method(route: FuzzRoute): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant(route.method) },
    { weight: 3, arbitrary: fc.constantFrom(...METHODS) },
    { weight: 1, arbitrary: fc.constantFrom(...ODD_METHODS) },
  );
}

function pathSegment(context: FuzzContext): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...PROTOTYPE_NAMES, '__proto__', 'prototype', 'constructor.prototype') },
    { weight: 3, arbitrary: fc.constantFrom(...TRAVERSAL_SEGMENTS) },
    { weight: 2, arbitrary: fc.constantFrom(...context.knownIds, context.conversationId) },
    { weight: 1, arbitrary: fc.constantFrom('-1', '0', '1e309', 'NaN', '9007199254740993', 'null', 'undefined', '[object Object]') },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }).map(encodeURIComponent) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }).map((s) => s.replace(/[\s/?#]/g, '_')) },
    { weight: 1, arbitrary: fc.constantFrom(1000, 8000, 15000, 70000).map((n) => 'a'.repeat(n)) },
  );
}

function target(route: FuzzRoute, context: FuzzContext): fc.Arbitrary<string> {
  const segments = fc.tuple(...route.params.map(() => pathSegment(context)));
  const suffix = fc.oneof({ weight: 8, arbitrary: fc.constant('') }, fc.constantFrom('/', '/..', '/%2e%2e', '//', '/x', '.json', ';a=b'));
  return fc.tuple(route.params.length > 0 ? segments : fc.constant([] as string[]), suffix, query()).map(([values, tail, q]) => {
    let path = route.path;
    route.params.forEach((name, index) => (path = path.replace(`:${name}`, values[index]!)));
    return `${path}${tail}${q}`;
  });
}

const QUERY_KEYS = ['q', 'lang', 'limit', 'watermark', 'from', 'to', 'days', 'status', 'a[b]', 'a[]', 'a[b][c][d]', '__proto__[x]', 'constructor[prototype][x]', 'toString'];

function query(): fc.Arbitrary<string> {
  const value = fc.oneof(
    fc.string({ maxLength: 30 }).map(encodeURIComponent),
    fc.constantFrom('', '-1', '1e309', '%', '%00', 'NaN', '99999999999999999999', '__proto__'),
    fc.constantFrom(2000, 12000).map((n) => 'q'.repeat(n)),
  );
  const pair = fc.tuple(fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.string({ maxLength: 8 }).map(encodeURIComponent)), value);
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant('') },
    { weight: 4, arbitrary: fc.array(pair, { minLength: 1, maxLength: 6 }).map((pairs) => `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`) },
    { weight: 1, arbitrary: fc.constantFrom(200, 1000).map((n) => `?${Array.from({ length: n }, (_, i) => `a=${i}`).join('&')}`) },
    { weight: 1, arbitrary: fc.constant(`?${'a['.repeat(200)}${']'.repeat(200)}=1`) },
  );
}

/** Keys the routes read, and keys that poison a naive object merge. */
const BODY_KEYS = [
  'type', 'text', 'value', 'channelData', 'attachments', 'entities', 'from', 'recipient', 'conversation', 'serviceUrl', 'channelId', 'id',
  'user', 'userId', 'locale', 'email', 'password', 'name', 'csrf', 'helpful', 'comment', 'question', 'answer', 'phrasings', 'category',
  'fr', 'en', 'message', 'status', 'replyToId', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty',
];

function shapedJson(): fc.Arbitrary<unknown> {
  const leaf = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(...PROTOTYPE_NAMES), fc.constantFrom(60_000, 250_000).map((n) => 'x'.repeat(n)));
  return fc.letrec<{ node: unknown }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.dictionary(fc.oneof(fc.constantFrom(...BODY_KEYS), fc.string({ maxLength: 10 })), tie('node'), { maxKeys: 6 }),
      fc.array(tie('node'), { maxLength: 4 }),
    ),
  })).node;
}

interface Body {
  readonly body?: Buffer;
  readonly contentType?: string;
  readonly encoding?: string;
  readonly label: string;
}

function nested(depth: number, kind: 'array' | 'object'): Buffer {
  return Buffer.from(kind === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
}

function sized(bytes: number): Buffer {
  const body = Buffer.alloc(bytes, 'x');
  body.write('{"type":"message","text":"', 0);
  body.write('"}', bytes - 2);
  return body;
}

/**
 * Bot Framework activities with hostile fields, as /api/messages and the Direct Line routes read
 * them. serviceUrls point at closed loopback ports: the server may call them, and must not leave 127.0.0.1.
 */
function activity(context: FuzzContext): fc.Arbitrary<unknown> {
  const text = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.constantFrom('je veux parler à quelqu\'un', 'help', 'a@b.co '.repeat(2000), 'a'.repeat(100_000), '1 '.repeat(50_000), '\u0000\ud800'),
  );
  const id = fc.oneof(fc.constantFrom(context.conversationId, '__proto__', 'constructor', '', '../x', 'a'.repeat(5000)), fc.string({ maxLength: 20 }));
  return fc.record(
    {
      type: fc.constantFrom('message', 'message', 'message', 'conversationUpdate', 'invoke', 'event', 'typing', 'endOfConversation', '__proto__', 'toString'),
      id,
      text,
      locale: fc.constantFrom('fr-FR', 'en-US', 'xx', '__proto__', 'a'.repeat(300)),
      channelId: fc.constantFrom('directline', 'webchat', 'emulator', 'msteams', 'test', '__proto__'),
      serviceUrl: fc.oneof({ weight: 4, arbitrary: fc.constant('http://127.0.0.1:9/') }, fc.constantFrom('http://127.0.0.1:9/__proto__', 'not a url', 'file:///etc/passwd', '')),
      conversation: fc.record({ id }),
      from: fc.record({ id, name: fc.string({ maxLength: 20 }) }),
      recipient: fc.record({ id }),
      value: fc.jsonValue({ maxDepth: 3 }),
      name: fc.constantFrom('handoff.initiate', 'composeExtension/query', 'webchat/join', '__proto__'),
      channelData: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant({ postBack: true, clientActivityID: '__proto__' })),
      attachments: fc.array(fc.record({ contentType: fc.string({ maxLength: 30 }), content: fc.jsonValue({ maxDepth: 2 }) }), { maxLength: 3 }),
      entities: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
    },
    // Mostly complete, so that most activities pass the shape check and start a turn.
    { requiredKeys: ['type', 'text', 'channelId', 'serviceUrl', 'conversation', 'from', 'recipient'] },
  );
}

function body(context: FuzzContext): fc.Arbitrary<Body> {
  const json = (value: unknown, label: string): Body => ({ body: Buffer.from(JSON.stringify(value) ?? 'null'), contentType: 'application/json', label });
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant<Body>({ label: 'no body' }) },
    { weight: 4, arbitrary: fc.jsonValue().map((v) => json(v, 'random JSON')) },
    { weight: 6, arbitrary: shapedJson().map((v) => json(v, 'route-shaped JSON')) },
    { weight: 6, arbitrary: activity(context).map((v) => json(v, 'activity')) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(1000, 10_000, 100_000), fc.constantFrom<'array' | 'object'>('array', 'object')).map(([d, k]) => ({ body: nested(d, k), contentType: 'application/json', label: `${k}s nested ${d} deep` })) },
    { weight: 1, arbitrary: fc.constantFrom(BODY_CAP - 1024, BODY_CAP, BODY_CAP + 1, 4 * BODY_CAP).map((n) => ({ body: sized(n), contentType: 'application/json', label: `${n}-byte JSON` })) },
    { weight: 1, arbitrary: fc.constant<Body>({ body: Buffer.concat([Buffer.from('{"text":"'), Buffer.from([0xff, 0xfe, 0xc0, 0x80, 0xed, 0xa0, 0x80]), Buffer.from('"}')]), contentType: 'application/json', label: 'invalid UTF-8 JSON' }) },
    { weight: 1, arbitrary: fc.constantFrom('a[b][c]=1&a=1&a=2&__proto__[polluted]=1&constructor[prototype][polluted]=1', `${'a['.repeat(100)}]=1`, 'email=a%40b.c&password=x&csrf=y').map((text) => ({ body: Buffer.from(text), contentType: 'application/x-www-form-urlencoded', label: 'form' })) },
    { weight: 1, arbitrary: fc.constant<Body>({ body: Buffer.from('--X\r\nContent-Disposition: form-data; name="file"; filename="../../a.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--X--\r\n'), contentType: 'multipart/form-data; boundary=X', label: 'multipart upload' }) },
    { weight: 1, arbitrary: fc.tuple(fc.jsonValue(), fc.constantFrom('text/plain', 'application/octet-stream', 'application/json; charset=utf-16', 'application/jsonp', 'text/html', '*/*', 'application/x-www-form-urlencoded', 'application/json;;;', 'multipart/form-data')).map(([v, type]) => ({ body: Buffer.from(JSON.stringify(v) ?? ''), contentType: type, label: `JSON sent as ${type}` })) },
    { weight: 2, arbitrary: fc.constantFrom(...context.bombs).map((b) => ({ ...b, label: `${b.encoding} bomb of ${b.unpackedBytes} bytes as ${b.contentType}` })) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('gzip', 'deflate', 'br', 'compress', 'gzip, gzip', 'identity', 'x-unknown'), fc.uint8Array({ maxLength: 64 })).map(([encoding, bytes]) => ({ body: Buffer.from(bytes), contentType: 'application/json', encoding, label: `garbage claiming ${encoding}` })) },
  );
}

function framing(): fc.Arbitrary<Framing> {
  return fc.oneof(
    { weight: 12, arbitrary: fc.constant<Framing>('content-length') },
    { weight: 2, arbitrary: fc.constant<Framing>('chunked') },
    { weight: 1, arbitrary: fc.constantFrom<Framing>('length-too-long', 'length-too-short', 'length-and-chunked', 'no-length') },
  );
}

const JWT_NONE = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"admin","conv":"x","scope":"conversation","exp":9999999999}').toString('base64url')}.`;

function authorization(route: FuzzRoute, context: FuzzContext): fc.Arbitrary<[string, string][]> {
  const directLine = route.path.startsWith('/v3/directline') || route.path.startsWith('/directline-channel');
  const junk = fc.oneof(
    fc.constantFrom('Bearer ', 'Bearer', `Bearer ${JWT_NONE}`, 'Basic YWRtaW46YWRtaW4=', 'Bearer null', 'Bearer undefined', 'Bearer __proto__', `Bearer ${'a'.repeat(8000)}`, 'bearer  x.y.z'),
    fc.string({ maxLength: 60 }).map((s) => `Bearer ${s.replace(/[\r\n]/g, '')}`),
  );
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant<[string, string][]>([]) },
    { weight: directLine ? 5 : 1, arbitrary: fc.constant<[string, string][]>([['Authorization', `Bearer ${context.directLineToken}`]]) },
    { weight: 2, arbitrary: junk.map((value): [string, string][] => [['Authorization', value]]) },
  );
}

function session(route: FuzzRoute, context: FuzzContext): fc.Arbitrary<[string, string][]> {
  const staff = /^\/(staff|api\/(handoff|knowledge|analytics))/.test(route.path);
  return fc.oneof(
    { weight: 5, arbitrary: fc.constant<[string, string][]>([]) },
    { weight: staff ? 4 : 1, arbitrary: fc.constant<[string, string][]>([['Cookie', context.staffCookie], ['X-CSRF-Token', context.staffCsrf]]) },
    { weight: 1, arbitrary: fc.constantFrom('csp_staff_session=__proto__', 'csp_staff_session=', `csp_staff_session=${'a'.repeat(4000)}`, 'csp_staff_session=a; csp_staff_session=b', '=;=;;', 'csp_staff_signin=x%ZZ').map((c): [string, string][] => [['Cookie', c], ['X-CSRF-Token', 'x']]) },
  );
}

function extraHeaders(): fc.Arbitrary<[string, string][]> {
  const one = fc.oneof(
    fc.constantFrom<[string, string]>(
      ['X-Forwarded-For', '1.2.3.4, 127.0.0.1'], ['X-Forwarded-For', 'not-an-ip'], ['Accept-Encoding', 'gzip, br'], ['Origin', 'https://evil.example'],
      ['Origin', 'null'], ['Accept', 'text/event-stream'], ['Accept', '*/*;q=0.1, application/json'], ['Accept-Language', 'fr-CA,fr;q=0.9,*;q=0.1'],
      ['Range', 'bytes=0-1,5-9'], ['If-None-Match', '*'], ['Expect', '100-continue'], ['Upgrade', 'websocket'], ['X-HTTP-Method-Override', 'DELETE'],
      ['Content-Length', '-1'], ['Content-Type', 'application/json'], ['Host', 'evil.example'], ['Transfer-Encoding', 'gzip'],
    ),
    fc.tuple(fc.constantFrom('X-Pad', 'Accept-Language', 'Cookie', 'User-Agent', 'Referer'), fc.constantFrom(8000, 15_500, 17_000)).map(([name, n]): [string, string] => [name, 'a'.repeat(n)]),
  );
  return fc.oneof(
    { weight: 4, arbitrary: fc.array(one, { minLength: 1, maxLength: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom(100, 1000).map((n) => Array.from({ length: n }, (_, i): [string, string] => [`X-H${i}`, 'v'])) },
  );
}

/** One generated request and a short description of it (bodies are not printed whole). */
export interface HostileCase {
  readonly route: FuzzRoute;
  readonly request: RawRequest;
  readonly description: string;
}

/** The part of a request a case makes hostile; the others stay as a real client sends them, so the case reaches the handler. */
const FOCUS = ['method', 'path', 'query', 'body', 'framing', 'headers', 'credentials', 'everything'] as const;
type Focus = (typeof FOCUS)[number];

function takesActivities(route: FuzzRoute): boolean {
  return /\/activities(\/|$)|\/api\/messages$/.test(route.path);
}

/** What a real client of the route sends: its method, existing ids, its credentials, a small JSON body. */
export function benignRequest(route: FuzzRoute, context: FuzzContext): { target: string; credentials: [string, string][] } {
  let target = route.path;
  for (const name of route.params) target = target.replace(`:${name}`, name === 'conversationId' ? context.conversationId : context.knownIds[0]!);
  const staff = /^\/(staff|api\/(handoff|knowledge|analytics))/.test(route.path);
  const credentials: [string, string][] = staff
    ? [['Cookie', context.staffCookie], ['X-CSRF-Token', context.staffCsrf]]
    : [['Authorization', `Bearer ${context.directLineToken}`]];
  return { target, credentials };
}

/**
 * Hostile requests aimed at `route`: most cases make one part of the request hostile and keep
 * the rest as a real client sends it (so they get past the router and authentication into the
 * handler); some make everything hostile at once.
 */
export function hostileRequest(route: FuzzRoute, context: FuzzContext): fc.Arbitrary<HostileCase> {
  const normal = benignRequest(route, context);
  return fc
    .record({
      focus: fc.constantFrom<Focus>(...FOCUS),
      method: method(route),
      target: target(route, context),
      body: body(context),
      framing: framing(),
      auth: authorization(route, context),
      session: session(route, context),
      extra: fc.array(extraHeaders(), { minLength: 1, maxLength: 1 }).map(([h]) => h!),
      // The routes that take activities get activities when their body is not the hostile part.
      plain: (takesActivities(route) ? activity(context) : shapedJson()).map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
    })
    .map(({ focus, method, target, body: hostileBody, framing, auth, session, extra, plain }) => {
      const hostile = (part: Focus) => focus === part || focus === 'everything';
      const sendsBody = route.method !== 'GET' && route.method !== 'HEAD';
      const chosenBody: Body = hostile('body')
        ? hostileBody
        : sendsBody
          ? { body: plain, contentType: 'application/json', label: takesActivities(route) ? 'activity' : 'route-shaped JSON' }
          : { label: 'no body' };
      const chosenTarget = hostile('path') || hostile('query') ? (hostile('path') ? target : `${normal.target}${target.slice(target.indexOf('?') >= 0 ? target.indexOf('?') : target.length)}`) : normal.target;
      const headers: [string, string][] = [
        ...(hostile('credentials') ? [...auth, ...session] : normal.credentials),
        ...(hostile('headers') ? extra : []),
      ];
      if (chosenBody.contentType) headers.push(['Content-Type', chosenBody.contentType]);
      if (chosenBody.encoding) headers.push(['Content-Encoding', chosenBody.encoding]);
      const request: RawRequest = {
        method: hostile('method') ? method : route.method,
        target: chosenTarget,
        headers,
        body: chosenBody.body,
        framing: hostile('framing') ? framing : 'content-length',
      };
      const shown = (text: string) => (text.length > 160 ? `${text.slice(0, 160)}…(${text.length} chars)` : text);
      const headerNames = headers.map(([n, v]) => `${n}${v.length > 60 ? `(${v.length} chars)` : `=${v}`}`).join(' ');
      const description = `${request.method} ${shown(request.target)} [hostile ${focus}; ${chosenBody.label}, ${chosenBody.body?.length ?? 0} bytes, ${request.framing}] ${shown(headerNames)}`;
      return { route, request, description, [fc.toStringMethod]: () => description };
    });
}
