/**
 * Issue 5 acceptance, "never lose work": reload keeps the lab, undo/redo across 20 steps, a share
 * link round trip, export and re-import of a lab file, hostile labels stay text, a broken file is
 * refused with its error and the open lab is untouched.
 */
import { writeFileSync } from 'node:fs';
import { expect, test } from './fixtures.ts';

test('reload keeps the lab exactly (autosave)', async ({ page, designer, consoleErrors }) => {
  await designer.open('surebackup-basic');
  await designer.labName.fill('My SureBackup lab');
  await designer.canvas.select('vlab');
  await designer.fill('field-masquerade-0', '192.168.160.0/24');
  await designer.canvas.dragNode('sf0006', 40, 20);
  const box = await designer.canvas.node('sf0006').boundingBox();
  await expect(page.getByTestId('save-status')).toContainText('Saved locally');
  await page.reload();
  await expect(designer.labName).toHaveValue('My SureBackup lab');
  await designer.canvas.select('vlab');
  await expect(designer.field('field-masquerade-0')).toHaveValue('192.168.160.0/24');
  const after = await designer.canvas.node('sf0006').boundingBox();
  expect(after?.x).toBeCloseTo(box!.x, 0);
  expect(after?.y).toBeCloseTo(box!.y, 0);
  // selection and history are not saved
  await page.reload();
  await expect(designer.undoButton).toBeDisabled();
  expect(consoleErrors).toEqual([]);
});

test('undo and redo across 20 steps', async ({ page, designer }) => {
  await designer.openEmpty();
  const kinds = ['production-network', 'host', 'router', 'isolated-network', 'backup-server'];
  const nodes = page.locator('.react-flow__node');
  for (let k = 0; k < 10; k++) {
    await page.getByTestId(`palette-${kinds[k % kinds.length]}`).click(); // added in the middle of the view
    await designer.canvas.node((await nodes.last().getAttribute('data-id'))!).isVisible();
    await designer.labName.fill(`step ${k}`); // a field edit: one more step
    await designer.labName.blur();
  }
  await expect(nodes).toHaveCount(10);
  await expect(designer.labName).toHaveValue('step 9');
  await designer.undo(20);
  await expect(nodes).toHaveCount(0);
  await expect(designer.labName).toHaveValue('Untitled lab');
  await expect(designer.undoButton).toBeDisabled();
  await designer.redo(20);
  await expect(nodes).toHaveCount(10);
  await expect(designer.labName).toHaveValue('step 9');
  await expect(designer.redoButton).toBeDisabled();
});

test('a share link opens the same lab in a fresh browser', async ({ page, designer, browser }) => {
  await designer.open('surebackup-static-mapping');
  await designer.labName.fill('Shared ✓ <lab>');
  await designer.labName.blur();
  await page.getByTestId('share').click();
  await expect(page.getByTestId('share-url')).toHaveValue(/#lab=[A-Za-z0-9_-]+$/);
  const url = await page.getByTestId('share-url').inputValue();
  const other = await browser.newContext();
  const p2 = await other.newPage();
  await p2.goto(url);
  await expect(p2.getByTestId('lab-name')).toHaveValue('Shared ✓ <lab>');
  await expect(p2.locator('.react-flow__node')).toHaveCount(await page.locator('.react-flow__node').count());
  await expect(p2.locator('.react-flow__edge')).toHaveCount(await page.locator('.react-flow__edge').count());
  await other.close();
});

test('export a lab file and import it again; a broken file is refused and nothing is lost', async ({
  page,
  designer,
}, info) => {
  await designer.open('surebackup-multi-network');
  await designer.labName.fill('Round trip');
  await designer.labName.blur();
  await page.getByTestId('export').click();
  await page.getByTestId('export-format').selectOption('json');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-download').click(),
  ]);
  const file = info.outputPath('round-trip.lab.json');
  await download.saveAs(file);
  await page.keyboard.press('Escape');
  const nodeCount = await page.locator('.react-flow__node').count();

  await page.getByTestId('examples').click();
  await page.getByTestId('empty-lab').click();
  await expect(page.locator('.react-flow__node')).toHaveCount(0);

  await page.getByTestId('import').click();
  await page.getByTestId('import-file').setInputFiles(file);
  await page.getByTestId('import-apply').click();
  await expect(designer.labName).toHaveValue('Round trip');
  await expect(page.locator('.react-flow__node')).toHaveCount(nodeCount);

  // a broken file: the error names the problem, the open lab stays as it was
  const broken = info.outputPath('broken.lab.json');
  writeFileSync(
    broken,
    '{"schemaVersion": 2, "name": "x", "segments": [{"id": "a b", "kind": "wire"}], "devices": []}',
  );
  await page.getByTestId('import').click();
  await page.getByTestId('import-file').setInputFiles(broken);
  await page.getByTestId('import-apply').click();
  await expect(page.getByTestId('import-error')).toContainText('segments[0]');
  await page.keyboard.press('Escape');
  await expect(designer.labName).toHaveValue('Round trip');
  await expect(page.locator('.react-flow__node')).toHaveCount(nodeCount);
});

test('hostile labels render as text and never run', async ({ page, designer, consoleErrors }) => {
  const hostile = '<img src=x onerror=alert(1)>';
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await designer.open('surebackup-basic');
  await designer.canvas.select('sf0006');
  await designer.fill('field-device-name', hostile);
  await designer.canvas.select('prod');
  await designer.fill('field-segment-name', hostile);
  await designer.labName.fill(hostile);
  await expect(designer.canvas.node('sf0006')).toContainText(hostile);
  await expect(designer.canvas.node('prod')).toContainText(hostile);
  await page.getByTestId('export').click();
  await page.getByTestId('export-format').selectOption('json');
  await expect(page.getByTestId('export-preview')).toContainText(hostile);
  await page.keyboard.press('Escape');
  await page.waitForTimeout(300);
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(dialogs).toBe(0);
  expect(consoleErrors).toEqual([]);
});

test('a namespace script imports as a lab and is laid out automatically', async ({ page, designer }) => {
  await designer.open('surebackup-basic');
  await page.getByTestId('export').click();
  await page.getByTestId('export-format').selectOption('netns-script');
  const script = (await page.getByTestId('export-preview').textContent()) ?? '';
  expect(script).toContain('ip netns add');
  await page.keyboard.press('Escape');

  await page.getByTestId('import').click();
  await page.getByTestId('import-tab-script').click();
  await page.getByTestId('import-text').fill(script);
  await page.getByTestId('import-apply').click();
  await expect(page.locator('dialog[open]')).toHaveCount(0);
  // the script has no positions: dagre places every item, no two on the same spot
  const nodes = page.locator('.react-flow__node');
  await expect(nodes).toHaveCount(7);
  await expect(page.locator('.react-flow__edge')).toHaveCount(6);
  const boxes = await nodes.evaluateAll((els) => els.map((e) => (e as HTMLElement).style.transform));
  expect(new Set(boxes).size).toBe(7);
});
