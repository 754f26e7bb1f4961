import { expect, test } from './fixtures.ts';

const SUREBACKUP_DEVICES = ['gateway', 'vbs', 'sf0006', 'vlab', 'sf0006-copy'];

test('shows the SureBackup lab by default: both segments and every device', async ({
  page,
  shell,
  consoleErrors,
}) => {
  await shell.open();

  await expect(shell.heading).toHaveText('SureBackup basic virtual lab');
  await expect(shell.segments).toHaveCount(2);
  await expect(shell.segment('prod')).toBeVisible();
  await expect(shell.segment('prod')).toContainText('Production');
  await expect(shell.segment('iso')).toBeVisible();
  await expect(shell.segment('iso')).toContainText('no uplink');

  await expect(shell.deviceCards).toHaveCount(SUREBACKUP_DEVICES.length);
  for (const id of SUREBACKUP_DEVICES) await expect(shell.device(id)).toBeVisible();

  // Single-homed devices sit in their segment's column; the appliance stands between the two.
  await expect(shell.segment('prod').getByTestId('device-card')).toHaveCount(3);
  await expect(shell.segment('iso').locator('[data-device-id="sf0006-copy"]')).toBeVisible();
  await expect(shell.interfaces('vlab')).toHaveCount(2);
  // the appliance is generated from the lab's virtual-lab design: the vNIC mimics the gateway
  await expect(shell.interfaces('vlab').nth(1)).toContainText('192.168.149.2/24');
  await expect(shell.interfaces('vlab').nth(1)).toContainText('noprefixroute');
  await expect(shell.error).toHaveCount(0);

  await page.screenshot({ path: 'test-results/app-shell.png', fullPage: true });
  expect(consoleErrors).toEqual([]);
});

test('an unknown lab shows a clear error instead of a blank page', async ({ page, shell }) => {
  await shell.open('does-not-exist');

  await expect(shell.error).toBeVisible();
  await expect(shell.error).toContainText('Lab not available');
  await expect(shell.error).toContainText('There is no lab named "does-not-exist"');
  await expect(shell.deviceCards).toHaveCount(0);
  await page.screenshot({ path: 'test-results/app-shell-error.png' });
});

test('a lab name that is not a file stem is rejected before fetching', async ({ page, shell }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await shell.open('../secrets');

  await expect(shell.error).toContainText('Invalid lab name');
  expect(requests.filter((p) => p.startsWith('/labs/'))).toEqual([]);
});
