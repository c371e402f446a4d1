import net from 'node:net';
import WebSocket from 'ws';
import { MAX_STREAMS_PER_CONVERSATION } from '../../../../bot/channels/directline/limits';
import { TOO_MANY_STREAMS_CLOSE_CODE } from '../../../../bot/channels/directline/stream';
import { startApp, type RunningApp } from '../../../support/app';
import { StreamClient, call } from '../../../support/directline';

interface Started {
  conversationId: string;
  token: string;
  streamUrl: string;
}

/** Sends a raw WebSocket upgrade request; resolves with what the server wrote and whether it closed, within `ms`. */
function rawUpgrade(port: number, path: string, ms = 3000): Promise<{ response: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let response = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ response, closed: false });
    }, ms);
    socket.on('data', (chunk) => (response += chunk.toString('utf8')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ response, closed: true });
    });
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
  });
}

/** Opens a stream and waits for the server to close it: its close code and reason, and whether anything was sent first. */
function closedBy(url: string): Promise<{ code: number; reason: string; messages: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    let messages = 0;
    socket.on('message', () => (messages += 1));
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString('utf8'), messages }));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    socket.once('error', reject);
  });
}

describe('Direct Line streams: limits', () => {
  let running: RunningApp;
  let domain: string;
  let port: number;

  beforeAll(async () => {
    running = await startApp();
    domain = `${running.url}/v3/directline`;
    port = Number(new URL(running.url).port);
  });
  afterAll(async () => {
    await running.stop();
  });

  async function start(): Promise<Started> {
    const credentials = await call(`${running.url}/api/directline/token`, 'POST');
    const started = await call<Started>(`${domain}/conversations`, 'POST', { token: credentials.body.token });
    expect(started.status).toBe(201);
    return started.body;
  }

  /** A fresh stream URL for the conversation, as DirectLineJS gets one when it reconnects. */
  async function streamUrl(conversation: Started): Promise<string> {
    const answer = await call<Started>(`${domain}/conversations/${conversation.conversationId}?watermark=`, 'GET', { token: conversation.token });
    expect(answer.status).toBe(200);
    return answer.body.streamUrl;
  }

  it('opens one WebSocket per stream token: a second use is refused with 401', async () => {
    const conversation = await start();
    const first = await StreamClient.open(conversation.streamUrl);
    try {
      await expect(StreamClient.open(conversation.streamUrl)).rejects.toThrow('HTTP 401');
      const again = await StreamClient.open(await streamUrl(conversation));
      await again.close();
    } finally {
      await first.close();
    }
  });

  it(`opens at most ${MAX_STREAMS_PER_CONVERSATION} streams per conversation (one more is closed with a code); a closed one frees its place`, async () => {
    const conversation = await start();
    const open: StreamClient[] = [];
    try {
      for (let n = 0; n < MAX_STREAMS_PER_CONVERSATION; n++) open.push(await StreamClient.open(await streamUrl(conversation)));
      // Closed with a code rather than refused with 429: browsers hide a refused handshake's status
      // from scripts, and the web chat page tells the supplier why this tab stays silent.
      expect(await closedBy(await streamUrl(conversation))).toEqual({
        code: TOO_MANY_STREAMS_CLOSE_CODE,
        reason: `directline: at most ${MAX_STREAMS_PER_CONVERSATION} open streams per conversation`,
        messages: 0,
      });
      await open.pop()!.close();
      const deadline = Date.now() + 5000;
      for (;;) {
        try {
          open.push(await StreamClient.open(await streamUrl(conversation)));
          break;
        } catch (error) {
          if (Date.now() > deadline) throw error;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    } finally {
      await Promise.all(open.map((client) => client.close()));
    }
  });

  // Issue 13: upgrade requests to other paths were never answered nor closed.
  it.each(['/', '/api/messages', '/v3/directline/conversations/x/other', '/staff/ws'])('answers an upgrade to %s with 404 and closes it', async (path) => {
    const { response, closed } = await rawUpgrade(port, path);
    expect(response).toMatch(/^HTTP\/1\.1 404 /);
    expect(closed).toBe(true);
  });

  it('still serves health checks after refused upgrades', async () => {
    await Promise.all(Array.from({ length: 20 }, () => rawUpgrade(port, '/nowhere')));
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
  });
});

describe('Direct Line streams: the instance-wide cap', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp({ DIRECTLINE_MAX_STREAMS: '2' });
  });
  afterAll(async () => {
    await running.stop();
  });

  it('refuses a stream past DIRECTLINE_MAX_STREAMS with 503, whatever the conversation', async () => {
    const open: StreamClient[] = [];
    try {
      const streamUrls: string[] = [];
      for (let n = 0; n < 3; n++) {
        const credentials = await call(`${running.url}/api/directline/token`, 'POST');
        const started = await call<Started>(`${running.url}/v3/directline/conversations`, 'POST', { token: credentials.body.token });
        streamUrls.push(started.body.streamUrl);
      }
      open.push(await StreamClient.open(streamUrls[0]!), await StreamClient.open(streamUrls[1]!));
      await expect(StreamClient.open(streamUrls[2]!)).rejects.toThrow('HTTP 503');
    } finally {
      await Promise.all(open.map((client) => client.close()));
    }
  });
});

describe('Direct Line streams: the cap per client', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp({ DIRECTLINE_MAX_STREAMS: '10', DIRECTLINE_MAX_STREAMS_PER_CLIENT: '3' });
  });
  afterAll(async () => {
    await running.stop();
  });

  async function startedStreamUrl(): Promise<string> {
    const credentials = await call(`${running.url}/api/directline/token`, 'POST');
    const started = await call<Started>(`${running.url}/v3/directline/conversations`, 'POST', { token: credentials.body.token });
    expect(started.status).toBe(201);
    return started.body.streamUrl;
  }

  // Conversations cost nothing: one client opening 4 streams in each of its conversations took
  // every stream of the instance, and every later visitor's web chat got 503.
  it('refuses a client its streams past DIRECTLINE_MAX_STREAMS_PER_CLIENT with 429, over all its conversations', async () => {
    const open: StreamClient[] = [];
    try {
      for (let n = 0; n < 3; n++) open.push(await StreamClient.open(await startedStreamUrl()));
      await expect(StreamClient.open(await startedStreamUrl())).rejects.toThrow('HTTP 429');
      await open.pop()!.close();
      const deadline = Date.now() + 5000;
      for (;;) {
        try {
          open.push(await StreamClient.open(await startedStreamUrl()));
          break;
        } catch (error) {
          if (Date.now() > deadline) throw error;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    } finally {
      await Promise.all(open.map((client) => client.close()));
    }
  });
});
