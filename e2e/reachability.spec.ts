/**
 * Issue 6 acceptance: the reachability matrix shows the masquerade and the access path of
 * surebackup-static-mapping, a cell animates its flow; the rp_filter=1 what-if turns the reply red with
 * reason rp_filter.
 */
import { expect, test } from './fixtures.ts';
import { ReachabilityPage } from './pages/ReachabilityPage.ts';
import { TracePage } from './pages/TracePage.ts';

test('the matrix of surebackup-static-mapping has the masquerade and the access path', async ({
  designer,
  page,
  consoleErrors,
}) => {
  await designer.open('surebackup-static-mapping');
  const m = new ReachabilityPage(page);
  await m.open();
  const head = m.forward.locator('thead');
  await expect(head).toContainText('masquerade 192.168.150.36');
  await expect(head).toContainText('access 192.168.149.136');
  const viaMasquerade = await m.cell('Veeam Backup Server', 'masquerade 192.168.150.36');
  const viaAccess = await m.cell('Veeam Backup Server', 'access 192.168.149.136');
  await expect(viaMasquerade).toContainText('✓');
  await expect(viaAccess).toContainText('✓');
  // the reverse direction: the lab VM must not reach production
  await expect(m.reverse).toContainText('✗');

  // a click animates that flow
  await viaAccess.getByRole('button').click();
  const t = new TracePage(page);
  await expect(t.summary).toContainText('answered');
  await expect(page.getByTestId('trace-flow')).toContainText('vbs → 192.168.149.136 icmp');
  expect(consoleErrors).toEqual([]);
});

test('rp_filter=1 on the appliance: the reply dies at vlab, reason rp_filter', async ({ designer, page }) => {
  await designer.open('surebackup-basic');
  const m = new ReachabilityPage(page);
  await m.open();
  await m.setSysctl('vlab', 'net.ipv4.conf.all.rp_filter', '1');
  // the matrix shows the flow that changed
  await expect(await m.cell('Veeam Backup Server', 'masquerade 192.168.150.36')).toContainText('✓ → ✗');

  const t = new TracePage(page);
  await t.trace('vbs', '192.168.150.36');
  await t.pause();
  await expect(page.getByTestId('whatif-banner')).toContainText('now reply dropped');
  await expect(t.summary).toContainText('reply dropped');
  await expect(t.summary).toContainText('rp_filter');
  await page.getByTestId('go-to-drop').click();
  const dropRow = page.locator('[data-testid=trace-event][aria-current=step]');
  await expect(dropRow).toHaveText(/DROP: rp filter/);
  await expect(dropRow).toHaveClass(/is-drop/);
  await expect(t.packetCard).toHaveClass(/packet-card--reply/);
  await expect(page.getByTestId('packet-dot')).toHaveClass(/is-dead/);

  // undoing the what-if brings the answer back
  await page.getByTestId('whatif-banner').getByRole('button', { name: 'reset' }).click();
  await expect(t.summary).toContainText('answered');
});
