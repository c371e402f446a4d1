import http from 'node:http';
import net from 'node:net';
import { uploadBudget } from '../../../../bot/attachments/multipart';
import { MAX_FILE_BYTES } from '../../../../bot/attachments/limits';
import { startApp, startTwoOnPostgres, type RunningApp } from '../../../support/app';
import { call, pollUntil, type ClientActivity } from '../../../support/directline';
import { jpegFile, pdfFile, pngFile, uploadForm } from '../../../support/files';
import { createTestDatabase, postgresAvailable } from '../../../support/postgres';
import { newTicket } from '../../handoff/fixtures';
import { awayFromWindowEdge } from '../../../support/rateWindow';

const STAFF_TOKEN = 'integration-token-0123456789abcdef';

interface Conversation {
  conversationId: string;
  token: string;
}

/** The whole app on each engine: the upload and the ticket's files go through the shared database. */
const ENGINES: Array<{ name: string; env: () => Promise<{ env: Record<string, string>; drop: () => Promise<void> }> }> = [
  { name: 'sqlite', env: async () => ({ env: {}, drop: async () => undefined }) },
  {
    name: 'postgres',
    env: async () => {
      if (!(await postgresAvailable())) throw new Error('tests: PostgreSQL is not reachable (see TEST_DATABASE_URL)');
      const created = await createTestDatabase();
      return { env: { DATABASE_URL: created.url }, drop: created.drop };
    },
  },
];

