import http from 'node:http';
import type { ConversationReference } from 'botbuilder';
import { ConversationSendPacer, retryAfterMs, TEAMS_SEND_LIMITS } from '../../../bot/botframework/sendPacing';
import { startApp, type RunningApp } from '../../support/app';

/** Most timestamps that fall in any window of `windowMs` (sliding). */
function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

/** A local channel: answers each request with the next scripted answer (then 200) and notes when each arrived. */
async function startChannel(script: Array<{ status: number; headers?: Record<string, string> }> = []) {
  const received: Array<{ url: string; at: number; status: number; activity: { type?: string; text?: string } }> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const answer = script.shift() ?? { status: 200 };
      received.push({ url: req.url ?? '', at: Date.now(), status: answer.status, activity: JSON.parse(body || '{}') });
      res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
      res.end(JSON.stringify(answer.status === 200 ? { id: `sent-${received.length}` } : { error: { code: 'Throttled', message: 'slow down' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`,
    received,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

describe('ConversationSendPacer', () => {
  it('keeps any second to 7 sends and any 30 seconds to 60, on a simulated clock', async () => {
    let now = 0;
    const pacer = new ConversationSendPacer({ now: () => now, sleep: async (ms) => void (now += ms), marginMs: 0 });
    const times: number[] = [];
    for (let i = 0; i < 130; i++) {
      await pacer.acquire('a');
      times.push(now);
    }
    expect(busiestWindow(times, 1000)).toBe(7);
    expect(busiestWindow(times, 30_000)).toBe(60);
    // 130 sends need three 30 s windows: the last one starts at 60 s.
    expect(times[120]).toBe(60_000);
  });

  it('keeps any hour to 1800 sends', async () => {
    let now = 0;
    const pacer = new ConversationSendPacer({ now: () => now, sleep: async (ms) => void (now += ms), marginMs: 0 });
    const times: number[] = [];
    for (let i = 0; i < 1801; i++) {
      await pacer.acquire('chatty');
      times.push(now);
    }
    expect(busiestWindow(times, 3600_000)).toBe(1800);
    expect(times[1800]).toBe(3600_000);
  });

  it('does not make one conversation wait for another', async () => {
    let now = 0;
    const pacer = new ConversationSendPacer({ now: () => now, sleep: async (ms) => void (now += ms) });
    for (let i = 0; i < 7; i++) await pacer.acquire('busy');
    await pacer.acquire('quiet');
    expect(now).toBe(0);
  });

  it('refuses a limit that could never be met', () => {
    expect(() => new ConversationSendPacer({ limits: [{ count: 0, perMs: 1000 }] })).toThrow(
      'ConversationSendPacer: every limit needs a count of at least 1 and a positive window',
    );
  });

  it('uses Teams’ per-conversation limits by default', () => {
    expect(TEAMS_SEND_LIMITS).toEqual([
      { count: 7, perMs: 1000 },
      { count: 60, perMs: 30_000 },
      { count: 1800, perMs: 3600_000 },
    ]);
  });
});

describe('retryAfterMs', () => {
  const refusal = (value: string) => ({ response: { headers: { get: (name: string) => (name === 'retry-after' ? value : undefined) } } });

  it('reads seconds and HTTP dates, caps at a minute, and ignores what it cannot read', () => {
    expect(retryAfterMs(refusal('2'))).toBe(2000);
    expect(retryAfterMs(refusal(new Date(10_000).toUTCString()), 7_000)).toBe(3000);
    expect(retryAfterMs(refusal('3600'))).toBe(60_000);
    expect(retryAfterMs(refusal('soon'))).toBeUndefined();
    expect(retryAfterMs(new Error('no response'))).toBeUndefined();
  });
});

describe('outbound sends to a channel', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({}, { sendPacing: { baseDelayMs: 50 } });
  });
  afterAll(() => running.stop());

  const reference = (serviceUrl: string, conversationId: string, channelId = 'msteams'): Partial<ConversationReference> => ({
    channelId,
    serviceUrl,
    conversation: { id: conversationId } as ConversationReference['conversation'],
    bot: { id: 'assistant', name: 'CSP assistant' },
    user: { id: 'supplier-1', name: 'Supplier' },
  });

  async function sendProactive(serviceUrl: string, conversationId: string, texts: string[], channelId = 'msteams'): Promise<void> {
    await running.app.adapter.continueConversationAsync('', reference(serviceUrl, conversationId, channelId), async (context) => {
      await Promise.all(texts.map((text) => context.sendActivity(text)));
    });
  }

  it('retries a reply refused with 429 and Retry-After, then 503, and delivers it once', async () => {
    const channel = await startChannel([{ status: 429, headers: { 'Retry-After': '1' } }, { status: 503 }]);
    try {
      const started = Date.now();
      await sendProactive(channel.url, 'retry-conversation', ['Votre ticket est pris en charge.']);
      expect(channel.received.map((r) => [r.status, r.activity.text])).toEqual([
        [429, 'Votre ticket est pris en charge.'],
        [503, 'Votre ticket est pris en charge.'],
        [200, 'Votre ticket est pris en charge.'],
      ]);
      // Retry-After: 1 s was honoured before the second attempt.
      expect(channel.received[1]!.at - channel.received[0]!.at).toBeGreaterThanOrEqual(950);
      expect(Date.now() - started).toBeLessThan(8000);
    } finally {
      await channel.close();
    }
  });

  it('retries 429 without Retry-After and 412 with growing delays, which the connector alone gives up on', async () => {
    const channel = await startChannel([{ status: 429 }, { status: 412 }]);
    try {
      await sendProactive(channel.url, 'backoff-conversation', ['Bonjour']);
      expect(channel.received.map((r) => r.status)).toEqual([429, 412, 200]);
      const [first, second, third] = channel.received.map((r) => r.at);
      expect(second! - first!).toBeGreaterThanOrEqual(45);
      expect(third! - second!).toBeGreaterThanOrEqual(95);
    } finally {
      await channel.close();
    }
  });

  it('gives up after the fourth attempt and leaves the failure to the turn error handler', async () => {
    const channel = await startChannel([{ status: 429 }, { status: 429 }, { status: 429 }, { status: 429 }, { status: 429 }]);
    try {
      let failure: unknown;
      await running.app.adapter.continueConversationAsync('', reference(channel.url, 'refused-conversation'), async (context) => {
        await context.sendActivity('Bonjour').catch((error: unknown) => {
          failure = error;
        });
      });
      expect(failure).toMatchObject({ statusCode: 429 });
      expect(channel.received.map((r) => r.status)).toEqual([429, 429, 429, 429]);
    } finally {
      await channel.close();
    }
  });

  it('paces a burst of 20 sends to one conversation at most 7 a second, and keeps other conversations unaffected', async () => {
    const channel = await startChannel();
    try {
      const texts = Array.from({ length: 20 }, (_, i) => `message ${i + 1}`);
      const burst = sendProactive(channel.url, 'burst-conversation', texts);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const otherStarted = Date.now();
      await sendProactive(channel.url, 'other-conversation', ['hello']);
      expect(Date.now() - otherStarted).toBeLessThan(500);
      await burst;
      const burstArrivals = channel.received.filter((r) => r.url.includes('burst-conversation'));
      expect(burstArrivals.map((r) => r.activity.text).sort()).toEqual([...texts].sort());
      expect(busiestWindow(burstArrivals.map((r) => r.at), 1000)).toBeLessThanOrEqual(7);
      // 20 sends at 7 a second need at least two full seconds.
      expect(burstArrivals[19]!.at - burstArrivals[0]!.at).toBeGreaterThanOrEqual(2000);
    } finally {
      await channel.close();
    }
  }, 15_000);

  it('leaves other channels unpaced (their limits are not Teams’), but still retries their refused sends', async () => {
    const channel = await startChannel([{ status: 429 }]);
    try {
      const started = Date.now();
      await sendProactive(channel.url, 'emulator-conversation', Array.from({ length: 20 }, (_, i) => `fast ${i + 1}`), 'emulator');
      expect(Date.now() - started).toBeLessThan(1000);
      expect(channel.received.map((r) => r.status)).toEqual([429, ...Array.from({ length: 20 }, () => 200)]);
    } finally {
      await channel.close();
    }
  });

  it('retries only the refused activity of a batch, never one already delivered', async () => {
    const channel = await startChannel([{ status: 200 }, { status: 429 }]);
    try {
      await running.app.adapter.continueConversationAsync('', reference(channel.url, 'partial-batch', 'emulator'), async (context) => {
        await context.sendActivities([{ type: 'message', text: 'one' }, { type: 'message', text: 'two' }]);
      });
      expect(channel.received.map((r) => [r.status, r.activity.text])).toEqual([
        [200, 'one'],
        [429, 'two'],
        [200, 'two'],
      ]);
    } finally {
      await channel.close();
    }
  });

  it('splits a reply batch into paced sends, in order', async () => {
    const channel = await startChannel();
    try {
      await running.app.adapter.continueConversationAsync('', reference(channel.url, 'batch-conversation'), async (context) => {
        await context.sendActivities(Array.from({ length: 9 }, (_, i) => ({ type: 'message', text: `part ${i + 1}` })));
      });
      expect(channel.received.map((r) => r.activity.text)).toEqual(Array.from({ length: 9 }, (_, i) => `part ${i + 1}`));
      expect(busiestWindow(channel.received.map((r) => r.at), 1000)).toBeLessThanOrEqual(7);
    } finally {
      await channel.close();
    }
  });
});
