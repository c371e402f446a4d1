import type { Browser, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../support/app';
import { describeWithBrowser, launchBrowser, screenshotPath } from '../support/browser';
import { addStaff, signInInBrowser } from '../support/staff';
import { newTicket } from '../bot/handoff/fixtures';

describeWithBrowser('Staff console in Chromium', () => {
  let running: RunningApp;
  let browser: Browser;
  let page: Page;
  let sent: Array<{ conversationId?: string; text: string }>;

  beforeAll(async () => {
    sent = [];
    running = await startApp(
      {},
      { handoff: { send: async (reference, text) => void sent.push({ conversationId: reference.conversation?.id, text }) } },
    );
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

  async function signInAsAgent(): Promise<void> {
    await signInInBrowser(page, running.url);
    await page.waitForSelector('#live.on');
  }

  const queueItem = (status: string, ticketId: string) => page.locator(`section[data-status="${status}"] button[data-ticket-id="${ticketId}"]`);

  it('shows a new ticket live, then lets the agent claim, reply and resolve it', async () => {
    await signInAsAgent();
    await page.waitForFunction(() => document.querySelector('#live')?.textContent === 'live');

    const ticket = await running.app.handoff.openTicket(newTicket({ summary: 'Cannot see my invoices', language: 'en' }));
    await queueItem('open', ticket.id).waitFor();
    expect(await queueItem('open', ticket.id).textContent()).toContain('Cannot see my invoices');

    await queueItem('open', ticket.id).click();
    await page.waitForSelector('#ticket:not([hidden])');
    expect(await page.textContent('#ticket-id')).toBe(ticket.id);
    expect(await page.textContent('#ticket-contact')).toBe('supplier@example.com');
    expect(await page.textContent('#ticket-language')).toBe('en');
    expect(await page.textContent('#ticket-tried')).toContain('missing-customer-tab');
    expect(await page.textContent('#ticket-transcript')).toContain("l'onglet client a disparu");

    await page.click('#claim');
    await queueItem('claimed', ticket.id).waitFor();
    await page.waitForFunction(() => document.querySelector('#ticket-status')?.textContent === 'claimed');

    // The supplier writes while the ticket is claimed: it appears without reload.
    await running.app.handoff.addUserMessage(ticket.id, 'Any news?');
    await page.waitForFunction(() => document.querySelector('#ticket-messages')?.textContent?.includes('Any news?'));

    await page.fill('#reply-text', 'Please sign out and in again.');
    await page.click('#reply button[type="submit"]');
    await page.waitForFunction(() => document.querySelector('#ticket-messages')?.textContent?.includes('Please sign out and in again.'));
    expect(sent).toContainEqual({ conversationId: ticket.conversationId, text: 'Premium support (Alice Agent): Please sign out and in again.' });

    await page.click('#resolve');
    await queueItem('resolved', ticket.id).waitFor();
    await page.waitForFunction(() => document.querySelector('#ticket-status')?.textContent === 'resolved');
    expect(await page.isHidden('#reply')).toBe(true);
    expect((await running.app.handoff.detail(ticket.id))?.status).toBe('resolved');
    expect(sent.at(-1)?.text).toContain(`${ticket.id} as resolved`);
    await page.screenshot({ path: screenshotPath('staff-console-resolved') });
  });

  it('shows a summary and messages containing markup as text, never running them', async () => {
    await signInAsAgent();
    const hostile = '<script>window.__pwned = true</script><img src=x onerror="window.__pwned = true">';
    const ticket = await running.app.handoff.openTicket(newTicket({ summary: hostile }));
    await running.app.handoff.addUserMessage(ticket.id, hostile);
    await queueItem('open', ticket.id).waitFor();
    await queueItem('open', ticket.id).click();
    await page.waitForFunction(() => document.querySelector('#ticket-messages li') !== null);
    expect(await page.textContent('#ticket-summary')).toBe(hostile);
    expect(await page.textContent('#ticket-messages .body')).toBe(hostile);
    expect(await page.locator('#ticket script, #ticket img, #queue script, #queue img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
  });

  it('signs the agent out back to the sign-in page', async () => {
    await signInAsAgent();
    await Promise.all([page.waitForURL(/\/staff\/sign-in$/), page.click('#sign-out')]);
    await page.goto(`${running.url}/staff`);
    expect(page.url()).toMatch(/\/staff\/sign-in$/);
  });
});
