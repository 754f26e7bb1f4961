/**
 * Issue 5 acceptance: seed 000 built from an empty canvas with only the palette, connections and the
 * inspector; the Rules panel shows what the appliance does and the Problems panel is clean; an
 * overlapping masquerade network is an error at its field, and undo removes it.
 */
import { expect, test } from './fixtures.ts';
import { DesignerPage } from './pages/DesignerPage.ts';

test.use({ viewport: { width: 1440, height: 900 } });

test('builds the SureBackup lab of seed 000 from an empty canvas', async ({ page, consoleErrors }) => {
  const app = new DesignerPage(page);
  const { canvas } = app;
  await app.openEmpty();
  // room to draw: the panels fold away (the Rules tab reopens them below), and the drops stay clear of
  // the trace bar floating over the canvas's top edge
  await page.getByRole('button', { name: 'Hide panels' }).click();

  await canvas.drop('production-network', { x: 30, y: 200 });
  await app.fill('field-segment-name', 'VM Network');
  await app.fill('field-subnet', '192.168.149.0/24');
  await app.fill('field-gateway', '192.168.149.2');

  await canvas.drop('production-gateway', { x: 130, y: 90 });
  await canvas.connect('gateway', '+', 'prod');
  await canvas.drop('backup-server', { x: 340, y: 90 });
  await canvas.connect('vbs', '+', 'prod');
  await app.fill('field-address-eth0-0', '192.168.149.22/24');
  await canvas.drop('host', { x: 550, y: 90 });
  await canvas.connect('vm', '+', 'prod');
  await app.fill('field-device-name', 'SF0006');
  await app.fill('field-address-eth0-0', '192.168.149.36/24');

  await canvas.drop('isolated-network', { x: 30, y: 450 });
  await app.fill('field-segment-name', 'vLab VM Network');
  await canvas.drop('appliance', { x: 330, y: 320 });
  await canvas.connect('vlab', '+', 'iso');
  await app.fill('field-masquerade-0', '192.168.150.0/24');

  await canvas.drop('host', { x: 340, y: 540 });
  await canvas.connect('vm2', '+', 'iso');
  await app.fill('field-device-name', 'SF0006 (backup copy)');
  await app.fill('field-address-eth0-0', '192.168.149.36/24');

  // the drawing: 2 networks, 4 machines, the appliance, 6 links with their addresses
  await expect(page.locator('.react-flow__node')).toHaveCount(7);
  await expect(canvas.edges).toHaveCount(6);
  await expect(canvas.linkLabels).toContainText([
    '192.168.149.2/24',
    '192.168.149.22/24',
    '192.168.149.36/24',
  ]);

  const problems = await app.dock('problems');
  await expect(problems.getByTestId('problems-empty')).toBeVisible();

  const rules = await app.dock('rules');
  await canvas.select('vlab');
  const lines = rules.getByTestId('rules-line');
  await expect(lines.filter({ hasText: '-j MARK --set-xmark 0x6/0xffffffff' })).toHaveCount(1);
  await expect(lines.filter({ hasText: '-j NETMAP --to 192.168.149.0/24' })).toHaveCount(1);
  await expect(lines.filter({ hasText: '-j MASQUERADE' })).toHaveCount(1);
  await expect(lines.filter({ hasText: /fwmark 0x2\/0x2 lookup 2/ })).toHaveCount(1);
  await expect(lines.filter({ hasText: /table 2/ }).first()).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/designer-seed.png' });

  // an overlapping masquerade network: the error appears at the field, undo removes it
  await app.field('field-masquerade-0').fill('192.168.149.0/24');
  await expect(app.fieldProblems('field-masquerade-0').first()).toBeVisible();
  await expect(app.field('field-masquerade-0')).toHaveAttribute('aria-invalid', 'true');
  await app.field('field-masquerade-0').blur();
  await page.screenshot({ path: 'test-results/screenshots/designer-field-error.png' });
  await app.undo();
  await expect(app.field('field-masquerade-0')).toHaveValue('192.168.150.0/24');
  await expect(app.fieldProblems('field-masquerade-0')).toHaveCount(0);
  await expect((await app.dock('problems')).getByTestId('problems-empty')).toBeVisible();

  expect(consoleErrors).toEqual([]);
});
