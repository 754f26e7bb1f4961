/**
 * Issue 6 acceptance, the trace: on surebackup-basic, vbs → 192.168.150.36 stepped through the
 * appliance: NETMAP at nat PREROUTING, the fwmark rule and table 2, MASQUERADE, the reply de-NATed at
 * vbs; step back restores the previous state.
 */
import { expect, test } from './fixtures.ts';
import { TracePage } from './pages/TracePage.ts';

test('vbs → 192.168.150.36 through NETMAP, fwmark, table 2, MASQUERADE and back', async ({
  designer,
  page,
  consoleErrors,
}) => {
  await designer.open('surebackup-basic');
  const t = new TracePage(page);
  await t.trace('vbs', '192.168.150.36');
  await t.pause();
  await t.toStart();

  // the packet leaves vbs and is drawn on the canvas
  await t.stepForward();
  await expect(page.getByTestId('packet-dot')).toBeVisible();

  // nat PREROUTING on the appliance: NETMAP rewrites the destination, highlighted
  await t.stepUntil(/DNAT dst 192\.168\.150\.36 → 192\.168\.149\.36/);
  const dst = t.field('dst');
  await expect(dst).toHaveClass(/is-changed/);
  await expect(dst.locator('del')).toHaveText('192.168.150.36');
  await expect(dst.locator('.packet-card__value')).toHaveText('192.168.149.36');
  await expect(page.getByTestId('lane-popover')).toContainText('DNAT dst 192.168.150.36 → 192.168.149.36');
  await expect(t.lane.getByTestId('lane-cell-nat').first()).toHaveAttribute('aria-current', 'step');
  // the NETMAP explainer: network part from --to, host part kept
  await expect(t.explainer.getByTestId('netmap-verdict')).toContainText('192.168.150.36 → 192.168.149.36');

  // step back restores the previous state
  const at = await t.position.textContent();
  await t.stepBack();
  await expect(dst).not.toHaveClass(/is-changed/);
  await expect(dst.locator('.packet-card__value')).toHaveText('192.168.150.36');
  await t.stepForward();
  await expect(t.position).toHaveText(at ?? '');

  // the routing decision: the RPDB's fwmark rule matches 0x6 & 0x2 and table 2 is chosen
  await t.stepUntil(/route input: table 2 dev eth1/);
  await expect(t.lane.getByTestId('lane-route').first()).toContainText('table 2: 192.168.149.0/24 dev eth1');
  await expect(t.explainer.getByTestId('fwmark-verdict').first()).toHaveText(
    '0x6 & 0x2 = 0x2, 0x2 & 0x2 = 0x2: matches',
  );
  await expect(t.explainer).toContainText('table 2');

  // MASQUERADE on the way into the isolated network
  await t.stepUntil(/SNAT src 192\.168\.149\.22 → 192\.168\.149\.2$/);
  await expect(t.field('src').locator('.packet-card__value')).toHaveText('192.168.149.2');
  await expect(t.explainer.getByTestId('nat-source')).toContainText('192.168.149.2');

  // the reply, de-NATed back to the masquerade address, arrives at vbs
  await t.toEnd();
  await expect(t.packetCard).toHaveClass(/packet-card--reply/);
  await expect(t.packetCard).toContainText('vbs');
  await expect(t.field('src').locator('.packet-card__value')).toHaveText('192.168.150.36');
  await expect(t.summary).toContainText('answered');
  expect(consoleErrors).toEqual([]);
});

test('right-click a card: trace to here from the selected machine', async ({ designer, page }) => {
  await designer.open('surebackup-basic');
  const t = new TracePage(page);
  await page.getByTestId('trace-from').selectOption('sf0006-copy');
  await page.locator('.react-flow__node[data-id="vbs"]').click({ button: 'right' });
  await page.getByRole('menuitem', { name: /Trace to here from sf0006-copy/ }).click();
  await expect(t.summary).toContainText('sf0006-copy');
  await expect(t.summary).not.toContainText('answered');
});
