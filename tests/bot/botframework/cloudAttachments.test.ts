import http from 'node:http';
import { MAX_FILE_BYTES } from '../../../bot/attachments/limits';
import { startApp, type RunningApp } from '../../support/app';
import { pngFile, pdfFile } from '../../support/files';
import { newTicket } from '../handoff/fixtures';

const STAFF_TOKEN = 'integration-token-0123456789abcdef';

/**
 * Azure Direct Line, played on localhost: its Bot Connector (the serviceUrl the bot replies to)
 * and its attachment host (where a supplier's file waits at a contentUrl) on one origin, which
 * the app is told is the Direct Line endpoint's. A second server is somewhere else.
 */
interface FakeChannel {
  readonly origin: string;
  readonly replies: Array<Record<string, unknown>>;
  readonly downloads: string[];
  close(): Promise<void>;
}

/** Answers a request whole (writeHead, then end). */
function reply(res: http.ServerResponse, status: number, headers: http.OutgoingHttpHeaders, body?: string | Buffer): void {
  res.writeHead(status, headers);
  res.end(body);
}

async function startServer(handler: http.RequestListener): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

async function startChannel(files: Record<string, (res: http.ServerResponse) => void>): Promise<FakeChannel> {
  const replies: Array<Record<string, unknown>> = [];
  const downloads: string[] = [];
  const server = await startServer((req, res) => {
    if (req.method === 'GET' && req.url?.startsWith('/attachments/')) {
      downloads.push(req.url);
      const serve = files[req.url];
      if (serve) return serve(res);
      res.writeHead(404);
      res.end();
      return;
    }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      replies.push(JSON.parse(body || '{}') as Record<string, unknown>);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id: `reply-${replies.length}` }));
    });
  });
  return { origin: server.origin, replies, downloads, close: server.close };
}

