/**
 * Time to an interactive canvas with the default lab, and the JavaScript fetched before it: a fresh
 * browser context per sample (cold cache, empty storage), navigation to `/`, and as soon as the
 * lab's cards are drawn a click on one; interactive = the inspector shows the clicked machine.
 */
import { gzipSync } from 'node:zlib';
import type { Browser, Response } from '@playwright/test';
import { freshPage } from './open-lab.ts';
import { TTI_SCRIPT } from './page-script.ts';

export interface TtiSample {
  /** Navigation start → first canvas node, ms. */
  readonly nodes: number;
  /** Navigation start → the inspector shows the clicked card, ms. */
  readonly interactive: number;
  /** Scripts fetched before the first card is drawn: count and gzip -9 size in kB (1 000 bytes). */
  readonly scripts: number;
  readonly jsKb: number;
  /** Scripts fetched before interactive (the first paint's, plus what loads after it: the deferred linter and tracer, the open dock tab). */
  readonly scriptsInteractive: number;
  readonly jsKbInteractive: number;
}

export async function ttiSample(
  browser: Browser,
  url: string,
  log: (line: string) => void,
): Promise<TtiSample> {
  const { context, page } = await freshPage(browser, url, log, TTI_SCRIPT);
  try {
    const scripts: Response[] = [];
    let interactive = false;
    let painted = 0;
    page.on('response', (r) => {
      if (!interactive && r.request().resourceType() === 'script') scripts.push(r);
    });
    await page.goto('/');
    const card = page.locator('.react-flow__node-device').first();
    await card.waitFor();
    painted = scripts.length;
    const box = await card.boundingBox();
    if (!box) throw new Error('the default lab has no machine card on screen');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForFunction('window.__uibTti.inspector !== undefined', undefined, { timeout: 10_000 });
    interactive = true;
    const t = (await page.evaluate('window.__uibTti')) as { nodes: number; inspector: number };
    const sizes: number[] = [];
    for (const r of scripts) sizes.push(gzipSync(await r.body(), { level: 9 }).length);
    const kb = (list: readonly number[]) => list.reduce((a, b) => a + b, 0) / 1000;
    return {
      nodes: t.nodes,
      interactive: t.inspector,
      scripts: painted,
      jsKb: kb(sizes.slice(0, painted)),
      scriptsInteractive: scripts.length,
      jsKbInteractive: kb(sizes),
    };
  } finally {
    await context.close();
  }
}
