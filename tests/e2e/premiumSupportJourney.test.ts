import type { Browser, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../support/app';
import { describeWithBrowser, launchBrowser, screenshotPath } from '../support/browser';
import { addStaff, signInInBrowser } from '../support/staff';

const BOT_BUBBLE = '#webchat .webchat__bubble:not(.webchat__bubble--from-user)';

async function say(page: Page, text: string): Promise<void> {
  const input = page.locator('#webchat [data-id="webchat-sendbox-input"]');
  await input.fill(text);
  await input.press('Enter');
}

/** Waits for a bot bubble containing `pattern` and returns its text. */
async function botSays(page: Page, pattern: RegExp, timeout = 20_000): Promise<string> {
  const handle = await page.waitForFunction(
    ([css, source, flags]) => {
      const re = new RegExp(source, flags);
      const found = Array.from(document.querySelectorAll(css as string)).reverse().find((el) => re.test(el.textContent ?? ''));
      return found?.textContent ?? false;
    },
    [BOT_BUBBLE, pattern.source, pattern.flags] as const,
    { timeout },
  );
  return String(await handle.jsonValue());
}

describeWithBrowser('Premium support end to end in Chromium', () => {
  let running: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    running = await startApp();
    await addStaff(running.app.database);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  it('takes a supplier from web chat to an agent in the console and back to the assistant', async () => {
    const supplier = await (await browser.newContext({ locale: 'en-US' })).newPage();
    const agent = await (await browser.newContext({ locale: 'en-US' })).newPage();

    // The agent signs in first and watches the queue.
    await signInInBrowser(agent, running.url);
    await agent.waitForFunction(() => document.querySelector('#live')?.textContent === 'live');

    // The supplier escalates in the web chat.
    await supplier.goto(`${running.url}/`);
    await supplier.locator(BOT_BUBBLE).first().waitFor({ timeout: 20_000 });
    await say(supplier, 'I want to talk to a human');
    await botSays(supplier, /summary|one line|describe/i);
    await say(supplier, 'My purchase orders vanished from the portal <b>today</b>');
    await botSays(supplier, /e-?mail/i);
    await say(supplier, 'not an email');
    await botSays(supplier, /valid|again|e-?mail/i);
    await say(supplier, 'supplier@example.com');
    await botSays(supplier, /confirm|yes/i);
    // What the supplier typed is echoed as text, never as markup.
    await botSays(supplier, /<b>today<\/b>/);
    await say(supplier, 'yes');
    const withNumber = await botSays(supplier, /PS-\d{6}/);
    const ticketId = /PS-\d{6}/.exec(withNumber)![0];

    // The ticket appears in the console without a reload; what the supplier wrote shows as text.
    const item = agent.locator(`section[data-status="open"] button[data-ticket-id="${ticketId}"]`);
    await item.waitFor({ timeout: 20_000 });
    await item.click();
    await agent.waitForSelector('#ticket:not([hidden])');
    expect(await agent.textContent('#ticket-summary')).toContain('<b>today</b>');
    expect(await agent.textContent('#ticket-contact')).toBe('supplier@example.com');

    // The agent claims and replies; the supplier sees the reply in the same conversation.
    await agent.click('#claim');
    await agent.waitForFunction(() => document.querySelector('#ticket-status')?.textContent === 'claimed');
    await agent.fill('#reply-text', 'Your customer changed your roles; ask your admin to add the invoice role.');
    await agent.click('#reply button[type="submit"]');
    await botSays(supplier, /ask your admin to add the invoice role/);
    await supplier.screenshot({ path: screenshotPath('premium-support-reply') });

    // Resolved: the supplier is told, and the assistant answers the next question again.
    await agent.click('#resolve');
    await agent.waitForFunction(() => document.querySelector('#ticket-status')?.textContent === 'resolved');
    await botSays(supplier, new RegExp(`${ticketId}.*resolved|resolved.*${ticketId}`, 'i'));
    await say(supplier, 'how do I change my bank details');
    await botSays(supplier, /ERP/);
    await agent.screenshot({ path: screenshotPath('premium-support-console') });
  }, 120_000);
});
