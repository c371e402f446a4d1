import type { Browser, BrowserContext, Page } from 'playwright-core';
import { MAX_TEXT_LENGTH } from '../../bot/channels/directline/limits';
import { startApp, type RunningApp } from '../support/app';
import { describeWithBrowser, launchBrowser, screenshotPath } from '../support/browser';

const BOT_BUBBLE = '#webchat .webchat__bubble:not(.webchat__bubble--from-user)';
const USER_BUBBLE = '#webchat .webchat__bubble--from-user';
const SEND_BOX = '#webchat [data-id="webchat-sendbox-input"]';
const POSTED = /\/conversations\/[^/]+\/activities$/;

/**
 * How the web chat page behaves at the limits issue 13 put on Direct Line, as a supplier meets
 * them in a browser: the page must say what happened, never just "Send failed. Retry.".
 */
describeWithBrowser('web chat page at the Direct Line limits', () => {
  let browser: Browser;
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  async function openPage(path: string, width: number): Promise<{ context: BrowserContext; page: Page; posted: string[] }> {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width, height: 844 } });
    const page = await context.newPage();
    const posted: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && POSTED.test(request.url())) posted.push(String((request.postDataJSON() as { text?: string }).text ?? ''));
    });
    await page.goto(`${running.url}${path}`);
    await page.locator(BOT_BUBBLE).first().waitFor({ timeout: 20_000 });
    return { context, page, posted };
  }

  // The server refuses text over MAX_TEXT_LENGTH with a 400; Web Chat then showed only
  // « Échec de l'envoi. Réessayez. » under the pasted message, and retrying failed the same way.
  it.each([
    ['/?lang=fr', 390, /^Message trop long\u00a0: 5\u202f000 caractères pour 4\u202f000 au maximum\. Raccourcissez-le/],
    ['/?lang=en', 1280, /^Message too long: 5,000 characters, 4,000 at most\. Shorten it/],
  ])('%s (%i px): a pasted message over the limit is explained and kept in the box, not sent', async (path, width, explanation) => {
    const { context, page, posted } = await openPage(path, width);
    try {
      expect(MAX_TEXT_LENGTH).toBe(4000);
      const hint = page.locator('#chat-length');
      const long = 'Le portail affiche une erreur quand je valide ma facture. '.repeat(100).slice(0, 5000);
      await page.locator(SEND_BOX).fill(long);
      await page.locator(SEND_BOX).press('Enter');
      await hint.waitFor({ state: 'visible', timeout: 5_000 });
      expect(await hint.textContent()).toMatch(explanation);
      await page.screenshot({ path: screenshotPath(`webchat-too-long-${width}`) });
      expect(await page.locator(SEND_BOX).inputValue()).toBe(long);
      expect(await page.locator(USER_BUBBLE).count()).toBe(0);
      expect(posted).toEqual([]);

      // Shortened to the limit: the counter shows, the message goes and is answered.
      const botBefore = await page.locator(BOT_BUBBLE).count();
      await page.locator(SEND_BOX).fill(long.slice(0, MAX_TEXT_LENGTH));
      expect(await hint.textContent()).toMatch(/^4[\u202f,]000 \/ 4[\u202f,]000 (caractères|characters)$/);
      await page.locator(SEND_BOX).press('Enter');
      await page.waitForFunction(([css, n]) => document.querySelectorAll(css as string).length > (n as number), [BOT_BUBBLE, botBefore] as const, { timeout: 20_000 });
      expect(posted).toEqual([long.slice(0, MAX_TEXT_LENGTH)]);
      expect(await hint.isHidden()).toBe(true);
      expect(await page.locator('#webchat').innerText()).not.toMatch(/Échec de l'envoi|Send failed/);
    } finally {
      await context.close();
    }
  });
});
