import { createTestDatabase, postgresAvailable } from '../../support/postgres';
import { startApp, type RunningApp } from '../../support/app';

const TOKEN = 'suggestions-test-token-0123456789';

// "what help resources are available" and "any tutorials or videos to learn CSP?" are questions the search is unsure
// about (queries.json / the generalisation set's tuning part); "changer mon RIB" it answers outright.
const UNSURE = 'what help resources are available';

const ENGINES: Array<{ name: string; env: () => Promise<{ env: Record<string, string>; drop: () => Promise<void> }> }> = [
  { name: 'sqlite', env: async () => ({ env: {}, drop: async () => undefined }) },
  {
    name: 'postgres',
    env: async () => {
      if (!(await postgresAvailable())) throw new Error('tests: PostgreSQL is not reachable (see TEST_DATABASE_URL)');
      const database = await createTestDatabase();
      return { env: { DATABASE_URL: database.url }, drop: database.drop };
    },
  },
];

describe.each(ENGINES)('suggestions over HTTP on $name', (engine) => {
  let running: RunningApp;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const prepared = await engine.env();
    drop = prepared.drop;
    running = await startApp({ STAFF_API_TOKEN: TOKEN, ...prepared.env });
  });
  afterAll(async () => {
    await running.stop();
    await drop();
  });

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${running.url}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }
  const staff = (method: string, path: string, body?: unknown) => call(method, path, body, { authorization: `Bearer ${TOKEN}` });
  const accept = (id: string, body: unknown) => call('POST', `/api/faq/${id}/suggestion`, body);

  describe('GET /api/faq/search', () => {
    it('names the suggestions when not confident', async () => {
      const { body } = await call('GET', `/api/faq/search?q=${encodeURIComponent(UNSURE)}&lang=en&record=false`);
      expect(body.confident).toBe(false);
      expect(body.suggestions).toEqual([{ id: 'help-resources', score: expect.any(Number), question: body.results[0].question }]);
    });

    it('names none when confident', async () => {
      const { body } = await call('GET', `/api/faq/search?q=${encodeURIComponent('changer mon RIB')}&record=false`);
      expect(body.confident).toBe(true);
      expect(body.suggestions).toEqual([]);
    });
  });

  describe('POST /api/faq/:id/suggestion', () => {
    it('records a suggestion taken, which staff then see as a candidate phrasing', async () => {
      expect(await accept('help-resources', { q: UNSURE, lang: 'en' })).toEqual({ status: 204, body: undefined });
      expect(await accept('help-resources', { q: 'What help resources are available?', lang: 'en' })).toMatchObject({ status: 204 });
      const { status, body } = await staff('GET', '/api/knowledge/candidates?entry=help-resources');
      expect(status).toBe(200);
      expect(body.candidates).toEqual([
        {
          entryId: 'help-resources',
          entryQuestion: 'What resources can I use to get help?',
          lang: 'en',
          key: 'what help resources are available',
          text: expect.stringMatching(/^what help resources are available\??$/i),
          accepted: 2,
          lastSeen: expect.any(String),
        },
      ]);
    });

    it('refuses an entry the search does not offer for that question (409), so no text can be made a candidate of any entry', async () => {
      const refused = await accept('update-banking-info', { q: UNSURE, lang: 'en' });
      expect(refused).toMatchObject({ status: 409, body: { error: 'not_suggested', field: 'q' } });
      expect(await accept('update-banking-info', { q: 'changer mon RIB', lang: 'fr' })).toMatchObject({ status: 409 });
      expect((await staff('GET', '/api/knowledge/candidates?entry=update-banking-info')).body.candidates).toEqual([]);
    });

    it.each([
      ['no q', { lang: 'en' }, 'q'],
      ['a blank q', { q: '  ', lang: 'en' }, 'q'],
      ['a q over 500 characters', { q: 'x'.repeat(501), lang: 'en' }, 'q'],
      ['an unknown language', { q: UNSURE, lang: 'de' }, 'lang'],
      ['a q that is not text', { q: 42, lang: 'en' }, 'q'],
      ['an array', [UNSURE], 'body'],
      ['a q holding a NUL', { q: `${UNSURE}\u0000evil`, lang: 'en' }, 'q'],
      ['a q holding a right-to-left override', { q: `${UNSURE}\u202eevil`, lang: 'en' }, 'q'],
    ])('refuses %s with a 400 naming %s', async (_name, body, field) => {
      expect(await accept('help-resources', body)).toMatchObject({ status: 400, body: { field } });
    });

    it('refuses an unknown entry (404) and a body that is not JSON (415)', async () => {
      expect((await accept('no-such-entry', { q: UNSURE, lang: 'en' })).status).toBe(404);
      const form = await call('POST', '/api/faq/help-resources/suggestion', 'q=x', { 'content-type': 'application/x-www-form-urlencoded' });
      expect(form.status).toBe(415);
    });
  });

  describe('/api/knowledge/candidates', () => {
    it('is for staff only', async () => {
      expect((await call('GET', '/api/knowledge/candidates')).status).toBe(401);
      expect((await call('POST', '/api/knowledge/candidates/approve', { entryId: 'help-resources', lang: 'en', key: 'x' })).status).toBe(401);
      expect((await call('POST', '/api/knowledge/candidates/dismiss', { entryId: 'help-resources', lang: 'en', key: 'x' }, { authorization: 'Bearer wrong' })).status).toBe(401);
    });

    it('approves a candidate: the question becomes a phrasing of the entry in its language, and the search now answers it', async () => {
      await accept('help-resources', { q: UNSURE, lang: 'en' });
      const before = (await staff('GET', '/api/knowledge/entries/help-resources')).body.entry;
      const { status, body } = await staff('POST', '/api/knowledge/candidates/approve', { entryId: 'help-resources', lang: 'en', key: 'what help resources are available' });
      expect(status).toBe(200);
      expect(body).toMatchObject({ added: [expect.stringMatching(/^what help resources are available\??$/i)], live: true });
      const after = (await staff('GET', '/api/knowledge/entries/help-resources')).body;
      expect(after.entry.content.en.phrasings).toHaveLength(before.content.en.phrasings.length + 1);
      expect(after.entry.content.fr.phrasings).toEqual(before.content.fr.phrasings);
      expect(after.history.at(-1)).toMatchObject({ kind: 'add-phrasings', author: 'api' });
      const search = (await call('GET', `/api/faq/search?q=${encodeURIComponent(UNSURE)}&record=false`)).body;
      expect(search).toMatchObject({ confident: true, suggestions: [] });
      expect(search.results[0].id).toBe('help-resources');
      expect((await staff('GET', '/api/knowledge/candidates?entry=help-resources')).body.candidates).toEqual([]);
    });

    it('dismisses a candidate without touching the entry', async () => {
      const asked = 'any tutorials or videos to learn CSP?';
      const offered = (await call('GET', `/api/faq/search?q=${encodeURIComponent(asked)}&lang=en&record=false`)).body.suggestions;
      expect(offered.map((s: any) => s.id)).toContain('help-resources');
      await accept('help-resources', { q: asked, lang: 'en' });
      const [candidate] = (await staff('GET', '/api/knowledge/candidates?entry=help-resources')).body.candidates;
      const revision = (await staff('GET', '/api/knowledge/entries/help-resources')).body.entry.revision;
      expect(await staff('POST', '/api/knowledge/candidates/dismiss', { entryId: 'help-resources', lang: 'en', key: candidate.key })).toEqual({ status: 200, body: { dismissed: true } });
      expect((await staff('GET', '/api/knowledge/candidates?entry=help-resources')).body.candidates).toEqual([]);
      expect((await staff('GET', '/api/knowledge/entries/help-resources')).body.entry.revision).toBe(revision);
    });

    it('answers 404 for a candidate that is not (or no longer) listed, and 400 naming a bad field', async () => {
      expect(await staff('POST', '/api/knowledge/candidates/approve', { entryId: 'help-resources', lang: 'en', key: 'never asked' })).toMatchObject({ status: 404 });
      expect(await staff('POST', '/api/knowledge/candidates/approve', { entryId: 'help-resources', lang: 'de', key: 'x' })).toMatchObject({ status: 400, body: { field: 'lang' } });
      expect(await staff('POST', '/api/knowledge/candidates/dismiss', { entryId: 'help-resources', lang: 'en' })).toMatchObject({ status: 400, body: { field: 'key' } });
      expect(await staff('POST', '/api/knowledge/candidates/dismiss', { entryId: 'help-resources', lang: 'en', key: 'x', extra: 1 })).toMatchObject({ status: 400 });
    });
  });
});

describe('POST /api/faq/:id/suggestion rate limit', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({ RATE_LIMIT_SEARCH_PER_MINUTE: '2' });
  });
  afterAll(() => running.stop());

  it('answers 429 with Retry-After past RATE_LIMIT_SEARCH_PER_MINUTE per client, counted apart from searches', async () => {
    const post = () =>
      fetch(`${running.url}/api/faq/help-resources/suggestion`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ q: UNSURE, lang: 'en' }),
      });
    expect((await post()).status).toBe(204);
    expect((await post()).status).toBe(204);
    const third = await post();
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await fetch(`${running.url}/api/faq/search?q=rib`)).status).toBe(200);
  });
});
