/**
 * Opens a lab the way a user does — Saved labs → Open file… with a .lab.json — and waits until the
 * canvas shows it and the page has settled (animation frames back to a steady pace).
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { LabDocument } from '../../src/engine/lab/format.ts';
import { PAGE_SCRIPT } from './page-script.ts';
import { VIEWPORT } from './server.ts';

/** A fresh context (empty storage, cold cache) with the page probe (and `before` it) installed. */
export async function freshPage(
  browser: Browser,
  url: string,
  log: (line: string) => void,
  before?: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: VIEWPORT, baseURL: url });
  if (before) await context.addInitScript({ content: before });
  await context.addInitScript({ content: PAGE_SCRIPT });
  const page = await context.newPage();
  page.on('pageerror', (e) => log(`  page error: ${e.message}`));
  return { context, page };
}

/** Waits until `n` frames in a row each take < 25 ms (at most `timeout` ms); false when it never did. */
export async function settle(page: Page, timeout = 30_000): Promise<boolean> {
  return (await page.evaluate(`window.__uib.quiet(20, 25, ${timeout})`)) as boolean;
}

/** Canvas nodes of a lab: networks, machines and one proxy appliance per virtual lab. */
export function canvasNodes(doc: LabDocument): number {
  return doc.segments.length + doc.devices.length + (doc.virtualLabs?.length ?? 0);
}

/** Opens `doc` through the Saved labs dialog's file picker; resolves when it is drawn and settled. */
export async function openLabFile(page: Page, doc: LabDocument): Promise<void> {
  await page.goto('/');
  await page.getByTestId('toolbar').waitFor();
  await page.locator('.react-flow__node').first().waitFor();
  await page.getByTestId('saved-labs').click();
  await page.getByTestId('open-file-input').setInputFiles({
    name: 'bench.lab.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(doc)),
  });
  await page.getByTestId('saved-labs-dialog').waitFor({ state: 'detached', timeout: 60_000 });
  await page.waitForFunction((name) => {
    const input = document.querySelector<HTMLInputElement>('[data-testid=lab-name]');
    return input?.value === name && document.querySelector('.react-flow__node') !== null;
  }, doc.name);
  await settle(page);
}
