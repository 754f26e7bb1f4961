import { expect, type Locator, type Page } from '@playwright/test';

/** The Reachability tab: the matrix of production clients × lab VMs and the what-if toggles beside it. */
export class ReachabilityPage {
  readonly forward: Locator;
  readonly reverse: Locator;
  readonly whatIf: Locator;

  constructor(readonly page: Page) {
    this.forward = page.getByTestId('mx-forward');
    this.reverse = page.getByTestId('mx-reverse');
    this.whatIf = page.getByTestId('whatif-panel');
  }

  async open(): Promise<void> {
    await this.page.getByTestId('dock-tab-matrix').click();
    await expect(this.forward).toBeVisible();
  }

  /** The cell of a client's row (by its name) under a path column (by its header, e.g. "access 192.168.149.136"). */
  async cell(client: string, path: string): Promise<Locator> {
    const headers = this.forward.locator('thead tr').last().locator('th');
    const texts = await headers.allTextContents();
    const col = texts.findIndex((t) => t.includes(path));
    if (col < 0) throw new Error(`no column "${path}" in ${texts.join(' | ')}`);
    const row = this.forward.locator('tbody tr', { has: this.page.locator('th', { hasText: client }) });
    return row.locator('td').nth(col);
  }

  /** Sets a sysctl of a device in the what-if list (e.g. net.ipv4.conf.all.rp_filter on vlab). */
  async setSysctl(device: string, key: string, value: string): Promise<void> {
    const item = this.whatIf
      .locator(`[data-testid=whatif-group][data-device="${device}"] [data-testid=whatif-item]`)
      .filter({ hasText: key });
    await item.locator('select').selectOption(value);
  }
}
