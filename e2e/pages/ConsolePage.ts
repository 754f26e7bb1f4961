import { expect, type Locator, type Page } from '@playwright/test';

/** The Console tab: a terminal on one device of the lab. */
export class ConsolePage {
  readonly panel: Locator;
  readonly input: Locator;
  readonly log: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByTestId('console-panel');
    this.input = page.getByTestId('console-input');
    this.log = page.getByTestId('console-log');
  }

  async open(device: string): Promise<void> {
    const tab = this.page.getByTestId('dock-tab-console');
    // a click on the open tab folds the dock away
    if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
    await this.page.getByTestId('console-device').selectOption(device);
  }

  /** Runs a command line; returns the transcript entry it added. */
  async run(line: string): Promise<Locator> {
    const before = await this.log.getByTestId('console-entry').count();
    await this.input.fill(line);
    await this.input.press('Enter');
    const entry = this.log.getByTestId('console-entry').nth(before);
    await expect(entry).toBeVisible();
    return entry;
  }
}
