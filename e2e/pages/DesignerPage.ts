import { expect, type Locator, type Page } from '@playwright/test';
import { CanvasPage } from './CanvasPage.ts';

/** The designer: toolbar, canvas, inspector and the dock (Rules, Problems, Address plan). */
export class DesignerPage {
  readonly canvas: CanvasPage;
  readonly inspector: Locator;
  readonly undoButton: Locator;
  readonly redoButton: Locator;
  readonly labName: Locator;
  readonly notice: Locator;

  constructor(readonly page: Page) {
    this.canvas = new CanvasPage(page);
    this.inspector = page.getByTestId('inspector');
    this.undoButton = page.getByTestId('undo');
    this.redoButton = page.getByTestId('redo');
    this.labName = page.getByTestId('lab-name');
    this.notice = page.getByTestId('notice');
  }

  async open(lab?: string): Promise<void> {
    await this.page.goto(lab === undefined ? '/' : `/?lab=${encodeURIComponent(lab)}`);
    await expect(this.page.getByTestId('toolbar')).toBeVisible();
  }

  async openEmpty(): Promise<void> {
    await this.open('surebackup-basic');
    await this.page.getByTestId('examples').click();
    await this.page.getByTestId('empty-lab').click();
    await expect(this.page.getByTestId('canvas-empty')).toBeVisible();
  }

  /** A field of the inspector, by its data-testid. */
  field(testId: string): Locator {
    return this.inspector.getByTestId(testId);
  }

  /** The problems shown under a field. */
  fieldProblems(testId: string): Locator {
    return this.inspector
      .locator('.field', { has: this.page.getByTestId(testId) })
      .getByTestId('field-problem');
  }

  async fill(testId: string, value: string): Promise<void> {
    const f = this.field(testId);
    await f.fill(value);
    await f.blur();
  }

  async dock(
    tab: 'trace' | 'rules' | 'problems' | 'address-plan' | 'matrix' | 'console' | 'capture',
  ): Promise<Locator> {
    const t = this.page.getByTestId(`dock-tab-${tab}`);
    if ((await t.getAttribute('aria-selected')) !== 'true') await t.click();
    return this.page.locator('#dock-panel');
  }

  async undo(times = 1): Promise<void> {
    for (let k = 0; k < times; k++) await this.page.keyboard.press('Control+z');
  }

  async redo(times = 1): Promise<void> {
    for (let k = 0; k < times; k++) await this.page.keyboard.press('Control+Shift+z');
  }
}
