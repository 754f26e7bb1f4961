import { expect, type Locator, type Page } from '@playwright/test';

/** Workshop mode: the exercise player in the Trace tab and its question card. */
export class WorkshopPage {
  readonly player: Locator;
  readonly question: Locator;
  readonly score: Locator;

  constructor(readonly page: Page) {
    this.player = page.getByTestId('workshop-player');
    this.question = page.getByTestId('ws-question');
    this.score = this.player.getByRole('status', { name: /Score/ });
  }

  async openExample(file: string): Promise<void> {
    await this.page.getByTestId('workshop').click();
    await this.page.getByTestId(`exercise-${file}`).click();
    await expect(this.player).toBeVisible();
  }

  /** Plays the flow until the packet stops before the next question. */
  async playToQuestion(): Promise<void> {
    await this.page.getByTestId('play').click();
    await expect(this.question).toBeVisible();
  }

  /** Types (or picks) an answer and checks it; returns the reveal. */
  async answer(text: string): Promise<Locator> {
    const radio = this.question.locator(`input[type=radio][value="${text}"]`);
    const input = this.question.getByTestId('ws-answer');
    if ((await radio.count()) > 0) await radio.check();
    else if ((await input.evaluate((e) => e.tagName)) === 'SELECT') await input.selectOption(text);
    else await input.fill(text);
    await this.question.getByTestId('ws-submit').click();
    const reveal = this.question.getByTestId('ws-reveal');
    await expect(reveal).toBeVisible();
    return reveal;
  }

  async continue(): Promise<void> {
    await this.page.getByTestId('workshop-continue').click();
  }
}
