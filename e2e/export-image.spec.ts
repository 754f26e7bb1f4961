/**
 * Export → pictures of the lab: the canvas PNG shows the links (html-to-image 1.11.12+ drops React
 * Flow's edges, toolchain.md §4 — so the PNG is compared with one made while the edges are hidden),
 * and the SVG drawing is a standalone, well-formed vector file.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

async function exportPng(page: Page): Promise<string> {
  await page.getByTestId('export').click();
  const dialog = page.getByTestId('export-dialog');
  await expect(dialog).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByTestId('export-png').click(),
  ]);
  expect(download.suggestedFilename()).toBe('surebackup-basic-virtual-lab.png');
  const bytes = readFileSync((await download.path())!);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  return `data:image/png;base64,${bytes.toString('base64')}`;
}

/** Size of a PNG and how many of its pixels differ from another's (same size). */
function comparePngs(page: Page, a: string, b: string) {
  return page.evaluate(
    async ([a, b]) => {
      const pixels = async (url: string) => {
        const img = new Image();
        img.src = url;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.naturalWidth;
        c.height = img.naturalHeight;
        const ctx = c.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        return { w: c.width, h: c.height, data: ctx.getImageData(0, 0, c.width, c.height).data };
      };
      const [pa, pb] = [await pixels(a), await pixels(b)];
      let differ = 0;
      if (pa.w === pb.w && pa.h === pb.h)
        for (let i = 0; i < pa.data.length; i += 4)
          if (
            Math.abs(pa.data[i]! - pb.data[i]!) +
              Math.abs(pa.data[i + 1]! - pb.data[i + 1]!) +
              Math.abs(pa.data[i + 2]! - pb.data[i + 2]!) >
            60
          )
            differ++;
      return { a: { w: pa.w, h: pa.h }, b: { w: pb.w, h: pb.h }, differ };
    },
    [a, b] as const,
  );
}

test('the canvas PNG has the links; the SVG drawing is well-formed', async ({ page, consoleErrors }) => {
  await page.goto('/?lab=surebackup-basic');
  await expect(page.locator('.react-flow__edge')).toHaveCount(6);

  const withEdges = await exportPng(page);
  await page.addStyleTag({
    content: '.react-flow__edge, .react-flow__edgelabel-renderer { visibility: hidden !important; }',
  });
  const withoutEdges = await exportPng(page);
  const r = await comparePngs(page, withEdges, withoutEdges);
  // the whole graph (about 700 × 650 at zoom 1), not just the part in view
  expect(r.a.w).toBeGreaterThan(650);
  expect(r.a.h).toBeGreaterThan(550);
  expect(r.b).toEqual(r.a);
  // six links with their address labels: thousands of pixels
  expect(r.differ).toBeGreaterThan(1500);

  await page.getByTestId('export').click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-svg').click(),
  ]);
  expect(download.suggestedFilename()).toBe('surebackup-basic-virtual-lab.svg');
  const svg = readFileSync((await download.path())!, 'utf8');
  const parsed = await page.evaluate((text) => {
    const xml = new DOMParser().parseFromString(text, 'image/svg+xml');
    return {
      errors: xml.getElementsByTagName('parsererror').length,
      root: xml.documentElement.localName,
      texts: [...xml.getElementsByTagName('text')].map((t) => t.textContent),
    };
  }, svg);
  expect(parsed.errors).toBe(0);
  expect(parsed.root).toBe('svg');
  expect(parsed.texts).toContain('vLab proxy appliance');
  expect(parsed.texts).toContain('192.168.149.50/24');
  expect(consoleErrors).toEqual([]);
});
