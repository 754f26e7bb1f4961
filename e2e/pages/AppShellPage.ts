import type { Locator, Page } from '@playwright/test';

/** The app shell: header, segment columns, device cards and the error panel. */
export class AppShellPage {
  readonly heading: Locator;
  readonly segments: Locator;
  readonly deviceCards: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.segments = page.getByTestId('segment');
    this.deviceCards = page.getByTestId('device-card');
    this.error = page.getByTestId('lab-error');
  }

  /** Opens `/` or `/?lab=<name>`. */
  async open(lab?: string): Promise<void> {
    await this.page.goto(lab === undefined ? '/' : `/?lab=${encodeURIComponent(lab)}`);
  }

  segment(id: string): Locator {
    return this.page.locator(`[data-testid="segment"][data-segment-id="${id}"]`);
  }

  device(id: string): Locator {
    return this.page.locator(`[data-testid="device-card"][data-device-id="${id}"]`);
  }

  /** The card's interface rows, as their visible text. */
  interfaces(deviceId: string): Locator {
    return this.device(deviceId).getByTestId('interface');
  }
}
