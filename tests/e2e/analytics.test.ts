import type { Browser, BrowserContext, Page } from 'playwright-core';
import { questionTerms } from '../../bot/analytics/grouping';
import type { QuestionEvent } from '../../bot/analytics/recorder';
import { SqlAnalytics } from '../../bot/analytics/sqlAnalytics';
import { loadKnowledgeData } from '../../knowledge';
import { DEFAULT_KNOWLEDGE_DIR } from '../../knowledge/paths';
import { startApp, type RunningApp } from '../support/app';
import { describeWithBrowser, launchBrowser, screenshotPath } from '../support/browser';
import { addStaff, signIn } from '../support/staff';

const XSS_QUESTION = '<img src=x onerror="window.__xss=1"> onglet';
const TWO_FACTOR = 'How do I enable two-factor authentication?';
const BANKING = 'How do I update my banking information for dire…';

declare global {
  interface Window {
    __xss?: number;
    Chart: { getChart(id: string): { data: { labels: string[]; datasets: { label: string; data: number[] }[] } } | undefined };
  }
}

/** A week of activity: chat and widget in French, Teams in English, one escalation, feedback. */
async function seed(running: RunningApp): Promise<void> {
  let clock = new Date();
  const analytics = new SqlAnalytics(running.app.database, {
    terms: questionTerms(loadKnowledgeData(DEFAULT_KNOWLEDGE_DIR)),
    now: () => clock,
  });
  const ask = (day: string, event: Partial<QuestionEvent> & Pick<QuestionEvent, 'surface' | 'text' | 'lang'>) => {
    clock = new Date(`${day}T10:00:00Z`);
    return analytics.recordQuestion({ topEntryId: null, topScore: null, confident: false, ...event });
  };
  const banking = { topEntryId: 'update-banking-info', topScore: 0.9, confident: true };
  const twoFactor = { topEntryId: '2fa-enable', topScore: 0.8, confident: true };

  for (let i = 0; i < 4; i++) await ask('2026-03-02', { surface: 'chat', text: `changer mon RIB ${i}`, lang: 'fr', conversationId: `c${i}`, ...banking });
  for (let i = 0; i < 3; i++) await ask('2026-03-03', { surface: 'widget', text: 'activer la double authentification', lang: 'fr', ...twoFactor });
  for (let i = 0; i < 2; i++) await ask('2026-03-04', { surface: 'teams', text: 'enable 2FA', lang: 'en', conversationId: `t${i}`, ...twoFactor });
  await ask('2026-03-05', { surface: 'api', text: 'bank details', lang: 'en', ...banking });
  await ask('2026-03-05', { surface: 'chat', text: 'ou est mon onglet client', lang: 'fr', conversationId: 'c0' });
  await ask('2026-03-05', { surface: 'widget', text: "où est l'onglet de mon client ?", lang: 'fr' });
  await ask('2026-03-06', { surface: 'chat', text: 'onglet client introuvable', lang: 'fr', conversationId: 'c9' });
  await ask('2026-03-06', { surface: 'widget', text: 'météo demain', lang: 'fr' });
  await ask('2026-03-06', { surface: 'widget', text: XSS_QUESTION, lang: 'fr' });
  clock = new Date('2026-03-05T11:00:00Z');
  await analytics.markEscalated('c0');
  await analytics.markEscalated('c9');
  for (const id of ['c1', 'c2', 'c3', 't0', 't1']) await analytics.markResolved(id, true);
  await analytics.recordFeedback({ entryId: 'update-banking-info', lang: 'fr', surface: 'chat' }, true);
  await analytics.recordFeedback({ entryId: 'update-banking-info', lang: 'fr', surface: 'widget' }, true);
  await analytics.recordFeedback({ entryId: '2fa-enable', lang: 'fr', surface: 'widget' }, false);
}

