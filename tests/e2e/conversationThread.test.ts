import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createApp, type App } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { createLogger } from '../../bot/logger';
import { listen } from '../../bot/server';
import { startApp, type RunningApp } from '../support/app';
import { axeViolations } from '../support/axe';
import { describeWithBrowser, launchBrowser, screenshotPath } from '../support/browser';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';
import { newTicket } from '../bot/handoff/fixtures';

/**
 * Issue 17: one conversation per supplier, not per tab. New tabs, the FAQ widget's chat link, a
 * browser closed past the token's lifetime and the follow-up e-mail's link all land in the
 * supplier's one conversation; "New conversation" asks first while a ticket is open.
 */

const BOT_BUBBLE = '#webchat .webchat__bubble:not(.webchat__bubble--from-user)';
const USER_BUBBLE = '#webchat .webchat__bubble--from-user';
const KEY = 'csp-assistant.conversation';

async function say(page: Page, text: string): Promise<void> {
  const input = page.locator('#webchat [data-id="webchat-sendbox-input"]');
  await input.fill(text);
  await input.press('Enter');
}

async function kept(page: Page): Promise<{ conversationId: string; token: string; expiresAt: number; resumeToken: string; resumeExpiresAt: number }> {
  return page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null'), KEY);
}

/** The conversation a page shows, once it is connected. */
async function connectedConversation(page: Page): Promise<string> {
  await page.locator(BOT_BUBBLE).first().waitFor({ timeout: 20_000 });
  return (await kept(page)).conversationId;
}

