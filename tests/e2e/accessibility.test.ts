import type { Page } from 'playwright-core';
import { startApp } from '../support/app';
import { axeViolations } from '../support/axe';
import { describeWithBrowser, screenshotPath, useAppInBrowser } from '../support/browser';
import { addStaff, signInInBrowser } from '../support/staff';

const WIDTHS = [
  ['desktop', 1280, 800],
  ['phone', 390, 844],
] as const;

/** What a page needs before it is judged: open, in its final state (answers shown, data loaded). */
interface Visit {
  name: string;
  /** Pages a supplier sees must fit the screen: nothing wider than the viewport. */
  supplier: boolean;
  open(page: Page, url: string): Promise<void>;
}

const VISITS: Visit[] = [
  {
    name: 'chat-fr',
    supplier: true,
    open: async (page, url) => {
      await page.goto(`${url}/?lang=fr`);
      await page.locator('.ac-pushButton').first().waitFor();
    },
  },
  {
    name: 'chat-en-answer',
    supplier: true,
    open: async (page, url) => {
      await page.goto(`${url}/?lang=en`);
      await page.locator('.ac-pushButton').first().waitFor();
      await page.getByRole('textbox').fill('how do I turn on two-factor authentication');
      await page.keyboard.press('Enter');
      await page.locator('p', { hasText: /Was this answer helpful\?/ }).first().waitFor();
    },
  },
  {
    name: 'widget-fr-answer',
    supplier: true,
    open: async (page, url) => {
      await page.goto(`${url}/widget?lang=fr`);
      await page.getByRole('combobox').fill('activer 2fa');
      await page.locator('.csp-faq__option').first().waitFor();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.locator('.csp-faq__answer').waitFor({ state: 'visible' });
    },
  },
  {
    name: 'staff-sign-in',
    supplier: false,
    open: async (page, url) => {
      await page.goto(`${url}/staff/sign-in`);
    },
  },
  {
    name: 'staff-console',
    supplier: false,
    open: async (page, url) => {
      await page.goto(`${url}/staff`);
      await page.locator('main').waitFor();
    },
  },
  {
    name: 'staff-analytics',
    supplier: false,
    open: async (page, url) => {
      await page.goto(`${url}/staff/analytics`);
      await page.locator('main').waitFor();
      await page.waitForLoadState('networkidle');
    },
  },
  {
    name: 'staff-knowledge',
    supplier: false,
    open: async (page, url) => {
      await page.goto(`${url}/staff/knowledge`);
      await page.locator('#entries tr[data-id]').first().waitFor();
    },
  },
];

/**
 * Every page a supplier or an agent looks at, at desktop and phone width: axe-core (WCAG 2.1 A and
 * AA) finds nothing, supplier pages fit the screen, and a screenshot of each is kept to be looked at
 * (tests/e2e/screenshots/a11y-*.png).
 */
describeWithBrowser('Every page, desktop and phone: accessibility', () => {
  const app = useAppInBrowser(async () => {
    const running = await startApp();
    await addStaff(running.app.database);
    return running;
  });

  describe.each(WIDTHS)('%s (%i×%i)', (label, width, height) => {
    let page: Page;
    beforeAll(async () => {
      // bypassCSP: axe-core is injected as a script.
      page = await app.browser().newPage({ viewport: { width, height }, bypassCSP: true });
      await signInInBrowser(page, app.running().url);
    });
    afterAll(() => page.close());

    it.each(VISITS.map((visit) => [visit.name, visit] as const))('%s', async (name, visit) => {
      await visit.open(page, app.running().url);
      await page.screenshot({ path: screenshotPath(`a11y-${name}-${label}`), fullPage: true });
      expect(await axeViolations(page)).toEqual([]);
      if (visit.supplier) {
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      }
    });
  });
});
