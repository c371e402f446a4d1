import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { KnowledgeBase, loadKnowledgeData } from '../../knowledge';
import { DEFAULT_KNOWLEDGE_DIR } from '../../knowledge/paths';
import { startApp, type RunningApp } from '../support/app';
import { describeWithBrowser, launchBrowser, screenshotPath } from '../support/browser';

const XSS_QUERY = '<img src=x onerror=window.__xss=1>';
const HTML_IN_ANSWER = 'Tip: <img src=x onerror="window.__xss=2"> <script>window.__xss=3</script>';

declare global {
  interface Window {
    __xss?: number;
  }
}

/** A third-party page (another origin, no CSP) embedding the widget with one script tag and one element. */
function startHostPage(): Promise<{ server: http.Server; port: number; setWidgetUrl(url: string): void }> {
  let widgetUrl = '';
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="fr-FR"><head><meta charset="utf-8"><title>Portail fournisseur</title>
<script src="${widgetUrl}/widget.js" defer></script></head>
<body><h1>Aide</h1><div data-csp-faq></div></body></html>`);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as AddressInfo).port, setWidgetUrl: (url) => (widgetUrl = url) }),
    ),
  );
}

/** The seed FAQ with HTML planted in one French answer. */
function knowledgeWithHtmlInAnswer(): KnowledgeBase {
  const data = loadKnowledgeData(DEFAULT_KNOWLEDGE_DIR);
  const entries = data.entries.map((entry) =>
    entry.id === '2fa-enable' ? { ...entry, fr: { ...entry.fr, answer: `${entry.fr.answer}\n\n${HTML_IN_ANSWER}` } } : entry,
  );
  return new KnowledgeBase({ ...data, entries });
}

async function typeQuery(page: Page, text: string): Promise<void> {
  const input = page.getByRole('combobox');
  await input.fill('');
  await input.pressSequentially(text, { delay: 15 });
}

describeWithBrowser('FAQ search widget in Chromium', () => {
  let browser: Browser;
  let running: RunningApp;
  let host: Awaited<ReturnType<typeof startHostPage>>;
  let hostOrigin: string;

  beforeAll(async () => {
    host = await startHostPage();
    hostOrigin = `http://127.0.0.1:${host.port}`;
    running = await startApp({ WIDGET_ALLOWED_ORIGINS: hostOrigin }, { knowledgeBase: knowledgeWithHtmlInAnswer() });
    host.setWidgetUrl(running.url);
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    await new Promise((resolve) => host?.server.close(resolve));
  });

  it('finds answers as the user types, opens one with the keyboard and records feedback', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
    await page.goto(`${running.url}/widget?lang=en`);
    const input = page.getByRole('combobox', { name: 'Search the supplier FAQ' });
    await input.focus();
    await typeQuery(page, 'enable two factor authentication');

    const listbox = page.getByRole('listbox');
    await listbox.waitFor({ state: 'visible' });
    const options = listbox.getByRole('option');
    expect(await options.count()).toBeGreaterThan(0);
    expect(await input.getAttribute('aria-expanded')).toBe('true');
    expect(await listbox.locator('mark').first().textContent()).toMatch(/enable|two|factor|authentication/i);
    await page.getByRole('status').filter({ hasText: /results?$/ }).waitFor();

    await page.keyboard.press('Escape');
    await listbox.waitFor({ state: 'hidden' });
    expect(await input.getAttribute('aria-expanded')).toBe('false');
    expect(await input.inputValue()).toBe('enable two factor authentication');

    await page.keyboard.press('ArrowDown');
    await listbox.waitFor({ state: 'visible' });
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    const first = options.first();
    expect(await input.getAttribute('aria-activedescendant')).toBe(await first.getAttribute('id'));
    expect(await first.getAttribute('aria-selected')).toBe('true');
    const question = (await first.locator('.csp-faq__question').textContent()) ?? '';
    await page.screenshot({ path: screenshotPath('widget-results') });

    const questionRecorded = page.waitForResponse((response) => response.url().includes('record=true'));
    await page.keyboard.press('Enter');
    await questionRecorded;
    const answer = page.locator('.csp-faq__answer');
    await answer.waitFor({ state: 'visible' });
    expect(await answer.getByRole('heading', { level: 2 }).textContent()).toBe(question);
    // The answer's title follows the host page's h1 without skipping a level (an h3 did).
    const levels = await page.evaluate(() => Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6')).filter((h) => (h as HTMLElement).offsetParent !== null).map((h) => Number(h.tagName[1])));
    expect(levels.every((level, i) => i === 0 || level <= levels[i - 1]! + 1)).toBe(true);
    expect(await answer.getAttribute('data-id')).toBe('2fa-enable');
    expect(await input.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('csp-faq__answer'))).toBe(true);

    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Yes');
    await page.keyboard.press('Enter');
    await page.getByText('Thank you for your feedback!').waitFor();
    await page.screenshot({ path: screenshotPath('widget-answer') });
    const rows = await running.app.database.all('SELECT entry_id, lang, helpful, surface, question_id FROM feedback');
    expect(rows).toEqual([{ entry_id: '2fa-enable', lang: 'en', helpful: 1, surface: 'widget', question_id: expect.any(String) }]);
    const recordedQuestion = await running.app.database.get('SELECT surface, text FROM analytics_questions WHERE id = ?', [
      String(rows[0]!.question_id),
    ]);
    expect(recordedQuestion).toEqual({ surface: 'widget', text: 'enable two factor authentication' });

    await answer.press('Escape');
    await answer.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('combobox');
    const chat = page.getByRole('link', { name: /Chat with us/ });
    expect(await chat.getAttribute('href')).toBe(`${running.url}/?lang=en`);
    expect(await chat.getAttribute('target')).toBe('_blank');
    await page.close();
  }, 60_000);

  it('shows the invoice entries from "fa" on, as "factur" is typed letter by letter, without the first one flipping', async () => {
    const page = await browser.newPage();
    await page.goto(`${running.url}/widget?lang=fr`);
    const input = page.getByRole('combobox');
    await input.focus();
    const firsts: (string | null)[] = [];
    let typed = '';
    for (const text of ['fa', 'fac', 'fact', 'factu', 'factur']) {
      const answered = page.waitForResponse((response) => {
        const url = new URL(response.url());
        return url.pathname === '/api/faq/search' && url.searchParams.get('mode') === 'prefix' && url.searchParams.get('q') === text;
      });
      await input.pressSequentially(text.slice(typed.length), { delay: 15 });
      typed = text;
      await answered;
      await page.locator('[data-csp-faq]:not([aria-busy])').waitFor();
      const options = page.getByRole('option');
      expect(await options.count()).toBeGreaterThanOrEqual(2);
      const shown = await options.evaluateAll((nodes) => nodes.slice(0, 2).map((node) => node.getAttribute('data-id')));
      expect([...shown].sort()).toEqual(['access-pos-invoices', 'payment-info']);
      firsts.push(shown[0]!);
    }
    expect(new Set(firsts).size).toBe(1);
    expect(await page.locator('mark').first().textContent()).toMatch(/^factur/i);
    await page.close();
  }, 60_000);

  it('keeps the list closed once an answer is open, even when a search typed just before finishes later', async () => {
    const page = await browser.newPage();
    await page.goto(`${running.url}/widget?lang=en`);
    await typeQuery(page, 'two factor');
    await page.getByRole('listbox').waitFor({ state: 'visible' });
    await page.getByRole('combobox').pressSequentially(' authentication', { delay: 5 });
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator('.csp-faq__answer').waitFor({ state: 'visible' });
    await page.waitForTimeout(600);
    expect(await page.getByRole('listbox').isHidden()).toBe(true);
    expect(await page.locator('.csp-faq__answer').isVisible()).toBe(true);
    await page.close();
  }, 60_000);

  it('switches to French with the language toggle and searches again in French', async () => {
    const page = await browser.newPage();
    await page.goto(`${running.url}/widget?lang=en`);
    await typeQuery(page, 'two factor');
    await page.getByRole('listbox').waitFor({ state: 'visible' });
    await page.getByRole('button', { name: 'Français' }).click();
    await page.getByText('Rechercher dans la FAQ fournisseurs').waitFor();
    await page.getByRole('option').filter({ hasText: /deux facteurs/ }).first().waitFor();
    expect(await page.getByRole('button', { name: 'Français' }).getAttribute('aria-pressed')).toBe('true');
    await page.close();
  }, 60_000);

  it('works on another allowed origin and shows HTML in a query or an answer as text, never running it', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
    await page.goto(`${hostOrigin}/`);
    await page.getByText('Rechercher dans la FAQ fournisseurs').waitFor();

    await typeQuery(page, 'activer la double authentification');
    const option = page.locator('[role="option"][data-id="2fa-enable"]');
    await option.waitFor();
    await option.click();
    const answer = page.locator('.csp-faq__answer');
    await answer.waitFor({ state: 'visible' });
    expect(await answer.textContent()).toContain(HTML_IN_ANSWER);

    await typeQuery(page, XSS_QUERY);
    expect(await page.getByRole('combobox').inputValue()).toBe(XSS_QUERY);
    await page.getByText(`Aucun résultat pour « ${XSS_QUERY} ».`).or(page.getByRole('option').first()).first().waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: screenshotPath('widget-html-as-text') });
    expect(await page.evaluate(() => window.__xss)).toBeUndefined();
    expect(await page.locator('[data-csp-faq] img, [data-csp-faq] script').count()).toBe(0);
    await page.close();
  }, 60_000);

  it('cannot search from an origin that is not allowed', async () => {
    const page = await browser.newPage();
    // Same page, other origin: localhost is not 127.0.0.1 to the browser.
    await page.goto(`http://localhost:${host.port}/`);
    await typeQuery(page, 'facture');
    await page.getByText('La recherche est indisponible pour le moment', { exact: false }).waitFor();
    expect(await page.getByRole('option').count()).toBe(0);
    await page.close();
  }, 60_000);
});
