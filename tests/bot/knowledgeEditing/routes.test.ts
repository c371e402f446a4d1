import restify, { type Server } from 'restify';
import type { KnowledgeModule } from '../../../bot/knowledgeEditing/module';
import { registerKnowledgeEditingRoutes } from '../../../bot/knowledgeEditing/routes';
import { listen } from '../../../bot/server';
import type { StaffGuard } from '../../../bot/staff/identity';
import { ENGINES } from '../storage/engines';
import { startApp, type RunningApp } from '../../support/app';
import { openKnowledge, zorblaxEntry } from '../../support/knowledgeEditing';

/** The guard the tests inject: `X-Test-Staff: NAME` is a signed-in member, anything else is turned away. */
const testGuard: StaffGuard = async (req: restify.Request, res: restify.Response) => {
  const name = req.headers['x-test-staff'];
  if (typeof name === 'string' && name) return { kind: 'member', id: name, email: name, name, csrfToken: 'test' };
  res.send(401, { error: 'unauthorized', message: 'staff: sign in' });
  return undefined;
};

describe.each(ENGINES)('knowledge editing API on $name', (engine) => {
  let server: Server;
  let url: string;
  let knowledge: KnowledgeModule;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const opened = await engine.open();
    dispose = opened.dispose;
    knowledge = await openKnowledge(opened.db);
    server = restify.createServer({ handleUncaughtExceptions: false });
    server.use(restify.plugins.bodyParser({ mapParams: false, rejectUnknown: false }));
    registerKnowledgeEditingRoutes(server, { editor: knowledge.editor, requireStaff: testGuard });
    url = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await knowledge.close();
    await dispose();
  });

  async function call(method: string, path: string, body?: unknown, staff: string | null = 'alice@example.com') {
    const headers: Record<string, string> = {};
    if (staff) headers['x-test-staff'] = staff;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: await response.json() };
  }

  it('turns away a request the staff guard refuses', async () => {
    expect(await call('GET', '/api/knowledge/entries', undefined, null)).toMatchObject({ status: 401 });
    expect(await call('POST', '/api/knowledge/entries', zorblaxEntry(), null)).toMatchObject({ status: 401 });
    expect((await call('GET', '/api/knowledge/entries/zorblax-plugin')).status).toBe(404);
  });

  it('lists the entries with their published flag', async () => {
    const { status, body } = await call('GET', '/api/knowledge/entries');
    expect(status).toBe(200);
    expect(body.entries).toHaveLength(knowledge.live.current().entries.length);
    expect(body.entries.find((entry: any) => entry.id === 'payment-info')).toMatchObject({
      published: true,
      category: expect.any(String),
      question: { fr: expect.any(String), en: expect.any(String) },
    });
  });

  it('creates a draft, refuses to publish it without both languages, then publishes it', async () => {
    const created = await call('POST', '/api/knowledge/entries', zorblaxEntry(['fr']));
    expect(created).toMatchObject({ status: 201, body: { entry: { id: 'zorblax-plugin', published: false }, live: false } });
    const refused = await call('POST', '/api/knowledge/entries/zorblax-plugin/publish');
    expect(refused).toMatchObject({ status: 400, body: { error: 'bad_request', field: 'en' } });
    expect(refused.body.message).toContain('needs both languages');
    const updated = await call('PUT', '/api/knowledge/entries/zorblax-plugin', zorblaxEntry());
    expect(updated).toMatchObject({ status: 200, body: { entry: { revision: 2 } } });
    const published = await call('POST', '/api/knowledge/entries/zorblax-plugin/publish', undefined, 'bob@example.com');
    expect(published).toMatchObject({ status: 200, body: { entry: { published: true }, changed: true, live: true } });
    expect(knowledge.live.current().search('install the zorblax plug-in').hits[0]!.entry.id).toBe('zorblax-plugin');
    const again = await call('POST', '/api/knowledge/entries/zorblax-plugin/publish');
    expect(again).toMatchObject({ status: 200, body: { changed: false } });
  });

  it('returns an entry with its history', async () => {
    const { status, body } = await call('GET', '/api/knowledge/entries/zorblax-plugin');
    expect(status).toBe(200);
    expect(body.entry).toMatchObject({ id: 'zorblax-plugin', published: true });
    expect(body.history.map((change: any) => [change.kind, change.author])).toEqual([
      ['create', 'alice@example.com'],
      ['edit', 'alice@example.com'],
      ['publish', 'bob@example.com'],
    ]);
  });

  it('adds unanswered questions as phrasings of an existing entry', async () => {
    const { status, body } = await call('POST', '/api/knowledge/entries/update-banking-info/phrasings', {
      lang: 'en',
      phrasings: ['quokka ledger', 'quokka ledger'],
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ added: ['quokka ledger'], live: true });
    expect(knowledge.live.current().search('quokka ledger').hits[0]!.entry.id).toBe('update-banking-info');
  });

  it('previews a draft against the search without publishing it', async () => {
    const draft = { ...zorblaxEntry(), id: 'wombat-sync', en: { ...zorblaxEntry().en!, question: 'How do I sync wombats?', phrasings: ['sync wombats 1', 'sync wombats 2', 'sync wombats 3', 'sync wombats 4', 'sync wombats 5', 'sync wombats 6'] } };
    const { status, body } = await call('POST', '/api/knowledge/preview', { query: 'sync wombats', drafts: [draft] });
    expect(status).toBe(200);
    expect(body.preview.hits[0]).toMatchObject({ id: 'wombat-sync' });
    expect(body.live.hits.map((hit: any) => hit.id)).not.toContain('wombat-sync');
    expect((await call('GET', '/api/knowledge/entries/wombat-sync')).status).toBe(404);
  });

  it('unpublishes an entry', async () => {
    const { status, body } = await call('POST', '/api/knowledge/entries/zorblax-plugin/unpublish');
    expect(status).toBe(200);
    expect(body.entry.published).toBe(false);
    expect(knowledge.live.current().get('zorblax-plugin')).toBeUndefined();
  });

  it.each([
    ['POST', '/api/knowledge/entries', 400, 'id', { ...zorblaxEntry(), id: 'Bad Id' }],
    ['POST', '/api/knowledge/entries', 409, 'id', { ...zorblaxEntry(), id: 'payment-info' }],
    ['POST', '/api/knowledge/entries', 400, 'category', { ...zorblaxEntry(), id: 'new-one', category: 'nowhere' }],
    ['PUT', '/api/knowledge/entries/payment-info', 400, 'id', { ...zorblaxEntry(), id: 'other-id' }],
    ['PUT', '/api/knowledge/entries/payment-info', 400, 'en.answer', { ...zorblaxEntry(), id: undefined, en: { question: 'q', answer: '' } }],
    ['POST', '/api/knowledge/entries/payment-info/phrasings', 400, 'lang', { lang: 'de', phrasings: ['x'] }],
    ['POST', '/api/knowledge/entries/payment-info/phrasings', 400, 'phrasings', { lang: 'en', phrasings: [] }],
    ['POST', '/api/knowledge/preview', 400, 'query', { drafts: [] }],
    ['POST', '/api/knowledge/preview', 400, 'drafts.0.category', { query: 'x', drafts: [{ id: 'x' }] }],
    ['POST', '/api/knowledge/entries', 400, '(body)', undefined],
  ] as const)('answers %s %s with a bad body by %i naming the field %s', async (method, path, status, field, body) => {
    const response = await call(method, path, body);
    expect(response).toMatchObject({ status, body: { field } });
  });

  it.each([
    ['GET', '/api/knowledge/entries/no-such-entry'],
    ['PUT', '/api/knowledge/entries/no-such-entry'],
    ['POST', '/api/knowledge/entries/no-such-entry/phrasings'],
    ['POST', '/api/knowledge/entries/no-such-entry/publish'],
    ['POST', '/api/knowledge/entries/no-such-entry/unpublish'],
  ])('answers %s %s for an unknown id with 404', async (method, path) => {
    const body = path.endsWith('phrasings') ? { lang: 'en', phrasings: ['x'] } : method === 'PUT' ? zorblaxEntry() : undefined;
    const response = await call(method, path, method === 'PUT' ? { ...body, id: 'no-such-entry' } : body);
    expect(response).toMatchObject({ status: 404, body: { error: 'not_found' } });
  });
});

describe('knowledge editing in the assembled application', () => {
  const token = 'test-staff-token-0123456789abcdef';
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp({ STAFF_API_TOKEN: token }, { knowledgeEditing: { evaluationSet: [] } });
  });

  afterAll(() => running.stop());

  const call = (method: string, path: string, body?: unknown, authorization = `Bearer ${token}`) =>
    fetch(`${running.url}${path}`, {
      method,
      headers: { authorization, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('asks for the staff credentials', async () => {
    expect((await call('GET', '/api/knowledge/entries', undefined, 'Bearer wrong')).status).toBe(401);
  });

  it('answers the public FAQ search from the edited knowledge base without restart', async () => {
    const search = async () => (await fetch(`${running.url}/api/faq/search?q=quokka%20ledger`)).json();
    expect((await search()).confident).toBe(false);
    const added = await call('POST', '/api/knowledge/entries/update-banking-info/phrasings', { lang: 'en', phrasings: ['quokka ledger'] });
    expect(added.status).toBe(200);
    expect((await search()).results[0].id).toBe('update-banking-info');
    expect(running.app.knowledgeEditing!.live.current()).toBe(running.app.knowledge());
  });
});
