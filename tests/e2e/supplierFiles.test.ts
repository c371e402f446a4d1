import type { Browser, Page } from 'playwright-core';
import { axeViolations } from '../support/axe';
import { startApp, type RunningApp } from '../support/app';
import { describeWithBrowser, launchBrowser, screenshotPath } from '../support/browser';
import { noisyPngFile, pngFile } from '../support/files';
import { addStaff, signInInBrowser } from '../support/staff';

const BOT_BUBBLE = '#webchat .webchat__bubble:not(.webchat__bubble--from-user)';
const USER_BUBBLE = '#webchat .webchat__bubble--from-user';

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

/** Attaches a file with Web Chat's attach button (its file input), as a supplier picking a screenshot does. */
async function attach(page: Page, name: string, mimeType: string, buffer: Buffer): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('#webchat .webchat__upload-button button').click()]);
  await chooser.setFiles({ name, mimeType, buffer });
}

describeWithBrowser('Files from the supplier in Chromium: web chat’s attach button to the agent’s console', () => {
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

  it('attaches a PNG through Web Chat, escalates, and the agent sees the screenshot on the ticket', async () => {
    // Like a real screenshot: about 1 MB that compresses badly, so Web Chat's own thumbnail of it is large too.
    const screenshot = noisyPngFile(640, 360);
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 }, bypassCSP: false });
    const supplier = await context.newPage();
    const pageErrors: string[] = [];
    supplier.on('pageerror', (error) => pageErrors.push(error.message));
    await supplier.goto(`${running.url}/?lang=en`);
    await supplier.locator(BOT_BUBBLE).first().waitFor({ timeout: 20_000 });

    await attach(supplier, 'error screen.png', 'image/png', screenshot);
    await botSays(supplier, /File received: “error screen\.png”/);
    // The supplier's own bubble shows the picture the server serves back (not only a local preview).
    const thumbnail = supplier.locator(`${USER_BUBBLE} img`).last();
    await thumbnail.waitFor({ timeout: 10_000 });
    await supplier.waitForFunction((css) => {
      const images = Array.from(document.querySelectorAll<HTMLImageElement>(css));
      const last = images[images.length - 1];
      return Boolean(last && last.complete && last.naturalWidth === 640 && /\/v3\/directline\/conversations\/.+\/attachments\/att_/.test(last.currentSrc));
    }, `${USER_BUBBLE} img`);
    // Web Chat scrolls new messages in with an animation: let it end before the picture.
    await supplier.waitForTimeout(800);
    await supplier.screenshot({ path: screenshotPath('supplier-files-chat-desktop') });
    expect(pageErrors).toEqual([]);

    // Escalation after the file: the ticket has it all the same.
    await say(supplier, 'I want to talk to a human');
    await botSays(supplier, /summary|one line|describe/i);
    await say(supplier, 'The invoice page shows an error, see my screenshot');
    await botSays(supplier, /e-?mail/i);
    await say(supplier, 'supplier@example.com');
    await botSays(supplier, /confirm|yes/i);
    await say(supplier, 'yes');
    const ticketId = /PS-\d{6}/.exec(await botSays(supplier, /PS-\d{6}/))![0];

    const agentContext = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 }, bypassCSP: true });
    const agent = await agentContext.newPage();
    await signInInBrowser(agent, running.url);
    const item = agent.locator(`section[data-status="open"] button[data-ticket-id="${ticketId}"]`);
    await item.waitFor({ timeout: 20_000 });
    await item.click();
    await agent.waitForSelector('#ticket-files img.preview');
    await agent.waitForFunction(() => {
      const image = document.querySelector<HTMLImageElement>('#ticket-files img.preview');
      return Boolean(image && image.complete && image.naturalWidth === 640);
    });
    expect(await agent.textContent('#ticket-files .file-link')).toBe('error screen.png');
    expect(await agent.getAttribute('#ticket-files img.preview', 'alt')).toBe('Preview: error screen.png');
    await agent.locator('#ticket-files').scrollIntoViewIfNeeded();
    await agent.screenshot({ path: screenshotPath('supplier-files-console-desktop') });
    expect(await axeViolations(agent)).toEqual([]);

    await agent.setViewportSize({ width: 390, height: 844 });
    await agent.locator('#ticket-files').scrollIntoViewIfNeeded();
    await agent.screenshot({ path: screenshotPath('supplier-files-console-phone') });
    expect(await axeViolations(agent)).toEqual([]);
    await agentContext.close();

    // The chat at phone width, with the upload in it; axe on the chat (the page's CSP is bypassed for axe only).
    const phoneContext = await browser.newContext({ locale: 'fr-FR', viewport: { width: 390, height: 844 }, bypassCSP: true });
    const phone = await phoneContext.newPage();
    await phone.goto(`${running.url}/?lang=fr`);
    await phone.locator(BOT_BUBBLE).first().waitFor({ timeout: 20_000 });
    await attach(phone, 'capture.png', 'image/png', pngFile(200, 300, [200, 60, 40]));
    await botSays(phone, /Fichier reçu\u00a0: «\u00a0capture\.png\u00a0»/);
    await phone.waitForFunction((css) => {
      const images = Array.from(document.querySelectorAll<HTMLImageElement>(css));
      const last = images[images.length - 1];
      return Boolean(last && last.complete && last.naturalWidth === 200);
    }, `${USER_BUBBLE} img`);
    await phone.waitForTimeout(800);
    await phone.screenshot({ path: screenshotPath('supplier-files-chat-phone') });
    expect(await axeViolations(phone)).toEqual([]);
    await phone.setViewportSize({ width: 1280, height: 800 });
    expect(await axeViolations(phone)).toEqual([]);
    await phone.setViewportSize({ width: 390, height: 844 });

    // A file that is not an image or a PDF, whatever its name, is refused and the chat says why.
    await attach(phone, 'facture.pdf', 'application/pdf', Buffer.from('<html><script>alert(1)</script></html>'));
    await botSays(phone, /seuls les fichiers PNG, JPEG ou PDF sont acceptés/);
    await phoneContext.close();

    await context.close();
  }, 180_000);
});
