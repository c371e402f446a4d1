import type { BrowserContext, Page } from 'playwright-core';
import { describeWithBrowser, screenshotPath, useAppInBrowser } from '../support/browser';

/** Web Chat's bubbles: the bot's and the user's. */
const BOT_BUBBLE = '#webchat .webchat__bubble:not(.webchat__bubble--from-user)';
const USER_BUBBLE = '#webchat .webchat__bubble--from-user';
/** Buttons the bot offers: suggested actions, hero and Adaptive Card actions. */
const BOT_BUTTON = '#webchat .webchat__suggested-action, #webchat .ac-pushButton, #webchat .webchat__bubble:not(.webchat__bubble--from-user) button';

async function sendMessage(page: Page, text: string): Promise<void> {
  const input = page.locator('#webchat [data-id="webchat-sendbox-input"]');
  await input.fill(text);
  await input.press('Enter');
}

/** Waits until there are more than `count` elements matching `selector`. */
async function waitForMore(page: Page, selector: string, count: number): Promise<void> {
  await page.waitForFunction(([css, n]) => document.querySelectorAll(css).length > n, [selector, count] as const, {
    timeout: 20_000,
  });
}

describeWithBrowser('web chat page in Chromium', () => {
  const app = useAppInBrowser();

  async function openPage(locale: string, path = '/'): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    const context = await app.browser().newContext({ locale, viewport: { width: 900, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
    });
    await page.goto(`${app.running().url}${path}`);
    return { context, page, problems };
  }

  /** After the welcome: the page's language, its restart button's label, and the locale and text posted for `text`. */
  async function speaksAndSends(page: Page, text: string) {
    await page.locator(BOT_BUBBLE).first().waitFor({ timeout: 20_000 });
    const lang = await page.evaluate(() => document.documentElement.lang);
    const restart = await page.locator('#chat-restart').textContent();
    const posted = page.waitForRequest((request) => request.method() === 'POST' && /\/conversations\/[^/]+\/activities$/.test(request.url()));
    await sendMessage(page, text);
    return { lang, restart, activity: (await posted).postDataJSON() as Record<string, unknown> };
  }

  it('greets, answers a question, follows a button and keeps the conversation across a reload', async () => {
    const { context, page, problems } = await openPage('en-US');
    try {
      // The welcome shows before the user types anything.
      await page.locator(BOT_BUBBLE).first().waitFor({ timeout: 20_000 });
      expect(await page.locator(USER_BUBBLE).count()).toBe(0);
      expect(await page.locator('h1').textContent()).toBe('Coupa Supplier Portal assistant');
      await page.screenshot({ path: screenshotPath('webchat-welcome') });

      // A question gets its answer.
      const botBefore = await page.locator(BOT_BUBBLE).count();
      await sendMessage(page, 'How do I turn on two-factor authentication?');
      await page.locator(USER_BUBBLE, { hasText: 'two-factor authentication' }).waitFor();
      await waitForMore(page, BOT_BUBBLE, botBefore);
      await page.screenshot({ path: screenshotPath('webchat-answer') });

      // A button sends something and gets a reply.
      const botBeforeClick = await page.locator(BOT_BUBBLE).count();
      const userBeforeClick = await page.locator(USER_BUBBLE).count();
      const button = page.locator(BOT_BUTTON).first();
      await button.waitFor({ timeout: 20_000 });
      await button.click();
      await waitForMore(page, BOT_BUBBLE, botBeforeClick);
      expect(await page.locator(USER_BUBBLE).count()).toBeGreaterThanOrEqual(userBeforeClick);
      await page.screenshot({ path: screenshotPath('webchat-button') });

      // A reload reconnects to the same conversation and shows the earlier messages.
      const kept = await page.evaluate(() => JSON.parse(localStorage.getItem('csp-assistant.conversation') ?? 'null'));
      const botCount = await page.locator(BOT_BUBBLE).count();
      await page.reload();
      await page.locator(USER_BUBBLE, { hasText: 'two-factor authentication' }).waitFor({ timeout: 20_000 });
      await page.waitForFunction(([css, n]) => document.querySelectorAll(css as string).length >= n, [BOT_BUBBLE, botCount] as const);
      const afterReload = await page.evaluate(() => JSON.parse(localStorage.getItem('csp-assistant.conversation') ?? 'null'));
      expect(afterReload.conversationId).toBe(kept.conversationId);
      // Kept per supplier, never past a token's lifetime: the conversation token and the resume token with their expiry.
      expect(afterReload.expiresAt).toBeGreaterThan(Date.now());
      expect(afterReload.resumeExpiresAt).toBeGreaterThan(afterReload.expiresAt);
      await page.screenshot({ path: screenshotPath('webchat-reloaded') });

      // The reloaded conversation still works.
      const botBeforeAgain = await page.locator(BOT_BUBBLE).count();
      await sendMessage(page, 'thanks');
      await waitForMore(page, BOT_BUBBLE, botBeforeAgain);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  // Issue 13: the page chose its own user id (kept in localStorage) and the server took it, so
  // anyone could ask for a token as someone else's id. The server chooses it now.
  it('asks for a token without a user id of its own, and drops the one earlier versions kept', async () => {
    const context = await app.browser().newContext({ locale: 'en-US' });
    try {
      await context.addInitScript(() => {
        if (!sessionStorage.getItem('seeded')) {
          localStorage.setItem('csp-assistant.user', 'dl_kept_by_an_older_page');
          sessionStorage.setItem('seeded', '1');
        }
      });
      const page = await context.newPage();
      const tokenRequest = page.waitForRequest((request) => request.method() === 'POST' && request.url().endsWith('/api/directline/token'));
      const tokenAnswer = page.waitForResponse((response) => response.url().endsWith('/api/directline/token'));
      await page.goto(`${app.running().url}/`);
      expect((await tokenRequest).postDataJSON()).toEqual({});
      const { token } = (await (await tokenAnswer).json()) as { token: string };
      const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
      expect(claims.user).toMatch(/^dl_/);
      expect(claims.user).not.toBe('dl_kept_by_an_older_page');
      await page.locator(BOT_BUBBLE).first().waitFor({ timeout: 20_000 });
      expect(await page.evaluate(() => localStorage.getItem('csp-assistant.user'))).toBeNull();
    } finally {
      await context.close();
    }
  });

  it('speaks French to a French browser, sends its locale, and switches to English with the toggle', async () => {
    const { context, page, problems } = await openPage('fr-FR');
    try {
      const french = await speaksAndSends(page, 'Je ne vois pas mes factures');
      expect([french.lang, french.restart]).toEqual(['fr', 'Nouvelle conversation']);
      expect(french.activity).toMatchObject({ type: 'message', locale: 'fr-FR', text: 'Je ne vois pas mes factures' });
      await page.screenshot({ path: screenshotPath('webchat-french') });

      await page.locator('#chat-language').click();
      await page.waitForFunction(() => document.documentElement.lang === 'en');
      expect(await page.locator('#chat-restart').textContent()).toBe('New conversation');
      await page.locator(USER_BUBBLE, { hasText: 'Je ne vois pas mes factures' }).waitFor({ timeout: 20_000 });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('opens in the language of the FAQ widget\'s link (?lang=), whatever the browser, and the toggle still switches', async () => {
    const { context, page, problems } = await openPage('fr-FR', '/?lang=en');
    try {
      const english = await speaksAndSends(page, 'I cannot see my invoices');
      expect([english.lang, english.restart]).toEqual(['en', 'New conversation']);
      expect(english.activity).toMatchObject({ type: 'message', locale: 'en-US', text: 'I cannot see my invoices' });

      await page.locator('#chat-language').click();
      await page.waitForFunction(() => document.documentElement.lang === 'fr');
      expect(await page.locator('#chat-restart').textContent()).toBe('Nouvelle conversation');
      expect(new URL(page.url()).searchParams.get('lang')).toBe('fr');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('starts a new conversation when the kept one no longer exists on the server', async () => {
    const { context, page, problems } = await openPage('en-US');
    try {
      await page.locator(BOT_BUBBLE).first().waitFor({ timeout: 20_000 });
      // A valid token for a conversation the server has never seen (as after a restart).
      const gone = await page.evaluate(async () => {
        const answer = await fetch('/api/directline/token', { method: 'POST' }).then((response) => response.json());
        localStorage.setItem('csp-assistant.conversation', JSON.stringify({
          token: answer.token, conversationId: answer.conversationId, domain: answer.domain, expiresAt: Date.now() + 1_000_000, watermark: '3',
        }));
        return answer.conversationId as string;
      });
      await page.reload();
      await page.waitForFunction((old) => {
        const kept = JSON.parse(localStorage.getItem('csp-assistant.conversation') ?? 'null');
        return kept && kept.conversationId !== old;
      }, gone, { timeout: 20_000 });
      await page.locator(BOT_BUBBLE).first().waitFor({ timeout: 20_000 });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows the bot\'s typing indicator and renders its markdown', async () => {
    const { context, page, problems } = await openPage('en-US');
    try {
      await page.locator(BOT_BUBBLE).first().waitFor({ timeout: 20_000 });
      const kept = await page.evaluate(() => JSON.parse(localStorage.getItem('csp-assistant.conversation') ?? 'null'));
      const reference = {
        channelId: 'directline',
        serviceUrl: app.running().app.directLine.endpoint.serviceUrl(),
        conversation: { id: kept.conversationId, isGroup: false, conversationType: '', name: '' },
        bot: { id: 'csp-assistant', name: 'CSP assistant' },
        user: { id: 'dl_user', name: '' },
      };
      await app.running().app.adapter.continueConversationAsync('', reference, async (turn) => {
        await turn.sendActivity({ type: 'typing' });
      });
      await page.locator('#webchat .webchat__typing-indicator').waitFor({ timeout: 10_000 });
      await page.screenshot({ path: screenshotPath('webchat-typing') });
      await app.running().app.adapter.continueConversationAsync('', reference, async (turn) => {
        await turn.sendActivity('Open **Notification Preferences** and read [the guide](https://supplier.coupahost.com).');
      });
      await page.locator(`${BOT_BUBBLE} strong`, { hasText: 'Notification Preferences' }).waitFor({ timeout: 10_000 });
      expect(await page.locator(`${BOT_BUBBLE} a[href="https://supplier.coupahost.com"]`).count()).toBe(1);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
