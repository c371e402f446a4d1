import path from 'node:path';
import type { Page } from 'playwright-core';

/** axe-core's browser bundle (a dev dependency, pinned). */
const AXE_SCRIPT = path.join(path.dirname(require.resolve('axe-core/package.json')), 'axe.min.js');

/** One accessibility rule broken, as axe reports it, with the elements at fault. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core (WCAG 2 A and AA rules) on the page, or on the elements `include` selects, and
 * returns what it finds broken. The page must be opened with `bypassCSP: true`: the script is injected.
 */
export async function axeViolations(page: Page, include?: string): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: AXE_SCRIPT });
  return page.evaluate(async (selector) => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: any[] }> } }).axe;
    const result = await axe.run(selector ? { include: [selector] } : document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? null,
      help: violation.help,
      targets: violation.nodes.map((node: { target: string[] }) => node.target.join(' ')),
    }));
  }, include);
}
