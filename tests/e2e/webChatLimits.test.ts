import type { BrowserContext, Page } from 'playwright-core';
import { MAX_STREAMS_PER_CONVERSATION, MAX_TEXT_LENGTH, PAGE_LIMITS } from '../../bot/channels/directline/limits';
import { describeWithBrowser, screenshotPath, useAppInBrowser } from '../support/browser';

const BOT_BUBBLE = '#webchat .webchat__bubble:not(.webchat__bubble--from-user)';
const USER_BUBBLE = '#webchat .webchat__bubble--from-user';
const SEND_BOX = '#webchat [data-id="webchat-sendbox-input"]';
const POSTED = /\/conversations\/[^/]+\/activities$/;

/**
 * How the web chat page behaves at the limits issue 13 put on Direct Line, as a supplier meets
 * them in a browser: the page must say what happened, never just "Send failed. Retry.".
 */
describeWithBrowser('web chat page at the Direct Line limits', () => {
  const app = useAppInBrowser();

  async function openPage(path: string, width: number): Promise<{ context: BrowserContext; page: Page; posted: string[] }> {
    const context = await app.browser().newContext({ locale: 'fr-FR', viewport: { width, height: 844 } });
    const page = await context.newPage();
    const posted: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && POSTED.test(request.url())) posted.push(String((request.postDataJSON() as { text?: string }).text ?? ''));
    });
    await page.goto(`${app.running().url}${path}`);
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
      await page.waitForFunction(([css, n]) => document.querySelectorAll(css as string).length > n, [BOT_BUBBLE, botBefore] as const, { timeout: 20_000 });
      expect(posted).toEqual([long.slice(0, MAX_TEXT_LENGTH)]);
      expect(await hint.isHidden()).toBe(true);
      expect(await page.locator('#webchat').innerText()).not.toMatch(/Échec de l'envoi|Send failed/);
    } finally {
      await context.close();
    }
  });

  // Past MAX_STREAMS_PER_CONVERSATION the server refused the stream's handshake with 429, which a
  // browser never shows to scripts: DirectLineJS retried quietly, the fifth tab showed an empty
  // conversation marked "Connecté" and never showed an answer to what was typed there.
  it(`explains a tab past the ${MAX_STREAMS_PER_CONVERSATION} streams of a conversation, then resumes there when one closes`, async () => {
    const context = await app.browser().newContext({ locale: 'fr-FR', viewport: { width: 390, height: 844 } });
    try {
      const first = await context.newPage();
      await first.goto(`${app.running().url}/?lang=fr`);
      await first.locator(BOT_BUBBLE).first().waitFor({ timeout: 20_000 });
      // Later tabs open the same conversation by themselves: it is the supplier's, kept in localStorage.
      const tabs = [first];
      for (let n = 1; n < MAX_STREAMS_PER_CONVERSATION; n++) {
        const tab = await context.newPage();
        await tab.goto(`${app.running().url}/?lang=fr`);
        await tab.locator(BOT_BUBBLE).first().waitFor({ timeout: 20_000 });
        tabs.push(tab);
      }
      const extra = await context.newPage();
      await extra.goto(`${app.running().url}/?lang=fr`);
      const status = extra.locator('#chat-status');
      await status.waitFor({ state: 'visible', timeout: 20_000 });
      await extra.waitForFunction(() => /plusieurs onglets/.test(document.getElementById('chat-status')?.textContent ?? ''), undefined, { timeout: 20_000 });
      expect(await status.textContent()).toMatch(/^Cette conversation est déjà ouverte dans plusieurs onglets\. Fermez-en un/);
      await extra.screenshot({ path: screenshotPath('webchat-too-many-tabs') });

      // One tab closes: the extra one connects by itself (DirectLineJS retries within 15 s), shows the history and answers.
      await tabs.shift()!.close();
      await extra.locator(BOT_BUBBLE).first().waitFor({ timeout: 25_000 });
      await status.waitFor({ state: 'hidden', timeout: 5_000 });
      const botBefore = await extra.locator(BOT_BUBBLE).count();
      await extra.locator(SEND_BOX).fill('comment activé la double authentification');
      await extra.locator(SEND_BOX).press('Enter');
      await extra.waitForFunction(([css, n]) => document.querySelectorAll(css as string).length > n, [BOT_BUBBLE, botBefore] as const, { timeout: 20_000 });
    } finally {
      await context.close();
    }
  }, 90_000);

  // Reads are paged (PAGE_LIMITS): a reload replays a long conversation page by page over the
  // stream; nothing at the top may go missing.
  it(`shows every message of a conversation longer than ${PAGE_LIMITS.activities} activities after a reload`, async () => {
    const { context, page } = await openPage('/?lang=fr', 1280);
    try {
      const kept = await page.evaluate(() => JSON.parse(localStorage.getItem('csp-assistant.conversation') ?? 'null'));
      const reference = {
        channelId: 'directline',
        serviceUrl: app.running().app.directLine.endpoint.serviceUrl(),
        conversation: { id: kept.conversationId, isGroup: false, conversationType: '', name: '' },
        bot: { id: 'csp-assistant', name: 'CSP assistant' },
        user: { id: 'dl_user', name: '' },
      };
      const count = PAGE_LIMITS.activities + 30;
      await app.running().app.adapter.continueConversationAsync('', reference, async (turn) => {
        for (let n = 1; n <= count; n++) await turn.sendActivity(`Message numéro ${n}`);
      });
      await page.locator(BOT_BUBBLE, { hasText: `Message numéro ${count}` }).waitFor({ timeout: 20_000 });
      const before = await page.locator(BOT_BUBBLE).count();

      await page.reload();
      await page.locator(BOT_BUBBLE, { hasText: `Message numéro ${count}` }).waitFor({ timeout: 20_000 });
      expect(await page.locator(BOT_BUBBLE).count()).toBe(before);
      const numbers = await page.$$eval(BOT_BUBBLE, (bubbles) =>
        bubbles.map((bubble) => /Message numéro (\d+)/.exec(bubble.textContent ?? '')?.[1]).filter(Boolean).map(Number),
      );
      expect(numbers).toEqual(Array.from({ length: count }, (_, n) => n + 1));
    } finally {
      await context.close();
    }
  }, 60_000);
});
