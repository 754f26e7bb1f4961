/**
 * The main views as PNG files in test-results/screenshots/ (CI keeps them as artifacts; README shows
 * designer.png): the canvas with each dock panel, each dialog, light and dark.
 */
import { expect, test } from './fixtures.ts';

test.use({ viewport: { width: 1440, height: 900 } });

const DIR = 'test-results/screenshots';

test('screenshots of the main views', async ({ page, designer, consoleErrors }) => {
  await designer.open('surebackup-basic');
  await expect(designer.canvas.node('vlab')).toBeVisible();
  await designer.canvas.select('vlab');
  await designer.dock('rules');
  await expect(designer.undoButton).toBeDisabled(); // opening and selecting are not edits
  await page.screenshot({ path: `${DIR}/designer.png` });

  await designer.dock('problems');
  await page.screenshot({ path: `${DIR}/problems.png` });
  await designer.dock('address-plan');
  await page.screenshot({ path: `${DIR}/address-plan.png` });

  for (const dialog of ['export', 'import', 'new-lab', 'saved-labs', 'share'] as const) {
    await page.getByTestId(dialog).click();
    await expect(page.locator('dialog[open]')).toBeVisible();
    await page.waitForTimeout(150);
    await page.screenshot({ path: `${DIR}/dialog-${dialog}.png` });
    await page.keyboard.press('Escape');
    await expect(page.locator('dialog[open]')).toHaveCount(0);
  }

  await page.getByTestId('theme').click(); // system → light
  await page.getByTestId('theme').click(); // light → dark
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await designer.open('surebackup-static-mapping');
  await designer.canvas.select('vlab');
  await designer.dock('rules');
  await page.screenshot({ path: `${DIR}/designer-dark.png` });
  expect(consoleErrors).toEqual([]);
});

test('screenshots of a packet being watched', async ({ page, designer, consoleErrors }) => {
  await designer.open('surebackup-basic');
  await page.getByTestId('trace-from').selectOption('vbs');
  await page.getByTestId('trace-to').fill('192.168.150.36');
  await page.getByTestId('trace-run').click();
  await page.getByTestId('pause').click();
  const to = async (text: RegExp) => {
    await page.getByTestId('trace-event').filter({ hasText: text }).first().click();
    await page.waitForTimeout(200);
  };
  await to(/DNAT dst 192\.168\.150\.36/);
  await page.screenshot({ path: `${DIR}/trace-netmap.png` });
  await to(/route input: table 2/);
  await page.screenshot({ path: `${DIR}/trace-route.png` });
  for (const tab of ['matrix', 'console', 'capture'] as const) {
    await designer.dock(tab);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${DIR}/${tab}.png` });
  }
  await page.getByTestId('workshop').click();
  await page.getByTestId('exercise-surebackup-basic').click();
  await page.getByTestId('play').click();
  await expect(page.getByTestId('ws-question')).toBeVisible();
  await page.screenshot({ path: `${DIR}/workshop.png` });
  await page.getByTestId('theme').click();
  await page.getByTestId('theme').click();
  await page.screenshot({ path: `${DIR}/workshop-dark.png` });
  expect(consoleErrors).toEqual([]);
});