describeWithBrowser('one conversation per supplier in Chromium', () => {
  let running: RunningApp;
  let smtp: TestSmtpServer;
  let browser: Browser;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    running = await startApp({ SMTP_URL: smtp.url, SMTP_FROM: 'support@csp-assistant.example' }, { handoff: { email: { pollIntervalMs: 100, baseDelayMs: 200 } } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    await smtp?.close();
  });

  async function context(locale = 'fr-FR', width = 1280, height = 800): Promise<BrowserContext> {
    return browser.newContext({ locale, viewport: { width, height }, bypassCSP: true });
  }

  /** Opens a ticket on the conversation, as the escalation dialog does. */
  async function openTicket(conversationId: string, userId: string, language: 'fr' | 'en', contact: string) {
    return running.app.handoff.openTicket(
      newTicket({
        conversationId,
        channelId: 'directline',
        userId,
        language,
        contact,
        conversationReference: {
          channelId: 'directline',
          serviceUrl: running.app.directLine.endpoint.serviceUrl(),
          conversation: { id: conversationId, isGroup: false, conversationType: '', name: '' },
          bot: { id: 'csp-assistant', name: 'CSP assistant' },
          user: { id: userId, name: '' },
          locale: language === 'fr' ? 'fr-FR' : 'en-US',
        },
      }),
    );
  }

  const userOf = (token: string) => String((JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { user: string }).user);

  it('keeps one live conversation across tabs and the FAQ widget\'s chat link', async () => {
    const ctx = await context('en-US');
    try {
      const first = await ctx.newPage();
      await first.goto(`${running.url}/?lang=en`);
      const conversationId = await connectedConversation(first);
      // A second tab: the same conversation, and both stay live (each has its own stream).
      const second = await ctx.newPage();
      await second.goto(`${running.url}/?lang=en`);
      expect(await connectedConversation(second)).toBe(conversationId);
      await say(second, 'how do I change my bank details');
      await first.locator(USER_BUBBLE, { hasText: 'how do I change my bank details' }).waitFor({ timeout: 20_000 });
      await first.locator(BOT_BUBBLE, { hasText: /ERP/ }).first().waitFor({ timeout: 20_000 });
      await say(first, 'thanks');
      await second.locator(USER_BUBBLE, { hasText: 'thanks' }).waitFor({ timeout: 20_000 });

      // The widget's "chat with the assistant" link opens a tab on the same conversation, with its history.
      const widget = await ctx.newPage();
      await widget.goto(`${running.url}/widget?lang=en`);
      const link = widget.locator('.csp-faq__chat-link').first();
      await link.waitFor({ timeout: 20_000 });
      const [fromWidget] = await Promise.all([ctx.waitForEvent('page'), link.click()]);
      await fromWidget.waitForLoadState();
      expect(await connectedConversation(fromWidget)).toBe(conversationId);
      await fromWidget.locator(USER_BUBBLE, { hasText: 'how do I change my bank details' }).waitFor({ timeout: 20_000 });
    } finally {
      await ctx.close();
    }
  }, 90_000);

  it('comes back to the conversation after the browser was closed past the token\'s lifetime, never keeping an expired token', async () => {
    const ctx = await context('fr-FR');
    let storage: Awaited<ReturnType<BrowserContext['storageState']>>;
    let conversationId: string;
    try {
      const page = await ctx.newPage();
      await page.goto(`${running.url}/?lang=fr`);
      conversationId = await connectedConversation(page);
      await say(page, 'mot de passe oublié');
      await page.locator(USER_BUBBLE, { hasText: 'mot de passe oublié' }).waitFor({ timeout: 20_000 });
      // Closed for the night: the conversation token has expired by the time the browser opens again.
      await page.evaluate((key) => {
        const entry = JSON.parse(localStorage.getItem(key)!);
        entry.expiresAt = Date.now() - 1000;
        localStorage.setItem(key, JSON.stringify(entry));
      }, KEY);
      storage = await ctx.storageState();
    } finally {
      await ctx.close();
    }
    const reopened = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 800 }, storageState: storage });
    try {
      const page = await reopened.newPage();
      const resumed = page.waitForResponse((response) => response.url().endsWith('/api/directline/resume'));
      await page.goto(`${running.url}/`);
      expect((await resumed).status()).toBe(200);
      expect(await connectedConversation(page)).toBe(conversationId);
      await page.locator(USER_BUBBLE, { hasText: 'mot de passe oublié' }).waitFor({ timeout: 20_000 });
      const entry = await kept(page);
      expect(entry.expiresAt).toBeGreaterThan(Date.now());
      expect(entry.resumeExpiresAt).toBeGreaterThan(Date.now() + 6 * 24 * 3600 * 1000);
    } finally {
      await reopened.close();
    }
  }, 60_000);

  it.each([
    ['fr-FR', 'fr', 1280, 800],
    ['en-US', 'en', 390, 844],
  ] as const)('asks before leaving a conversation with an open ticket (%s, %s, %i px), and not without one', async (locale, lang, width, height) => {
    const ctx = await context(locale, width, height);
    try {
      const page = await ctx.newPage();
      await page.goto(`${running.url}/?lang=${lang}`);
      const first = await connectedConversation(page);
      // No ticket: "New conversation" starts over at once.
      await page.click('#chat-restart');
      await page.waitForFunction(([key, old]) => {
        const entry = JSON.parse(localStorage.getItem(key) ?? 'null');
        return entry && entry.conversationId !== old;
      }, [KEY, first] as const, { timeout: 20_000 });
      const withTicket = await connectedConversation(page);
      const ticket = await openTicket(withTicket, userOf((await kept(page)).token), lang, 'supplier@example.com');

      // A ticket: a modal dialog asks, naming it; Escape keeps the conversation and focus returns.
      await page.click('#chat-restart');
      const dialog = page.locator('#chat-confirm');
      await dialog.waitFor({ state: 'visible' });
      expect(await page.locator('#chat-confirm-text').textContent()).toContain(ticket.id);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('chat-confirm-stay');
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: screenshotPath(`webchat-restart-confirm-${lang}-${width}`) });
      if (lang === 'fr') {
        expect(await page.locator('#chat-confirm-title').textContent()).toBe('Commencer une nouvelle conversation\u00a0?');
      } else {
        expect(await page.locator('#chat-confirm-title').textContent()).toBe('Start a new conversation?');
      }
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('chat-restart');
      expect((await kept(page)).conversationId).toBe(withTicket);
      // "Stay" keeps it too.
      await page.click('#chat-restart');
      await page.click('#chat-confirm-stay');
      await dialog.waitFor({ state: 'hidden' });
      expect((await kept(page)).conversationId).toBe(withTicket);
      // Confirmed: a new conversation.
      await page.click('#chat-restart');
      await page.click('#chat-confirm-leave');
      await page.waitForFunction(([key, old]) => {
        const entry = JSON.parse(localStorage.getItem(key) ?? 'null');
        return entry && entry.conversationId !== old;
      }, [KEY, withTicket] as const, { timeout: 20_000 });
      await connectedConversation(page);
    } finally {
      await ctx.close();
    }
  }, 90_000);

  it('reopens the conversation from the follow-up e-mail\'s link in another browser, and shows the agent\'s reply', async () => {
    const supplierCtx = await context('en-US');
    let conversationId: string;
    let ticketId: string;
    try {
      const page = await supplierCtx.newPage();
      await page.goto(`${running.url}/?lang=en`);
      conversationId = await connectedConversation(page);
      await say(page, 'my purchase orders vanished');
      await page.locator(USER_BUBBLE, { hasText: 'my purchase orders vanished' }).waitFor({ timeout: 20_000 });
      ticketId = (await openTicket(conversationId, userOf((await kept(page)).token), 'en', 'left@example.com')).id;
    } finally {
      // The supplier leaves: the tab (and its stream) closes.
      await supplierCtx.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = smtp.received.length;
    await running.app.handoff.reply(ticketId, { id: 'agent@example.com', name: 'Alice Agent' }, 'Your customer changed your roles: ask your admin.');
    const mail = (await smtp.waitFor(before + 1)).find((received) => received.to.includes('left@example.com'))!;
    const link = /^http:\/\/\S+#resume=\S+$/m.exec(mail.parsed.text ?? '')![0];

    // The e-mail as a mail client shows its HTML part: readable at both widths, no accessibility faults.
    const reader = await context('en-US');
    try {
      const page = await reader.newPage();
      await page.setContent(String(mail.parsed.html));
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: screenshotPath('email-follow-up-1280'), fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: screenshotPath('email-follow-up-390'), fullPage: true });
      expect(await page.locator('a', { hasText: 'Pick up the conversation' }).getAttribute('href')).toBe(link);
    } finally {
      await reader.close();
    }

    // Opened on another device (an empty browser): the very conversation, with the reply.
    const elsewhere = await context('en-US');
    try {
      const page = await elsewhere.newPage();
      await page.goto(link);
      expect(await connectedConversation(page)).toBe(conversationId);
      await page.locator(BOT_BUBBLE, { hasText: 'ask your admin' }).waitFor({ timeout: 20_000 });
      await page.locator(USER_BUBBLE, { hasText: 'my purchase orders vanished' }).waitFor({ timeout: 20_000 });
      // The resume token left the address bar at once; the conversation is now this browser's.
      expect(new URL(page.url()).hash).toBe('');
      expect((await kept(page)).conversationId).toBe(conversationId);
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: screenshotPath('webchat-email-link-1280') });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: screenshotPath('webchat-email-link-390') });
    } finally {
      await elsewhere.close();
    }
  }, 90_000);

  it('says so when the e-mail\'s link can no longer be used, and offers a conversation', async () => {
    const ctx = await context('fr-FR');
    try {
      const page = await ctx.newPage();
      await page.goto(`${running.url}/?lang=fr#resume=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.invalid`);
      await connectedConversation(page);
      await page.locator('#chat-status', { hasText: 'Ce lien ne permet plus de rouvrir la conversation' }).waitFor({ timeout: 20_000 });
      expect(new URL(page.url()).hash).toBe('');
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await ctx.close();
    }
  }, 60_000);
});

