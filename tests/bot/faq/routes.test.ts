import { startApp, type RunningApp } from '../../support/app';

let running: RunningApp;
beforeAll(async () => {
  running = await startApp();
});
afterAll(() => running.stop());

async function get(path: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${running.url}${path}`);
  return { status: response.status, body: await response.json() };
}

describe('GET /api/faq/search', () => {
  it('answers "changer mon RIB" with the banking entry, confident, in French', async () => {
    const { status, body } = await get(`/api/faq/search?q=${encodeURIComponent('changer mon RIB')}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ query: 'changer mon RIB', lang: 'fr', confident: true, ambiguous: false });
    expect(body.results[0]).toEqual({
      id: 'update-banking-info',
      score: expect.any(Number),
      category: 'configuration',
      question: expect.stringContaining('informations bancaires'),
      answer: expect.stringContaining('ERP'),
    });
  });

  it('returns five results by default and honours top', async () => {
    expect((await get('/api/faq/search?q=client')).body.results).toHaveLength(5);
    expect((await get('/api/faq/search?q=client&top=2')).body.results).toHaveLength(2);
  });

  it('answers in the requested language', async () => {
    const { body } = await get('/api/faq/search?q=RIB&lang=en');
    expect(body.lang).toBe('en');
    expect(body.results[0].question).toMatch(/banking information/);
  });

  it.each([
    ['/api/faq/search', 'q', /required/],
    ['/api/faq/search?q=', 'q', /empty/],
    ['/api/faq/search?q=%20%20', 'q', /empty/],
    [`/api/faq/search?q=${'a'.repeat(501)}`, 'q', /500/],
    ['/api/faq/search?q=a&q=b', 'q', /once/],
    ['/api/faq/search?q=rib&lang=de', 'lang', /"fr" or "en"/],
    ['/api/faq/search?q=rib&top=0', 'top', /1 to 20/],
    ['/api/faq/search?q=rib&top=21', 'top', /1 to 20/],
    ['/api/faq/search?q=rib&top=-3', 'top', /1 to 20/],
    ['/api/faq/search?q=rib&top=2.5', 'top', /1 to 20/],
    ['/api/faq/search?q=rib&top=many', 'top', /1 to 20/],
    ['/api/faq/search?q=rib&mode=fuzzy', 'mode', /"full" or "prefix"/],
    ['/api/faq/search?q=rib&mode=prefix&mode=full', 'mode', /once/],
  ])('refuses %s with a 400 naming %s', async (path, field, message) => {
    const { status, body } = await get(path);
    expect(status).toBe(400);
    expect(body.field).toBe(field);
    expect(body.message).toMatch(message);
  });
});

describe('GET /api/faq/search?mode=prefix', () => {
  it('finds the entries a word in progress begins, where a full search finds nothing', async () => {
    expect((await get('/api/faq/search?q=factu')).body.results).toEqual([]);
    const { status, body } = await get('/api/faq/search?q=factu&mode=prefix&lang=fr');
    expect(status).toBe(200);
    expect(body.results.slice(0, 2).map((result: { id: string }) => result.id).sort()).toEqual(['access-pos-invoices', 'payment-info']);
  });

  it('does not answer outright on a word in progress', async () => {
    // "rib" finished is the bank details; in progress it could still become another word.
    const q = encodeURIComponent('changer mon rib');
    expect((await get(`/api/faq/search?q=${q}`)).body.confident).toBe(true);
    expect((await get(`/api/faq/search?q=${q}&mode=prefix`)).body.confident).toBe(false);
    expect((await get(`/api/faq/search?q=${q}&mode=full`)).body.confident).toBe(true);
    expect((await get(`/api/faq/search?q=${q}&mode=prefix`)).body.suggestions).toEqual([]);
  });
});

describe('GET /api/faq/:id', () => {
  it('returns one entry in the requested language with its related questions', async () => {
    const { status, body } = await get('/api/faq/who-pays-me?lang=en');
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: 'who-pays-me', lang: 'en', categoryLabel: 'How the CSP works' });
    expect(body.answer).toMatch(/Coupa does not pay suppliers/);
    expect(body.related[0]).toEqual({ id: expect.any(String), question: expect.any(String) });
  });

  it.each(['no-such-entry', '..%2F..%2Fetc%2Fpasswd', '%00'])('answers 404 JSON for an unknown id (%s)', async (id) => {
    const { status, body } = await get(`/api/faq/${id}`);
    expect(status).toBe(404);
    expect(body.error).toBe('not_found');
  });

  it('refuses an unknown language with a 400 naming lang', async () => {
    const { status, body } = await get('/api/faq/who-pays-me?lang=xx');
    expect(status).toBe(400);
    expect(body.field).toBe('lang');
  });
});

describe('GET /healthz', () => {
  it('answers 200 once the index is built', async () => {
    const { status, body } = await get('/healthz');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', entries: 18 });
  });
});

describe('POST /api/messages', () => {
  const post = (body: string, contentType = 'application/json') =>
    fetch(`${running.url}/api/messages`, { method: 'POST', headers: { 'content-type': contentType }, body });

  it('answers malformed JSON with a 400, not a 500', async () => {
    const response = await post('{bad');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(expect.objectContaining({ message: expect.any(String) }));
  });

  it('answers a body over the limit with a 413', async () => {
    const response = await post(JSON.stringify({ type: 'message', text: 'x'.repeat(300 * 1024) }));
    expect(response.status).toBe(413);
  });
});
