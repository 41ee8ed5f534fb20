import { REPO_ROOT } from '@regicam/testing/servers';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

export const SCREENSHOTS = join(REPO_ROOT, 'dist', 'e2e-screenshots');

/** What a page did that it must not: a script blocked by the Content-Security-Policy, an error, a dialog. */
export type Misdeeds = { csp: string[]; errors: string[]; dialogs: string[] };

/** Records a page's CSP refusals, uncaught errors and dialogs (`alert` from injected markup), dismissing dialogs. */
export function watch(page: Page): Misdeeds {
  const seen: Misdeeds = { csp: [], errors: [], dialogs: [] };
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.csp.push(m.text());
  });
  page.on('pageerror', (e) => seen.errors.push(e.message));
  page.on('dialog', (d) => {
    seen.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  return seen;
}

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] };

/**
 * Runs axe-core in the page (evaluated through the browser's protocol, so
 * the page's CSP does not stop it) against WCAG 2.1 A and AA, and fails
 * with the serious and critical violations, each with where it is.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: unknown[] }> } }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return result.violations as AxeViolation[];
  });
  const bad = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  if (bad.length > 0) throw new Error(`${screen}: axe-core found\n${bad.join('\n')}`);
}

/** Saves a full-page screenshot as dist/e2e-screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