describeWithBrowser('Staff analytics page in Chromium', () => {
  let browser: Browser;
  let running: RunningApp;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    running = await startApp();
    await seed(running);
    await addStaff(running.app.database);
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 1500 } });
    page = await context.newPage();
    problems.length = 0;
    // A missing resource is reported by URL below; the console only says "404".
    page.on('console', (message) => {
      if ((message.type() === 'error' || message.type() === 'warning') && !message.text().startsWith('Failed to load resource')) {
        problems.push(message.text());
      }
    });
    page.on('response', (response) => {
      if (response.status() >= 400 && new URL(response.url()).pathname !== '/favicon.ico') {
        problems.push(`${response.status()} ${response.url()}`);
      }
    });
    page.on('pageerror', (error) => problems.push(error.message));
  });
  afterEach(() => context.close());

  async function signInBrowser(): Promise<void> {
    const { cookie } = await signIn(running.url);
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: running.url }]);
  }

  const chart = (id: string) =>
    page.evaluate((chartId) => {
      const found = window.Chart.getChart(chartId);
      return found && { labels: found.data.labels, datasets: found.data.datasets.map((d) => ({ label: d.label, data: d.data })) };
    }, id);

  it('sends a visitor who is not signed in to the sign-in page', async () => {
    await page.goto(`${running.url}/staff/analytics`);
    expect(new URL(page.url()).pathname).toBe('/staff/sign-in');
  });

  it('draws the charts and the question groups from the recorded events', async () => {
    await signInBrowser();
    await page.goto(`${running.url}/staff/analytics?from=2026-03-01&to=2026-03-07`);
    await page.locator('body[data-ready="true"]').waitFor();

    const days = ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07'];
    expect(await chart('chart-surface')).toEqual({
      labels: days,
      datasets: [
        { label: 'api', data: [0, 0, 0, 0, 1, 0, 0] },
        { label: 'chat', data: [0, 4, 0, 0, 1, 1, 0] },
        { label: 'teams', data: [0, 0, 0, 2, 0, 0, 0] },
        { label: 'widget', data: [0, 0, 3, 0, 1, 2, 0] },
      ],
    });
    expect(await chart('chart-language')).toEqual({
      labels: days,
      datasets: [
        { label: 'en', data: [0, 0, 0, 2, 1, 0, 0] },
        { label: 'fr', data: [0, 4, 3, 0, 2, 3, 0] },
      ],
    });
    expect((await chart('chart-escalations'))!.datasets[0]!.data).toEqual([0, 0, 0, 0, 2, 0, 0]);
    expect(await chart('chart-entries')).toEqual({
      labels: [TWO_FACTOR, BANKING],
      datasets: [{ label: 'answers', data: [5, 5] }],
    });
    expect(await chart('chart-feedback')).toEqual({
      labels: [BANKING, TWO_FACTOR],
      datasets: [
        { label: 'helpful', data: [2, 0] },
        { label: 'not helpful', data: [0, 1] },
      ],
    });

    expect(await page.locator('#total-questions').textContent()).toBe('15');
    expect(await page.locator('#total-conversations').textContent()).toBe('7');
    expect(await page.locator('#deflection-rate').textContent()).toBe('71.4 %');
    expect(await page.locator('#total-escalations').textContent()).toBe('2');

    const rows = page.locator('#groups tbody tr');
    expect(await rows.count()).toBe(3);
    expect(await rows.nth(0).locator('td').allTextContents()).toEqual([
      '3',
      'ou est mon onglet client',
      "onglet client introuvableoù est l'onglet de mon client ?",
    ]);
    expect(await rows.locator('td:nth-child(2)').allTextContents()).toContain(XSS_QUESTION);
    expect(await page.locator('#groups img').count()).toBe(0);
    expect(await page.evaluate(() => window.__xss)).toBeUndefined();

    const canvas = await page.locator('#chart-surface').boundingBox();
    expect(canvas!.height).toBeGreaterThan(100);
    await page.screenshot({ path: screenshotPath('analytics'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it('shows other days when the date range changes', async () => {
    await signInBrowser();
    await page.goto(`${running.url}/staff/analytics?from=2026-03-01&to=2026-03-07`);
    await page.locator('body[data-ready="true"]').waitFor();
    await page.locator('#from').fill('2026-03-04');
    await page.locator('#to').fill('2026-03-04');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForFunction(() => document.querySelector('#total-questions')?.textContent === '2');
    expect((await chart('chart-surface'))!.datasets).toEqual([{ label: 'teams', data: [2] }]);
    expect(await page.locator('#groups tbody tr').count()).toBe(0);
    expect(await page.locator('#groups-empty').isVisible()).toBe(true);
    expect(new URL(page.url()).search).toBe('?from=2026-03-04&to=2026-03-04');
    expect(await page.locator('#csv').getAttribute('href')).toBe('/api/analytics/summary.csv?from=2026-03-04&to=2026-03-04');
    expect(problems).toEqual([]);
  });

  it('names the wrong date when the range is reversed', async () => {
    await signInBrowser();
    await page.goto(`${running.url}/staff/analytics?from=2026-03-05&to=2026-03-01`);
    await page.getByRole('status').filter({ hasText: 'to must not be before from' }).waitFor();
  });
});
