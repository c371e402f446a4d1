import type { Page } from 'playwright-core';
import type { Language } from '../../knowledge';
import { startApp } from '../support/app';
import { axeViolations } from '../support/axe';
import { describeWithBrowser, useAppInBrowser } from '../support/browser';

/** Screenshots to look at, never committed. */
const SHOTS = '/tmp/csp-widget-suggestions';

// Questions the search is unsure about (queries.json / the generalisation set's tuning part).
const UNSURE: Record<Language, { q: string; entryId: string; title: string }> = {
  en: { q: 'self help resources', entryId: 'help-resources', title: 'Possible matches' },
  fr: { q: 'un autre client coupa veut travailler avec moi', entryId: 'connect-new-customer', title: 'Correspondances possibles' },
};
const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const;

async function typeQuery(page: Page, text: string): Promise<void> {
  const input = page.getByRole('combobox');
  await input.fill('');
  await input.pressSequentially(text, { delay: 10 });
}

describeWithBrowser('FAQ widget › possible matches when the search is not sure', () => {
  const env = useAppInBrowser(() => startApp());

  describe.each(['en', 'fr'] as const)('in %s', (lang) => {
    const unsure = UNSURE[lang];

    it.each(Object.keys(VIEWPORTS) as (keyof typeof VIEWPORTS)[])(
      'shows them under the results at %s width, accessibly, and opens one taken, recording it for the staff',
      async (viewport) => {
        const page = await env.browser().newPage({ viewport: VIEWPORTS[viewport], bypassCSP: true });
        try {
          await page.goto(`${env.running().url}/widget?lang=${lang}`);
          await typeQuery(page, unsure.q);
          const possible = page.getByRole('region', { name: unsure.title });
          await possible.waitFor({ state: 'visible' });
          const question = (await (await fetch(`${env.running().url}/api/faq/${unsure.entryId}?lang=${lang}`)).json()).question as string;
          const match = possible.getByRole('button', { name: question });
          expect(await possible.getByRole('button').count()).toBeGreaterThanOrEqual(1);
          expect(await match.count()).toBe(1);
          // Under the results, not over them.
          const list = (await page.locator('.csp-faq__list').boundingBox())!;
          expect((await possible.boundingBox())!.y).toBeGreaterThanOrEqual(list.y + list.height - 1);
          expect(await axeViolations(page)).toEqual([]);
          await page.screenshot({ path: `${SHOTS}-${lang}-${viewport}.png`, fullPage: true });

          const before = (await env.running().app.suggestions.store.candidates(unsure.entryId)).find((c) => c.lang === lang)?.accepted ?? 0;
          const posted = page.waitForResponse((response) => response.url().endsWith(`/api/faq/${unsure.entryId}/suggestion`));
          await match.click();
          expect((await posted).status()).toBe(204);
          const answer = page.locator('.csp-faq__answer');
          await answer.waitFor({ state: 'visible' });
          expect(await answer.getAttribute('data-id')).toBe(unsure.entryId);
          expect(await page.locator('.csp-faq__answer-title').textContent()).toBe(question);
          expect(await possible.isVisible()).toBe(false);
          const after = (await env.running().app.suggestions.store.candidates(unsure.entryId)).find((c) => c.lang === lang);
          expect(after).toMatchObject({ accepted: before + 1, text: unsure.q });
          expect(await axeViolations(page)).toEqual([]);
          await page.screenshot({ path: `${SHOTS}-${lang}-${viewport}-taken.png`, fullPage: true });
        } finally {
          await page.close();
        }
      },
    );
  });

  it('shows none when the search is sure, and hides them once the query is cleared', async () => {
    const page = await env.browser().newPage({ viewport: VIEWPORTS.desktop });
    try {
      await page.goto(`${env.running().url}/widget?lang=en`);
      await typeQuery(page, UNSURE.en.q);
      const possible = page.locator('.csp-faq__possible');
      await possible.waitFor({ state: 'visible' });
      await typeQuery(page, 'changer mon RIB');
      await possible.waitFor({ state: 'hidden' });
      await page.getByRole('listbox').waitFor({ state: 'visible' });
      await typeQuery(page, UNSURE.en.q);
      await possible.waitFor({ state: 'visible' });
      await page.getByRole('combobox').fill('');
      await page.getByRole('combobox').dispatchEvent('input');
      await possible.waitFor({ state: 'hidden' });
    } finally {
      await page.close();
    }
  });
});
