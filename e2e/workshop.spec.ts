/**
 * Issue 6 acceptance, workshop mode: predict-then-reveal on the example exercise, scored; the same
 * exercise opened from a shared #exercise= link.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures.ts';
import { TracePage } from './pages/TracePage.ts';
import { WorkshopPage } from './pages/WorkshopPage.ts';
import { exerciseToUrlFragment } from '../src/state/workshop/link.ts';
import { parseExercise } from '../src/state/workshop/parse.ts';

test('predict, reveal and score on the SureBackup exercise', async ({ designer, page, consoleErrors }) => {
  await designer.open('surebackup-basic');
  const w = new WorkshopPage(page);
  const t = new TracePage(page);
  await w.openExample('surebackup-basic');
  await expect(w.score).toHaveText(/0\/6/);

  // 1. the mark after the mangle rule: the packet waits before the rule's step
  await w.playToQuestion();
  await expect(w.question).toContainText('What is it after this rule?');
  await expect(t.events.filter({ hasText: 'MARK' })).toHaveCount(0); // not told before the answer
  const first = await w.answer('0x6');
  await expect(first).toContainText('✓');
  await expect(w.score).toHaveText(/1\/6/);
  await w.continue();
  await expect(t.events.filter({ hasText: 'mark 0x0 → 0x6' })).toHaveCount(1);

  // 2. the destination after NETMAP: a wrong prediction is revealed and not scored
  await w.playToQuestion();
  const second = await w.answer('192.168.150.36');
  await expect(second).toContainText('✗');
  await expect(second.getByTestId('ws-expected')).toHaveText('192.168.149.36');
  await expect(w.score).toHaveText(/1\/6/);
  await w.continue();
  await expect(t.field('dst').locator('.packet-card__value')).toHaveText('192.168.149.36');

  // 3. the routing table chosen by the RPDB
  await w.playToQuestion();
  const third = await w.answer('2');
  await expect(third).toContainText('✓');
  await expect(w.score).toHaveText(/2\/6/);
  expect(consoleErrors).toEqual([]);
});

test('an exercise shared by link opens with its lab and questions', async ({ designer, page }) => {
  const parsed = parseExercise(readFileSync('public/exercises/surebackup-basic.exercise.json', 'utf8'));
  if (!parsed.ok) throw new Error('the example exercise does not parse');
  const fragment = await exerciseToUrlFragment(parsed.value.exercise);
  await designer.open('dnat-redirect');
  await page.goto('about:blank');
  await page.goto(`/${fragment}`);
  const w = new WorkshopPage(page);
  await expect(w.player).toContainText('NETMAP and fwmark in a SureBackup virtual lab');
  await expect(designer.labName).toHaveValue(parsed.value.exercise.lab.name);
  // the fragment is taken out of the address bar once opened
  await expect.poll(() => new URL(page.url()).hash).toBe('');
});
