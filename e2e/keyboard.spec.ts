/** Selection and keyboard shortcuts on the canvas: duplicate, delete, nudge, copy/paste, undo/redo. */
import { expect, test } from './fixtures.ts';

test('select, duplicate, nudge, delete, copy and paste with the keyboard; a drag is one undo step', async ({
  page,
  designer,
  consoleErrors,
}) => {
  const { canvas } = designer;
  await designer.open('surebackup-basic');
  await expect(canvas.node('sf0006')).toBeVisible();
  const nodes = page.locator('.react-flow__node');
  await expect(nodes).toHaveCount(7);

  // Tab reaches a card, Enter selects it
  await canvas.node('sf0006').focus();
  await page.keyboard.press('Enter');
  await expect(canvas.node('sf0006')).toHaveClass(/selected/);
  await expect(designer.inspector.getByTestId('device-form')).toBeVisible();

  await page.keyboard.press('Control+d');
  await expect(nodes).toHaveCount(8);
  await expect(canvas.node('sf2')).toHaveClass(/selected/);

  const before = await canvas.node('sf2').boundingBox();
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await expect
    .poll(async () => ((await canvas.node('sf2').boundingBox())?.x ?? 0) - (before?.x ?? 0))
    .toBeGreaterThan(10);

  await page.keyboard.press('Delete');
  await expect(nodes).toHaveCount(7);
  await designer.undo(); // the delete
  await expect(nodes).toHaveCount(8);
  await designer.undo(); // both nudges (one step)
  await designer.undo(); // the duplicate
  await expect(nodes).toHaveCount(7);
  await designer.redo();
  await expect(nodes).toHaveCount(8);

  // copy and paste a network with its machine: the pasted machine is plugged into the pasted network
  await canvas.select('iso');
  await canvas.node('sf0006-copy').click({ modifiers: ['Control'], position: { x: 14, y: 10 } });
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await expect(nodes).toHaveCount(10);
  await expect(canvas.edge('sf0006-copy2:eth0')).toHaveCount(1);

  // a drag is one step
  const box = await canvas.node('vbs').boundingBox();
  await canvas.dragNode('vbs', 60, 30);
  await expect.poll(async () => (await canvas.node('vbs').boundingBox())?.x).not.toBe(box?.x);
  await designer.undo();
  await expect.poll(async () => (await canvas.node('vbs').boundingBox())?.x).toBe(box?.x);
  expect(consoleErrors).toEqual([]);
});
