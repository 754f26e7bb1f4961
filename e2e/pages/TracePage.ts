import { expect, type Locator, type Page } from '@playwright/test';

/** The trace bar above the canvas, the packet on the canvas and the Trace tab of the dock. */
export class TracePage {
  readonly bar: Locator;
  readonly panel: Locator;
  readonly summary: Locator;
  readonly packetCard: Locator;
  readonly events: Locator;
  readonly lane: Locator;
  readonly explainer: Locator;
  readonly position: Locator;

  constructor(readonly page: Page) {
    this.bar = page.getByTestId('trace-bar');
    this.panel = page.getByTestId('trace-panel');
    this.summary = page.getByTestId('trace-summary');
    this.packetCard = page.getByTestId('packet-card');
    this.events = page.getByTestId('trace-event');
    this.lane = page.getByTestId('netfilter-lane');
    this.explainer = page.getByTestId('step-detail');
    this.position = page.getByTestId('step-position');
  }

  /** Traces from a device to an address (or device) and pauses at the start. */
  async trace(from: string, to: string, opts: { proto?: 'icmp' | 'tcp' | 'udp'; port?: number } = {}) {
    // after a trace the bar shows the flow as a chip: open its fields
    const chip = this.page.getByTestId('trace-flow');
    if (await chip.isVisible()) await chip.click();
    await this.page.getByTestId('trace-from').selectOption(from);
    await this.page.getByTestId('trace-to').fill(to);
    await this.page.getByTestId('trace-proto').selectOption(opts.proto ?? 'icmp');
    if (opts.port !== undefined) await this.page.getByTestId('trace-port').fill(String(opts.port));
    await this.page.getByTestId('trace-run').click();
    await expect(this.panel).toBeVisible();
  }

  async pause(): Promise<void> {
    const pause = this.page.getByTestId('pause');
    if (await pause.isVisible()) await pause.click();
  }

  /** Back to before the first step (if not there already). */
  async toStart(): Promise<void> {
    const b = this.page.getByRole('button', { name: 'To the start' });
    if (await b.isEnabled()) await b.click();
    await expect(this.position).toHaveText('ready');
  }

  async toEnd(): Promise<void> {
    await this.page.getByRole('button', { name: 'To the end' }).click();
  }

  async stepForward(times = 1): Promise<void> {
    for (let k = 0; k < times; k++) await this.page.getByTestId('step-forward').click();
  }

  async stepBack(): Promise<void> {
    await this.page.getByTestId('step-back').click();
  }

  /** Steps forward until the current event's text matches. */
  async stepUntil(text: RegExp, max = 200): Promise<void> {
    for (let k = 0; k < max; k++) {
      await this.stepForward();
      const current = this.page.locator('[data-testid=trace-event][aria-current=step]');
      if (text.test((await current.textContent()) ?? '')) return;
    }
    throw new Error(`no step matching ${text}`);
  }

  /** A field row of the packet card: `src`, `dst`, `TTL`, `mark`… */
  field(name: string): Locator {
    return this.packetCard.locator('div', { has: this.page.locator(`dt:text-is("${name}")`) });
  }
}