describeWithBrowser('the supplier\'s conversation across a server restart', () => {
  it('finds the same conversation, with its history, when the server comes back on the same address', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-restart-'));
    const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir });
    const logger = createLogger('silent');
    const stop = async (app: App) => {
      await app.close();
      app.server.server.closeAllConnections();
      await new Promise<void>((resolve) => app.server.close(() => resolve()));
    };
    let app = await createApp(config, logger);
    const port = await listen(app.server, 0, '127.0.0.1');
    const browser = await launchBrowser();
    try {
      const ctx = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
      const page = await ctx.newPage();
      await page.goto(`http://127.0.0.1:${port}/?lang=en`);
      const conversationId = await connectedConversation(page);
      await say(page, 'how do I change my bank details');
      await page.locator(BOT_BUBBLE, { hasText: /ERP/ }).first().waitFor({ timeout: 20_000 });
      await stop(app);
      app = await createApp(config, logger);
      await listen(app.server, port, '127.0.0.1');
      await page.reload();
      expect(await connectedConversation(page)).toBe(conversationId);
      await page.locator(USER_BUBBLE, { hasText: 'how do I change my bank details' }).waitFor({ timeout: 20_000 });
      await say(page, 'thanks');
      await page.locator(USER_BUBBLE, { hasText: 'thanks' }).waitFor({ timeout: 20_000 });
      await ctx.close();
    } finally {
      await browser.close();
      await stop(app);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
