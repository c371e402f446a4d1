import { parse } from 'csv-parse/sync';
import { startApp, type RunningApp } from '../../support/app';
import { addStaff, signIn } from '../../support/staff';

const TOKEN = 'analytics-test-token-0123456789abcdef';
const bearer = { Authorization: `Bearer ${TOKEN}` };

let running: RunningApp;
beforeAll(async () => {
  running = await startApp({ STAFF_API_TOKEN: TOKEN });
});
afterAll(() => running.stop());

const today = () => new Date().toISOString().slice(0, 10);
const questions = () =>
  running.app.database.all<{ surface: string; text: string; lang: string; top_entry_id: string | null }>(
    'SELECT surface, text, lang, top_entry_id FROM analytics_questions ORDER BY created_at, text',
  );

describe('GET /api/faq/search', () => {
  beforeEach(() => running.app.database.run('DELETE FROM analytics_questions'));

  it('records the question with its language and top entry, as asked through the API', async () => {
    const response = await fetch(`${running.url}/api/faq/search?q=${encodeURIComponent('changer mon RIB')}`);
    const body = await response.json();
    expect(body.questionId).toEqual(expect.any(String));
    expect(await questions()).toEqual([{ surface: 'api', text: 'changer mon RIB', lang: 'fr', top_entry_id: 'update-banking-info' }]);
  });

  it('records a search from the widget as the widget surface', async () => {
    await fetch(`${running.url}/api/faq/search?q=RIB&surface=widget`);
    expect((await questions()).map((q) => q.surface)).toEqual(['widget']);
  });

  it('does not record a type-ahead lookup sent with record=false', async () => {
    const body = await (await fetch(`${running.url}/api/faq/search?q=RI&surface=widget&record=false`)).json();
    expect(body.questionId).toBeUndefined();
    expect(await questions()).toEqual([]);
  });

  it('refuses an unknown surface, naming the parameter', async () => {
    const response = await fetch(`${running.url}/api/faq/search?q=RIB&surface=fax`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ field: 'surface' });
  });
});

describe('GET /api/analytics/summary', () => {
  it('answers 401 without credentials', async () => {
    const response = await fetch(`${running.url}/api/analytics/summary`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'unauthorized' });
  });

  it('answers 401 with a wrong bearer token', async () => {
    const response = await fetch(`${running.url}/api/analytics/summary`, { headers: { Authorization: 'Bearer not-the-token' } });
    expect(response.status).toBe(401);
  });

  it('returns the figures of the requested days to the staff API token', async () => {
    await fetch(`${running.url}/api/faq/search?q=${encodeURIComponent('météo demain')}&surface=widget`);
    const response = await fetch(`${running.url}/api/analytics/summary?from=${today()}&to=${today()}`, { headers: bearer });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ from: today(), to: today(), days: [today()] });
    expect(body.totals.questions).toBeGreaterThanOrEqual(1);
    expect(body.unansweredGroups.map((g: { representative: string }) => g.representative)).toContain('météo demain');
  });

  it('names the entries by their English question', async () => {
    await fetch(`${running.url}/api/faq/search?q=${encodeURIComponent('changer mon RIB')}`);
    const body = await (await fetch(`${running.url}/api/analytics/summary`, { headers: bearer })).json();
    expect(body.topEntries).toContainEqual({
      entryId: 'update-banking-info',
      title: 'How do I update my banking information for direct deposits?',
      count: expect.any(Number),
    });
  });

  it('returns the figures to a signed-in staff member', async () => {
    await addStaff(running.app.database);
    const { cookie } = await signIn(running.url);
    const response = await fetch(`${running.url}/api/analytics/summary`, { headers: { Cookie: cookie } });
    expect(response.status).toBe(200);
    expect((await response.json()).days).toHaveLength(30);
  });

  it.each([
    ['from=2026-13-01', 'from'],
    ['from=yesterday', 'from'],
    ['from=2026-02-30', 'from'],
    ['to=2026-3-1', 'to'],
    ['from=2026-03-02&to=2026-03-01', 'to'],
    ['from=2026-03-01&from=2026-03-02', 'from'],
    ['from=2000-01-01&to=2026-01-01', 'from'],
  ])('answers 400 naming the field for %s', async (query, field) => {
    const response = await fetch(`${running.url}/api/analytics/summary?${query}`, { headers: bearer });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'bad_request', field });
  });
});

describe('GET /api/analytics/summary.csv', () => {
  it('answers 401 without credentials', async () => {
    expect((await fetch(`${running.url}/api/analytics/summary.csv`)).status).toBe(401);
  });

  it('answers 400 naming the field for a bad date', async () => {
    const response = await fetch(`${running.url}/api/analytics/summary.csv?to=31/12/2026`, { headers: bearer });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ field: 'to' });
  });

  it('downloads the figures as CSV with a header row', async () => {
    await fetch(`${running.url}/api/faq/search?q=${encodeURIComponent('où, "exactement", est mon onglet ?')}`);
    const response = await fetch(`${running.url}/api/analytics/summary.csv?from=${today()}&to=${today()}`, { headers: bearer });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="analytics-${today()}-${today()}.csv"`);
    const text = await response.text();
    expect(text.split('\n')[0]).toBe('section,day,surface,lang,entry_id,metric,value,text');
    expect(text).toContain('"où, ""exactement"", est mon onglet ?"');
    const rows: string[][] = parse(text);
    expect(rows).toContainEqual(['range', '', '', '', '', 'from', '', today()]);
  });
});

describe('GET /staff/analytics', () => {
  it('sends a visitor who is not signed in to the sign-in page', async () => {
    const response = await fetch(`${running.url}/staff/analytics`, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/staff/sign-in');
  });

  it('serves the page with a strict Content-Security-Policy to the staff', async () => {
    const response = await fetch(`${running.url}/staff/analytics`, { headers: bearer });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await response.text()).toContain('/staff/analytics/assets/chart.umd.min.js');
  });

  it('serves Chart.js from the installed package', async () => {
    const response = await fetch(`${running.url}/staff/analytics/assets/chart.umd.min.js`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Chart.js v4');
  });
});