describe.each(ENGINES)('Direct Line upload on $name', (engine) => {
  let running: RunningApp;
  let drop: () => Promise<void>;
  let domain: string;

  beforeAll(async () => {
    const prepared = await engine.env();
    drop = prepared.drop;
    running = await startApp({ ...prepared.env, STAFF_API_TOKEN: STAFF_TOKEN, RATE_LIMIT_DIRECTLINE_POSTS_PER_MINUTE: '200', RATE_LIMIT_DIRECTLINE_POSTS_PER_CLIENT_PER_MINUTE: '1000' });
    domain = `${running.url}/v3/directline`;
  });
  afterAll(async () => {
    await running.stop();
    await drop();
  });

  async function conversation(): Promise<Conversation> {
    const token = (await call(`${running.url}/api/directline/token`, 'POST')).body;
    expect((await call(`${domain}/conversations`, 'POST', { token: token.token, body: { locale: 'fr-FR' } })).status).toBeLessThan(300);
    return { conversationId: token.conversationId, token: token.token };
  }

  const upload = (to: Conversation, form: FormData, token = to.token) =>
    fetch(`${domain}/conversations/${to.conversationId}/upload?userId=dl_whatever`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });

  const message = (text?: string) => ({ type: 'message', from: { id: 'dl_whatever', role: 'user' }, locale: 'fr-FR', ...(text ? { text } : {}), channelData: { clientActivityID: 'c1' } });

  it('takes a PNG as Web Chat sends it, echoes it with the file as an attachment, and serves it back as a download', async () => {
    const me = await conversation();
    const png = pngFile(16, 16);
    const response = await upload(me, uploadForm(message('voici ma capture'), [{ name: 'capture écran.png', type: 'image/png', data: png }]));
    expect(response.status).toBe(200);
    const { id } = (await response.json()) as { id: string };
    const { activities } = await pollUntil(domain, me.conversationId, me.token, (all) => all.some((activity) => activity.id === id));
    const echoed = activities.find((activity) => activity.id === id)!;
    expect(echoed).toMatchObject({ type: 'message', text: 'voici ma capture', from: { role: 'user' }, channelData: { clientActivityID: 'c1' } });
    const [attachment] = echoed.attachments as Array<{ contentType: string; contentUrl: string; name: string }>;
    expect(attachment).toEqual({
      contentType: 'image/png',
      name: 'capture écran.png',
      contentUrl: expect.stringMatching(/\/attachments\/att_[\w-]{22}\?sig=[\w-]+$/),
      thumbnailUrl: attachment!.contentUrl,
    });

    // Web Chat's <img> sends no Authorization header: the signed address is enough.
    const served = await fetch(attachment!.contentUrl);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('content-disposition')).toBe(`attachment; filename="capture _cran.png"; filename*=UTF-8''capture%20%C3%A9cran.png`);
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");

    // The conversation's own token opens it too; nothing else does, and what is refused is a 404.
    const bare = attachment!.contentUrl.split('?')[0]!;
    expect((await fetch(bare, { headers: { Authorization: `Bearer ${me.token}` } })).status).toBe(200);
    expect((await fetch(bare)).status).toBe(404);
    expect((await fetch(`${bare}?sig=AAAA`)).status).toBe(404);
    const other = await conversation();
    expect((await fetch(bare, { headers: { Authorization: `Bearer ${other.token}` } })).status).toBe(404);
    const elsewhere = attachment!.contentUrl.replace(me.conversationId, other.conversationId);
    expect((await fetch(elsewhere)).status).toBe(404);
    expect((await fetch(elsewhere.split('?')[0]!, { headers: { Authorization: `Bearer ${other.token}` } })).status).toBe(404);
  });

  it('ignores the activity part’s own attachment list (Web Chat puts a data: URL thumbnail of each image there)', async () => {
    const me = await conversation();
    const thumbnail = `data:image/jpeg;base64,${'A'.repeat(48 * 1024)}`;
    const activity = { ...message(), attachments: [{ contentType: 'image/png', name: 'big.png', thumbnailUrl: thumbnail }] };
    const response = await upload(me, uploadForm(activity, [{ name: 'big.png', type: 'image/png', data: pngFile(64, 64) }]));
    expect(response.status).toBe(200);
    const { id } = (await response.json()) as { id: string };
    const { activities } = await pollUntil(domain, me.conversationId, me.token, (all) => all.some((item) => item.id === id));
    const [attachment] = activities.find((item) => item.id === id)!.attachments as Array<{ thumbnailUrl: string }>;
    expect(attachment!.thumbnailUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v3\/directline\/conversations\//);
  });

  it('reads the type from the content: a PNG named .pdf is kept as a PNG, a text file named .png is refused (415 naming the field) and the chat says why', async () => {
    const me = await conversation();
    const renamed = await upload(me, uploadForm(message(), [{ name: 'facture.pdf', type: 'application/pdf', data: pngFile() }]));
    expect(renamed.status).toBe(200);
    const spoofed = await upload(me, uploadForm(message(), [{ name: 'capture.png', type: 'image/png', data: Buffer.from('<svg onload="alert(1)"/>') }]));
    expect(spoofed.status).toBe(415);
    expect(await spoofed.json()).toEqual({ error: 'unsupported_media_type', message: expect.stringContaining('must be a PNG, JPEG or PDF'), field: 'file' });
    const { activities } = await pollUntil(domain, me.conversationId, me.token, (all) =>
      all.some((activity) => activity.from.role === 'bot' && /PNG, JPEG ou PDF/.test(activity.text ?? '')),
    );
    const accepted = activities.find((activity) => activity.from.role === 'user' && activity.attachments?.length) as ClientActivity & { attachments: Array<{ name: string; contentType: string }> };
    expect(accepted.attachments[0]).toMatchObject({ name: 'facture.pdf.png', contentType: 'image/png' });
    const refusal = activities.find((activity) => activity.from.role === 'bot' && /PNG, JPEG ou PDF/.test(activity.text ?? ''))!;
    expect(refusal.text).toBe('Le fichier «\u00a0capture.png\u00a0» n’a pas été envoyé\u00a0: seuls les fichiers PNG, JPEG ou PDF sont acceptés.');
    expect((refusal as unknown as { textFormat: string }).textFormat).toBe('plain');
  });

  it('takes JPEG and PDF, several files at once, up to 4 MB each; refuses one byte more with 413 naming the field', async () => {
    const me = await conversation();
    const ok = await upload(me, uploadForm(message(), [
      { name: 'photo.jpg', type: 'image/jpeg', data: jpegFile() },
      { name: 'bon.pdf', type: 'application/pdf', data: pdfFile(MAX_FILE_BYTES - pdfFile().length) },
    ]));
    expect(ok.status).toBe(200);
    const tooBig = await upload(me, uploadForm(message(), [{ name: 'gros.pdf', type: 'application/pdf', data: pdfFile(MAX_FILE_BYTES - pdfFile().length + 1) }]));
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toEqual({ error: 'too_large', message: expect.stringContaining('a file must be at most 4 MB'), field: 'file' });
    const english = await conversation();
    const refused = await upload(english, uploadForm({ ...message(), locale: 'en-US' }, [{ name: 'notes.txt', type: 'text/plain', data: Buffer.from('hello') }]));
    expect(refused.status).toBe(415);
    await pollUntil(domain, english.conversationId, english.token, (all) => all.some((activity) => activity.text === 'The file “notes.txt” was not sent: only PNG, JPEG or PDF files are accepted.'));
  });

  it('refuses uploads with too many files or parts, unexpected parts, no file, a bad activity, or no multipart body', async () => {
    const me = await conversation();
    const five = Array.from({ length: 5 }, (_, n) => ({ name: `${n}.png`, type: 'image/png', data: pngFile() }));
    const many = await upload(me, uploadForm(message(), five));
    expect(many.status).toBe(413);
    expect(((await many.json()) as { field: string }).field).toBe('file');

    const form = uploadForm(message(), [{ name: 'a.png', type: 'image/png', data: pngFile() }]);
    form.append('comment', 'x');
    const extra = await upload(me, form);
    expect(extra.status).toBe(400);
    expect(await extra.json()).toMatchObject({ field: 'comment' });

    const none = new FormData();
    none.append('activity', new Blob([JSON.stringify(message())]));
    expect(await (await upload(me, none)).json()).toMatchObject({ error: 'bad_request', field: 'file' });

    const eventForm = uploadForm({ type: 'event', name: 'x' }, [{ name: 'a.png', type: 'image/png', data: pngFile() }]);
    expect(await (await upload(me, eventForm)).json()).toMatchObject({ field: 'activity.type' });
    const badJson = new FormData();
    badJson.append('activity', new Blob(['{"type":']));
    badJson.append('file', new Blob([new Uint8Array(pngFile())]), 'a.png');
    expect(await (await upload(me, badJson)).json()).toMatchObject({ field: 'activity' });
    const deep = new FormData();
    deep.append('activity', new Blob(['['.repeat(1000) + ']'.repeat(1000)]));
    deep.append('file', new Blob([new Uint8Array(pngFile())]), 'a.png');
    expect(await (await upload(me, deep)).json()).toMatchObject({ field: 'activity' });

    const json = await fetch(`${domain}/conversations/${me.conversationId}/upload`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${me.token}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(415);
    expect(await json.json()).toMatchObject({ field: 'Content-Type' });
    // Every other route still refuses multipart bodies.
    const elsewhere = await fetch(`${domain}/conversations/${me.conversationId}/activities`, { method: 'POST', headers: { Authorization: `Bearer ${me.token}` }, body: uploadForm(message(), []) });
    expect(elsewhere.status).toBe(415);
    expect(uploadBudget.inUse).toBe(0);
  });

  it('checks the token and the conversation exactly as a post does', async () => {
    const me = await conversation();
    const other = await conversation();
    const form = () => uploadForm(message(), [{ name: 'a.png', type: 'image/png', data: pngFile() }]);
    expect((await fetch(`${domain}/conversations/${me.conversationId}/upload`, { method: 'POST', body: form() })).status).toBe(401);
    expect((await upload(me, form(), 'not-a-token')).status).toBe(401);
    expect((await upload(me, form(), other.token)).status).toBe(403);
    const unstarted = await call(`${running.url}/api/directline/token`, 'POST');
    expect((await upload(unstarted.body, form())).status).toBe(404);
    expect(uploadBudget.inUse).toBe(0);
  });

  it('keeps to the per-conversation quota (413 naming the field)', async () => {
    const me = await conversation();
    const four = Array.from({ length: 4 }, (_, n) => ({ name: `${n}.png`, type: 'image/png', data: pngFile() }));
    for (let n = 0; n < 5; n++) expect((await upload(me, uploadForm(message(), four))).status).toBe(200);
    const over = await upload(me, uploadForm(message(), [four[0]!]));
    expect(over.status).toBe(413);
    expect(await over.json()).toMatchObject({ field: 'file', message: expect.stringContaining('at most 20 files') });
  });

  it('lists each file on the ticket of its conversation, those sent before escalation included, and serves them to staff only', async () => {
    const me = await conversation();
    const png = pngFile(8, 8);
    expect((await upload(me, uploadForm(message(), [{ name: '<img src=x onerror=alert(1)>.png', type: 'image/png', data: png }]))).status).toBe(200);
    const ticket = await running.app.handoff.openTicket(newTicket({ conversationId: me.conversationId, channelId: 'directline' }));
    expect((await upload(me, uploadForm(message(), [{ name: 'après.pdf', type: 'application/pdf', data: pdfFile() }]))).status).toBe(200);
    const asStaff = { Authorization: `Bearer ${STAFF_TOKEN}` };
    const detail = (await (await fetch(`${running.url}/api/handoff/tickets/${ticket.id}`, { headers: asStaff })).json()) as { attachments: Array<Record<string, unknown>> };
    expect(detail.attachments).toEqual([
      { id: expect.stringMatching(/^att_/), name: '<img src=x onerror=alert(1)>.png', contentType: 'image/png', size: png.length, createdAt: expect.any(String), url: expect.stringMatching(new RegExp(`^/api/handoff/tickets/${ticket.id}/attachments/att_`)) },
      { id: expect.stringMatching(/^att_/), name: 'après.pdf', contentType: 'application/pdf', size: pdfFile().length, createdAt: expect.any(String), url: expect.any(String) },
    ]);
    const url = `${running.url}${detail.attachments[0]!.url as string}`;
    const served = await fetch(url, { headers: asStaff });
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
    expect(served.headers.get('content-disposition')).toMatch(/^attachment; filename="<img src=x onerror=alert\(1\)>\.png"$/);
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await fetch(url)).status).toBe(401);
    const otherTicket = await running.app.handoff.openTicket(newTicket({ channelId: 'directline' }));
    expect((await fetch(url.replace(ticket.id, otherTicket.id), { headers: asStaff })).status).toBe(404);
  });
});

