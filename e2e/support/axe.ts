import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Page } from 'playwright-core';

import { ROOT } from './service-process';

/** The browser build of axe-core, from node_modules (nothing is fetched). */
const AXE_SCRIPT = join(ROOT, 'node_modules/axe-core/axe.min.js');

/** The impacts that fail a scan: `minor` and `moderate` findings are reported, not failed. */
const FAILING = new Set(['serious', 'critical']);

interface AxeNode {
  target: unknown[];
  failureSummary?: string;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

// axe's global in the page (this tsconfig has no DOM types).
declare const axe: {
  run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }>;
};
declare const document: {
  getAnimations(): { playState: string; effect: { getTiming(): { iterations?: number } } | null }[];
};

/**
 * Runs axe-core on the page once its animations are over (colours sampled mid-fade, or a snack
 * bar before it moved its text to the live region, are not what the user gets), with the WCAG 2.x
 * A and AA rules and axe's best practices.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
  );
  // The snack bar moves its text into its live region 150 ms after it opens.
  await page.waitForTimeout(200);
  if (!(await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe !== 'undefined'))) {
    // Evaluated, not added as a <script>: the app's Content-Security-Policy refuses inline scripts.
    await page.evaluate(readFileSync(AXE_SCRIPT, 'utf8'));
  }
  const result = await page.evaluate(() =>
    axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    }),
  );
  return result.violations;
}

/** One line per failing rule and element: the rule, its impact, the element and what to fix. */
export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations
    .flatMap((v) =>
      v.nodes.map(
        (n) =>
          `${v.impact} ${v.id} (${v.help}) at ${JSON.stringify(n.target)}: ` +
          (n.failureSummary ?? '').replace(/\s+/g, ' ').trim(),
      ),
    )
    .join('\n');
}

/**
 * Fails, listing them, when axe finds `serious` or `critical` violations on the page; `where`
 * names the screen in the message. Resolves with every violation, the lesser ones too.
 */
export async function expectAccessible(page: Page, where: string): Promise<AxeViolation[]> {
  const violations = await axeViolations(page);
  const failing = violations.filter((v) => FAILING.has(v.impact ?? ''));
  if (failing.length > 0) {
    throw new Error(
      `${where}: ${failing.length} rule(s) with serious or critical accessibility violations:\n${describeViolations(failing)}`,
    );
  }
  return violations;
}
