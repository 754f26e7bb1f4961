import { test as base, expect } from '@playwright/test';
import { DesignerPage } from './pages/DesignerPage.ts';

interface Fixtures {
  designer: DesignerPage;
  /** Console errors and uncaught exceptions seen by the page so far. */
  consoleErrors: string[];
}

export const test = base.extend<Fixtures>({
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
    });
    page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
    await use(errors);
  },
  designer: async ({ page }, use) => {
    await use(new DesignerPage(page));
  },
});

export { expect };