describe('Direct Line upload: hostile multipart', () => {
  let running: RunningApp;
  let domain: string;
  let me: Conversation;

  beforeAll(async () => {
    running = await startApp({ RATE_LIMIT_DIRECTLINE_POSTS_PER_MINUTE: '200' });
    domain = `${running.url}/v3/directline`;
    const token = (await call(`${running.url}/api/directline/token`, 'POST')).body;
    await call(`${domain}/conversations`, 'POST', { token: token.token });
    me = { conversationId: token.conversationId, token: token.token };
  });
  afterAll(async () => {
    await running.stop();
  });

  /** A raw request, for bodies fetch will not send: returns the status and body once answered. */
  function rawUpload(headers: Record<string, string>, write: (req: http.ClientRequest) => void): Promise<{ status: number; body: string }> {
    const { port } = new URL(running.url);
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: `/v3/directline/conversations/${me.conversationId}/upload`, headers: { Authorization: `Bearer ${me.token}`, ...headers } }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      write(req);
    });
  }

  it('refuses a declared body over the limit before reading it', async () => {
    const answer = await rawUpload({ 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': String(100 * 1024 * 1024) }, (req) => req.write('--x\r\n'));
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ field: 'body' });
  });

  it('stops a chunked body that goes on past the limit, without holding it', async () => {
    const before = process.memoryUsage().rss;
    const chunk = Buffer.alloc(1024 * 1024, 0x41);
    const answer = await rawUpload({ 'Content-Type': 'multipart/form-data; boundary=x' }, (req) => {
      req.write('--x\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n');
      let sent = 0;
      const pump = () => {
        while (sent < 200 && req.write(chunk)) sent++;
        if (sent < 200) req.once('drain', pump);
        else req.end();
      };
      req.on('error', () => undefined);
      pump();
    }).catch(() => ({ status: 0, body: '' }));
    // Either the 413 came back or the server closed the connection after answering it.
    expect([0, 413]).toContain(answer.status);
    expect(uploadBudget.inUse).toBe(0);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('refuses huge part headers and many parts', async () => {
    const boundary = 'b0undary';
    const huge = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nX-Pad: ${'a'.repeat(100_000)}\r\n\r\nxx\r\n--${boundary}--\r\n`;
    const answer = await rawUpload({ 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': String(Buffer.byteLength(huge)) }, (req) => req.end(huge));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ field: 'body' });

    const parts = Array.from({ length: 1000 }, (_, n) => `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${n}.png"\r\n\r\nx\r\n`).join('') + `--${boundary}--\r\n`;
    const many = await rawUpload({ 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': String(Buffer.byteLength(parts)) }, (req) => req.end(parts));
    expect(many.status).toBe(413);
    expect(uploadBudget.inUse).toBe(0);
  });

  it('a slow upload blocks nobody: other requests are answered while it trickles in', async () => {
    const socket = net.connect(Number(new URL(running.url).port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      `POST /v3/directline/conversations/${me.conversationId}/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${me.token}\r\n` +
        'Content-Type: multipart/form-data; boundary=slow\r\nContent-Length: 100000\r\n\r\n--slow\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n',
    );
    const trickle = setInterval(() => socket.write('x'), 20);
    try {
      const started = Date.now();
      for (let n = 0; n < 5; n++) expect((await call(`${running.url}/healthz`, 'GET')).status).toBeLessThan(500);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      clearInterval(trickle);
      socket.destroy();
    }
  });
});

describe('Direct Line upload: two instances on one PostgreSQL database', () => {
  it('a file uploaded through one instance is served by the other, to the conversation and to staff', async () => {
    const apps = await startTwoOnPostgres({ STAFF_API_TOKEN: STAFF_TOKEN });
    try {
      const { first, second } = apps;
      const token = (await call(`${first.url}/api/directline/token`, 'POST')).body;
      expect((await call(`${first.url}/v3/directline/conversations`, 'POST', { token: token.token })).status).toBeLessThan(300);
      const png = pngFile(6, 6);
      const response = await fetch(`${first.url}/v3/directline/conversations/${token.conversationId}/upload`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token.token}` },
        body: uploadForm({ type: 'message' }, [{ name: 'partagé.png', type: 'image/png', data: png }]),
      });
      expect(response.status).toBe(200);
      const mine = (activity: ClientActivity) => activity.from.role === 'user' && Boolean(activity.attachments?.length);
      const { activities } = await pollUntil(`${second.url}/v3/directline`, token.conversationId, token.token, (all) => all.some(mine));
      const { contentUrl } = (activities.find(mine)!.attachments as Array<{ contentUrl: string }>)[0]!;
      const onSecond = contentUrl.replace(first.url, second.url);
      expect(onSecond.startsWith(second.url)).toBe(true);
      const served = await fetch(onSecond);
      expect(served.status).toBe(200);
      expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);

      const ticket = await second.app.handoff.openTicket(newTicket({ conversationId: token.conversationId, channelId: 'directline' }));
      const detail = (await (await fetch(`${second.url}/api/handoff/tickets/${ticket.id}`, { headers: { Authorization: `Bearer ${STAFF_TOKEN}` } })).json()) as { attachments: Array<{ name: string; url: string }> };
      expect(detail.attachments.map((file) => file.name)).toEqual(['partagé.png']);
      expect((await fetch(`${first.url}${detail.attachments[0]!.url}`, { headers: { Authorization: `Bearer ${STAFF_TOKEN}` } })).status).toBe(200);
    } finally {
      await apps.stop();
    }
  });
});

describe('Direct Line upload: rate limits', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({ RATE_LIMIT_DIRECTLINE_POSTS_PER_MINUTE: '3' });
  });
  afterAll(async () => {
    await running.stop();
  });

  it('counts an upload as a post: past the conversation’s limit it answers 429 with Retry-After and reads nothing', async () => {
    await awayFromWindowEdge();
    const domain = `${running.url}/v3/directline`;
    const token = (await call(`${running.url}/api/directline/token`, 'POST')).body;
    await call(`${domain}/conversations`, 'POST', { token: token.token });
    const form = () => uploadForm({ type: 'message' }, [{ name: 'a.png', type: 'image/png', data: pngFile() }]);
    const uploadOnce = () => fetch(`${domain}/conversations/${token.conversationId}/upload`, { method: 'POST', headers: { Authorization: `Bearer ${token.token}` }, body: form() });
    expect((await call(`${domain}/conversations/${token.conversationId}/activities`, 'POST', { token: token.token, body: { type: 'message', text: 'bonjour' } })).status).toBe(200);
    expect((await uploadOnce()).status).toBe(200);
    expect((await uploadOnce()).status).toBe(200);
    const refused = await uploadOnce();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // The rest of the body is never read: the connection must close (the header came too late once, and threw).
    expect(refused.headers.get('connection')).toBe('close');
    expect((await call(`${domain}/conversations/${token.conversationId}/activities`, 'POST', { token: token.token, body: { type: 'message', text: 'encore' } })).status).toBe(429);
    expect(uploadBudget.inUse).toBe(0);
  });
});
