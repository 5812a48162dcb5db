/**
 * axe-core (the npm package, never a CDN) run inside the page. Its source goes in as an inline script,
 * so the browser context must be created with `bypassCSP: true`: the app's own CSP allows no inline
 * script, which is right for the app and would block the checker.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

export type Impact = 'minor' | 'moderate' | 'serious' | 'critical';

export interface Violation {
  readonly id: string;
  readonly impact: Impact | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly unknown[]; readonly failureSummary?: string }[];
}

interface AxeGlobal {
  readonly axe?: {
    run(context: unknown, options: object): Promise<{ violations: Violation[] }>;
  };
  readonly document: unknown;
}

let source: string | undefined;

async function axeSource(): Promise<string> {
  const path = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  source ??= await readFile(path, 'utf8');
  return source;
}

/**
 * The serious and critical violations on the page as it is now (injecting axe on first use); with
 * `include`, only within the elements those selectors match (one feature's part of the page).
 */
export async function seriousViolations(page: Page, include?: readonly string[]): Promise<Violation[]> {
  const injected = await page.evaluate(() => (globalThis as unknown as AxeGlobal).axe !== undefined);
  if (!injected) await page.addScriptTag({ content: await axeSource() });
  const violations = await page.evaluate(async (selectors) => {
    const g = globalThis as unknown as AxeGlobal;
    if (!g.axe) throw new Error('axe-core did not load');
    const context = selectors ? { include: selectors.map((selector) => [selector]) } : g.document;
    const result = await g.axe.run(context, { resultTypes: ['violations'] });
    // Plain data only: the nodes carry DOM references that do not cross back.
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  }, include ?? null);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** One line per violation and node, for a failure message a person can act on. */
export function describeViolations(where: string, violations: readonly Violation[]): string[] {
  return violations.flatMap((v) =>
    v.nodes.map(
      (n) =>
        `${where}: ${v.id} (${v.impact}) ${JSON.stringify(n.target)}: ${(n.failureSummary ?? v.help).replace(/\s+/g, ' ')}`,
    ),
  );
}
