import type { Browser, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../support/app';
import { axeViolations } from '../support/axe';
import { describeWithBrowser, launchBrowser } from '../support/browser';
import { addStaff, signInInBrowser } from '../support/staff';

/** Screenshots to look at, never committed. */
const SHOTS = '/tmp/csp-knowledge-candidates';

// Questions the search is unsure about (queries.json / the generalisation set's tuning part).
const SELF_HELP = 'self help resources';
const TUTORIALS = 'any tutorials or videos to learn CSP?';
const OTHER_CUSTOMER = 'un autre client coupa veut travailler avec moi';

describeWithBrowser('Knowledge page › candidate phrasings in Chromium', () => {
  let running: RunningApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    running = await startApp({}, { knowledgeEditing: { evaluationSet: [] } });
    await addStaff(running.app.database);
    browser = await launchBrowser();
    const taken: Array<[string, string, 'fr' | 'en']> = [
      ['help-resources', SELF_HELP, 'en'],
      ['help-resources', 'Self help resources?', 'en'],
      ['help-resources', TUTORIALS, 'en'],
      ['connect-new-customer', OTHER_CUSTOMER, 'fr'],
    ];
    for (const [entryId, q, lang] of taken) {
      const response = await fetch(`${running.url}/api/faq/${entryId}/suggestion`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ q, lang }),
      });
      expect(response.status).toBe(204);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });
  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  });
  afterEach(async () => {
    await page.close();
  });

  async function openPage(lang: 'fr' | 'en'): Promise<void> {
    await signInInBrowser(page, running.url, '/staff/knowledge');
    await page.goto(`${running.url}/staff/knowledge?lang=${lang}`);
    await page.waitForSelector('#entries tr[data-id="help-resources"]');
    await page.waitForSelector('#candidates tbody tr');
  }

  const search = async (q: string) =>
    (await (await fetch(`${running.url}/api/faq/search?q=${encodeURIComponent(q)}&record=false`)).json()) as { confident: boolean; results: { id: string }[] };

  it('lists the questions suppliers took a suggestion for, in French, and approving one adds it as a phrasing the search answers at once', async () => {
    await openPage('fr');
    const section = page.getByRole('region', { name: 'Formulations candidates' });
    expect(await section.getAttribute('lang')).toBe('fr');
    const rows = section.locator('tbody tr');
    expect(await rows.count()).toBe(3);
    expect(await rows.first().locator('td').allTextContents()).toEqual(['help-resourcesWhat resources can I use to get help?', 'en', expect.stringMatching(/^self help resources\??$/i), '2\u00a0fois', expect.any(String), 'ApprouverÉcarter']);
    expect(await axeViolations(page, '#candidates')).toEqual([]);
    await page.screenshot({ path: `${SHOTS}-fr.png`, fullPage: true });

    // The entry is open in the editor: approving reloads it, so a later save keeps the new phrasing.
    await page.click('#entries tr[data-id="help-resources"]');
    await page.waitForSelector('#editor-title:has-text("help-resources")');
    // Narrowed to the entry open in the editor.
    expect(await rows.count()).toBe(2);
    expect(await section.locator('#candidates-filter').textContent()).toContain('Fiche help-resources seulement.');
    expect(await search(SELF_HELP)).toMatchObject({ confident: false });
    await section.getByRole('button', { name: /^Approuver « self help resources/i }).click();
    await page.waitForSelector('#candidates-message.ok:has-text("est maintenant une formulation de help-resources (en)")');
    const answered = await search(SELF_HELP);
    expect(answered.confident).toBe(true);
    expect(answered.results[0]!.id).toBe('help-resources');
    expect(await rows.count()).toBe(1);
    await section.getByRole('button', { name: 'Voir toutes les fiches' }).click();
    expect(await rows.count()).toBe(2);
    await page.waitForFunction(() => /self help resources/i.test((document.querySelector('textarea[name="en.phrasings"]') as HTMLTextAreaElement).value));
    expect(await page.locator('#history li').first().textContent()).toContain('add-phrasings by agent@example.com');
    await page.screenshot({ path: `${SHOTS}-fr-approved.png`, fullPage: true });
  });

  // After the test above (it approved the first candidate).
  it('reads in English, and dismissing a candidate leaves the entry as it was', async () => {
    await openPage('en');
    const section = page.getByRole('region', { name: 'Candidate phrasings' });
    const revision = (await running.app.knowledgeEditing!.repository.entry('help-resources'))!.revision;
    await section.getByRole('button', { name: `Dismiss "${TUTORIALS}" for help-resources` }).click();
    await page.waitForSelector(`#candidates-message.ok:has-text('dismissed')`);
    expect(await section.locator('tbody tr').allTextContents()).not.toContain(expect.stringContaining('tutorials'));
    expect((await running.app.knowledgeEditing!.repository.entry('help-resources'))!.revision).toBe(revision);
    expect(await axeViolations(page, '#candidates')).toEqual([]);
    await page.screenshot({ path: `${SHOTS}-en.png`, fullPage: true });
  });
});
