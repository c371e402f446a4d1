import { describeWithBrowser, screenshotPath, useAppInBrowser } from '../support/browser';

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

function overlap(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

describeWithBrowser('web chat page on a phone', () => {
  const app = useAppInBrowser();

  // At 390 px the title shrank beside the two buttons until "Supplier" ran over
  // « Nouvelle conversation » (the buttons stayed clickable, the header did not read).
  it.each([
    ['fr', 390],
    ['en', 390],
    ['fr', 320],
  ])('%s at %i px: the header\'s title and buttons do not overlap', async (lang, width) => {
    const page = await app.browser().newPage({ viewport: { width, height: 844 } });
    try {
      await page.goto(`${app.running().url}/?lang=${lang}`);
      await page.waitForFunction((expected) => document.documentElement.lang === expected, lang);
      const boxes = await page.evaluate(() =>
        ['.chat__title', '#chat-restart', '#chat-language'].map((css) => {
          const { left, top, right, bottom } = document.querySelector(css)!.getBoundingClientRect();
          return { left, top, right, bottom };
        }),
      );
      const [title, restart, language] = boxes as [Box, Box, Box];
      await page.screenshot({ path: screenshotPath(`webchat-header-${lang}-${width}`), clip: { x: 0, y: 0, width, height: 160 } });
      expect([overlap(title, restart), overlap(title, language), overlap(restart, language)]).toEqual([false, false, false]);
      expect(await page.evaluate(() => {
        const element = document.querySelector('.chat__title')!;
        return element.scrollWidth <= element.clientWidth;
      })).toBe(true);
      for (const box of boxes) expect(box.right).toBeLessThanOrEqual(width);
    } finally {
      await page.close();
    }
  });

  // Adaptive Cards cuts a button's label with an ellipsis: at 320 px the menu read
  // "Authentification à deux facte…" and "Accès aux BC/factures, emp…".
  it.each(['fr', 'en'])('%s at 320 px: every menu button shows its whole label', async (lang) => {
    const page = await app.browser().newPage({ viewport: { width: 320, height: 640 } });
    try {
      await page.goto(`${app.running().url}/?lang=${lang}`);
      await page.locator('.ac-pushButton').first().waitFor();
      const cut = await page.evaluate(() =>
        Array.from(document.querySelectorAll('.ac-pushButton > div'))
          .filter((label) => label.scrollWidth > label.clientWidth)
          .map((label) => label.textContent),
      );
      expect(await page.locator('.ac-pushButton').count()).toBeGreaterThanOrEqual(4);
      expect(cut).toEqual([]);
      await page.screenshot({ path: screenshotPath(`webchat-menu-${lang}-320`) });
    } finally {
      await page.close();
    }
  });
});
