import type { Browser, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../support/app';
import { describeWithBrowser, launchBrowser, screenshotPath } from '../support/browser';
import { addStaff, AGENT, signInInBrowser } from '../support/staff';

describeWithBrowser('Knowledge-base editing page in Chromium', () => {
  let running: RunningApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    running = await startApp({}, { knowledgeEditing: { evaluationSet: [] } });
    await addStaff(running.app.database);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });
  beforeEach(async () => {
    page = await browser.newPage();
  });
  afterEach(async () => {
    await page.close();
  });

  async function signInToKnowledgePage(): Promise<void> {
    await signInInBrowser(page, running.url, '/staff/knowledge');
    await page.goto(`${running.url}/staff/knowledge`);
    await page.waitForSelector('#entries tr[data-id="payment-info"]');
  }

  const search = async (q: string) =>
    (await (await fetch(`${running.url}/api/faq/search?q=${encodeURIComponent(q)}&record=false`)).json()) as {
      confident: boolean;
      results: { id: string }[];
    };

  it('adds an unanswered question as a phrasing, and the search answers it at once', async () => {
    await signInToKnowledgePage();
    await page.click('#entries tr[data-id="update-banking-info"]');
    await page.waitForSelector('#editor-title:has-text("update-banking-info")');
    await page.selectOption('#phrasings-form select[name="lang"]', 'en');
    await page.fill('#phrasings-form textarea[name="phrasings"]', 'quokka ledger');
    await page.click('#phrasings-form button[type="submit"]');
    await page.waitForSelector('#message.ok:has-text("1 phrasing(s) added")');
    expect((await search('quokka ledger')).results[0]!.id).toBe('update-banking-info');
    expect(await page.locator('#history li').first().textContent()).toContain(`add-phrasings by ${AGENT.email}`);
  });

  it('refuses to publish a new entry until it has both languages, then publishes it', async () => {
    await signInToKnowledgePage();
    await page.click('#new-entry');
    await page.fill('input[name="id"]', 'zorblax-plugin');
    await page.selectOption('select[name="category"]', 'configuration');
    await page.fill('input[name="fr.question"]', 'Comment installer le module zorblax ?');
    await page.fill('textarea[name="fr.answer"]', 'Depuis la page Configuration.');
    await page.fill('textarea[name="fr.phrasings"]', [1, 2, 3, 4, 5, 6].map((i) => `installer zorblax ${i}`).join('\n'));
    await page.click('#save');
    await page.waitForSelector('#message.ok:has-text("Created as a draft")');
    await page.click('#publish');
    await page.waitForSelector('#message.error:has-text("needs both languages")');
    expect(await page.locator('#message').textContent()).toContain('field "en" is missing');
    await page.fill('input[name="en.question"]', 'How do I install the zorblax plug-in?');
    await page.fill('textarea[name="en.answer"]', 'From the Configuration page.');
    await page.fill('textarea[name="en.phrasings"]', [1, 2, 3, 4, 5, 6].map((i) => `install zorblax ${i}`).join('\n'));
    await page.fill('#preview-form input[name="query"]', 'install the zorblax plug-in');
    await page.click('#preview-form button[type="submit"]');
    await page.waitForSelector('#preview-draft li:has-text("zorblax-plugin")');
    expect(await page.locator('#preview-live').textContent()).not.toContain('zorblax-plugin');
    await page.click('#save');
    await page.waitForSelector('#message.ok:has-text("Saved as a draft")');
    await page.click('#publish');
    await page.waitForSelector('#message.ok:has-text("Published")');
    expect((await search('install the zorblax plug-in')).results[0]!.id).toBe('zorblax-plugin');
    await page.screenshot({ path: screenshotPath('knowledge-editing-published'), fullPage: true });
  });
});