describe('files from a cloud Direct Line channel', () => {
  let running: RunningApp;
  let channel: FakeChannel;
  let elsewhere: { origin: string; close: () => Promise<void> };
  let elsewhereHits = 0;
  const png = pngFile(12, 12);

  beforeAll(async () => {
    channel = await startChannel({
      '/attachments/conv/capture.png': (res) => reply(res, 200, { 'Content-Type': 'image/png' }, png),
      '/attachments/conv/fake.png': (res) => reply(res, 200, { 'Content-Type': 'image/png' }, '<html><script>alert(1)</script>'),
      '/attachments/conv/redirect.png': (res) => reply(res, 302, { Location: `${elsewhere.origin}/x.png` }),
      '/attachments/conv/huge.pdf': (res) => {
        // No Content-Length: the cap must hold while reading.
        res.writeHead(200, { 'Content-Type': 'application/pdf' });
        res.write(pdfFile());
        const chunk = Buffer.alloc(1024 * 1024, 0x20);
        let sent = 0;
        const pump = () => {
          while (sent < 64 && !res.destroyed && res.write(chunk)) sent++;
          if (sent < 64 && !res.destroyed) res.once('drain', pump);
          else res.end();
        };
        res.on('error', () => undefined);
        pump();
      },
    });
    elsewhere = await startServer((_req, res) => {
      elsewhereHits++;
      reply(res, 200, { 'Content-Type': 'image/png' }, png);
    });
    running = await startApp({ DIRECT_LINE_ENDPOINT: `${channel.origin}/v3/directline`, STAFF_API_TOKEN: STAFF_TOKEN });
  });
  afterAll(async () => {
    await running.stop();
    await channel.close();
    await elsewhere.close();
  });

  let nextId = 0;
  async function post(conversationId: string, attachments: unknown[], text?: string, locale = 'fr-FR'): Promise<Array<Record<string, unknown>>> {
    const before = channel.replies.length;
    const response = await fetch(`${running.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        id: `activity-${++nextId}`,
        type: 'message',
        // Anonymous posts are the Emulator's only (a signed cloud channel is tested in channelAuth.test.ts); the files' path is the same.
        channelId: 'emulator',
        serviceUrl: `${channel.origin}/`,
        conversation: { id: conversationId },
        from: { id: 'dl_supplier', name: 'Supplier' },
        recipient: { id: 'assistant', name: 'CSP assistant' },
        locale,
        timestamp: new Date().toISOString(),
        attachments,
        ...(text ? { text } : {}),
      }),
    });
    expect(response.status).toBe(200);
    return channel.replies.slice(before).filter((reply) => reply.type === 'message');
  }

  const ticketFiles = async (conversationId: string) => {
    const ticket = await running.app.handoff.openTicket(newTicket({ conversationId, channelId: 'emulator' }));
    const detail = (await (await fetch(`${running.url}/api/handoff/tickets/${ticket.id}`, { headers: { Authorization: `Bearer ${STAFF_TOKEN}` } })).json()) as {
      attachments: Array<{ name: string; contentType: string; size: number; url: string }>;
    };
    return detail.attachments;
  };

  it('downloads a file from the channel’s attachment host, stores it with the conversation, and says so', async () => {
    const replies = await post('cloud-1', [{ contentType: 'image/png', contentUrl: `${channel.origin}/attachments/conv/capture.png`, name: 'capture.png' }]);
    expect(replies.map((reply) => reply.text)).toEqual(['Fichier reçu\u00a0: «\u00a0capture.png\u00a0». Il est joint à cette conversation et sera visible par l’assistance Premium si vous lui transmettez votre demande.']);
    const files = await ticketFiles('cloud-1');
    expect(files).toEqual([expect.objectContaining({ name: 'capture.png', contentType: 'image/png', size: png.length })]);
    const served = await fetch(`${running.url}${files[0]!.url}`, { headers: { Authorization: `Bearer ${STAFF_TOKEN}` } });
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
  });

  it('never fetches from another host, follows no redirect, and refuses what is not a PNG, JPEG or PDF', async () => {
    const replies = await post('cloud-2', [
      { contentType: 'image/png', contentUrl: `${elsewhere.origin}/x.png`, name: 'ailleurs.png' },
      { contentType: 'image/png', contentUrl: `${channel.origin}/attachments/conv/redirect.png`, name: 'redirige.png' },
      { contentType: 'image/png', contentUrl: `${channel.origin}/attachments/conv/fake.png`, name: 'faux.png' },
    ]);
    expect(elsewhereHits).toBe(0);
    expect(replies.map((reply) => reply.text)).toEqual([
      'Le fichier «\u00a0ailleurs.png\u00a0» n’a pas pu être reçu. Réessayez dans un instant.',
      'Le fichier «\u00a0redirige.png\u00a0» n’a pas pu être reçu. Réessayez dans un instant.',
      'Le fichier «\u00a0faux.png\u00a0» n’a pas été envoyé\u00a0: seuls les fichiers PNG, JPEG ou PDF sont acceptés.',
    ]);
    expect(await ticketFiles('cloud-2')).toEqual([]);
  });

  it('stops reading a file past 4 MB (in English for an English conversation)', async () => {
    const replies = await post('cloud-3', [{ contentType: 'application/pdf', contentUrl: `${channel.origin}/attachments/conv/huge.pdf`, name: 'huge.pdf' }], undefined, 'en-US');
    expect(replies.map((reply) => reply.text)).toEqual([`The file “huge.pdf” was not sent: a file must not exceed ${MAX_FILE_BYTES / 1024 / 1024} MB.`]);
    expect(await ticketFiles('cloud-3')).toEqual([]);
  });

  it('with text, the message goes on to the assistant after the file is kept', async () => {
    const replies = await post('cloud-4', [{ contentType: 'image/png', contentUrl: `${channel.origin}/attachments/conv/capture.png`, name: 'écran.png' }], 'comment activer la 2FA');
    expect(replies[0]!.text).toMatch(/^Fichier reçu/);
    expect(replies.some((reply) => /^Après vous être connecté au CSP/.test(String(reply.text)))).toBe(true);
  });

  it('while a ticket is open, the file joins it at once: a line in its messages, and the reply names the request', async () => {
    const base = newTicket({ conversationId: 'cloud-5', channelId: 'emulator' });
    // The ticket's conversation is the one the channel posts in (same serviceUrl), as the escalation dialog records it.
    const reference = { ...base.conversationReference, channelId: 'emulator', serviceUrl: `${channel.origin}/`, conversation: { ...base.conversationReference.conversation, id: 'cloud-5' } };
    const ticket = await running.app.handoff.openTicket({ ...base, conversationReference: reference });
    const replies = await post('cloud-5', [{ contentType: 'image/png', contentUrl: `${channel.origin}/attachments/conv/capture.png`, name: 'suite.png' }]);
    expect(replies.map((reply) => reply.text)).toEqual([`Fichier reçu\u00a0: «\u00a0suite.png\u00a0». Il est joint à votre demande ${ticket.id}.`]);
    const detail = (await (await fetch(`${running.url}/api/handoff/tickets/${ticket.id}`, { headers: { Authorization: `Bearer ${STAFF_TOKEN}` } })).json()) as {
      messages: Array<{ author: string; text: string }>;
      attachments: Array<{ name: string }>;
    };
    expect(detail.messages).toEqual([expect.objectContaining({ author: 'user', text: '📎 suite.png' })]);
    expect(detail.attachments.map((file) => file.name)).toEqual(['suite.png']);
  });
});
