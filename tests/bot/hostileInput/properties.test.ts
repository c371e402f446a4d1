/** Property tests: any string into the search and into the bot yields a valid answer, never a throw or a 500. */
import fc from 'fast-check';
import { MAX_QUERY_LENGTH, MAX_TOP } from '../../../bot/faq/routes';
import { startApp, type RunningApp } from '../../support/app';
import { knowledgeBase } from '../../support/conversation';
import { channelActivity, expectStillServing, postActivity, startLocalChannel, type LocalChannel } from './support';

/** Any text: every code point (lone surrogates included), control characters, markup-ish and query-ish fragments. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc
    .array(fc.constantFrom('<script>', "'", '"', ';--', '%', '\\', '\u0000', '\u202E', '\u200F', '\uFEFF', ' ', 'rib', 'facture', 'l\'onglet', '🙂', 'é', '*', '~2', '^', ':', '+', '-'), { maxLength: 30 })
    .map((parts) => parts.join('')),
  fc.string({ unit: 'binary', minLength: MAX_QUERY_LENGTH - 5, maxLength: MAX_QUERY_LENGTH + 5 }),
);

/** Percent-encodes the UTF-8 bytes (lone surrogates become U+FFFD), as a browser would. */
const encode = (text: string) => [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

describe('KnowledgeBase.search', () => {
  it('returns a well-formed answer for any text, language and top', () => {
    const kb = knowledgeBase();
    fc.assert(
      fc.property(anyText, fc.constantFrom(undefined, 'fr' as const, 'en' as const), fc.integer({ min: 1, max: MAX_TOP }), (text, lang, top) => {
        const response = kb.search(text, { lang, top });
        expect(['fr', 'en']).toContain(response.lang);
        expect(typeof response.confident).toBe('boolean');
        expect(response.hits.length).toBeLessThanOrEqual(top);
        for (const hit of response.hits) {
          expect(Number.isFinite(hit.score)).toBe(true);
          expect(kb.get(hit.entry.id)).toBeDefined();
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('over HTTP', () => {
  let running: RunningApp;
  let channel: LocalChannel;

  beforeAll(async () => {
    channel = await startLocalChannel();
    running = await startApp({ RATE_LIMIT_SEARCH_PER_MINUTE: '100000' });
  });
  afterAll(async () => {
    await running.stop();
    await channel.close();
  });
  afterEach(async () => {
    await expectStillServing(running, channel);
  });

  it('GET /api/faq/search answers any q with 200 and results, or 400 naming q, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(anyText, async (q) => {
        const response = await fetch(`${running.url}/api/faq/search?q=${encode(q)}`);
        const body = await response.json();
        const asReceived = Buffer.from(q, 'utf8').toString('utf8');
        if (!asReceived.trim() || asReceived.length > MAX_QUERY_LENGTH) {
          expect(response.status).toBe(400);
          expect(body).toMatchObject({ field: 'q' });
        } else {
          expect(response.status).toBe(200);
          expect(Array.isArray(body.results)).toBe(true);
          expect(body.results.length).toBeLessThanOrEqual(5);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('POST /api/messages answers any text with 200 and only well-formed replies', async () => {
    await fc.assert(
      fc.asyncProperty(anyText, async (text) => {
        const activity = channelActivity(channel, { text });
        const response = await postActivity(running, activity);
        expect(response.status).toBe(200);
        const replies = channel.replies((activity.conversation as { id: string }).id);
        for (const reply of replies) {
          expect(['message', 'typing', 'event']).toContain(reply.type);
          if (reply.type === 'message') expect(typeof reply.text === 'string' || Array.isArray(reply.attachments)).toBe(true);
        }
        if (text.trim()) expect(replies.some((reply) => reply.type === 'message')).toBe(true);
      }),
      { numRuns: 80 },
    );
  }, 60_000);
});
