/**
 * Edit-to-updated-panels latency on the ~1 000-node lab: the user selects the first proxy appliance,
 * opens the Rules tab and types a new masquerade network for its first isolated network in the
 * inspector; a sample is the time from the field's `input` event (the field commits each valid value
 * as it is typed) to the moment the Rules panel shows the new prefix (and no longer the old one) and
 * the Problems tab's count has changed to the new state's — watched by a MutationObserver in the page.
 * Two prefixes alternate: a clean one and one the linter warns about (a /24 for a /20 network, VL-06).
 */
import type { Page } from '@playwright/test';
import type { LabDocument } from '../../src/engine/lab/format.ts';
import { APPLIANCE_HEIGHT, APPLIANCE_WIDTH } from '../../src/state/canvas-model.ts';
import { rowOf, type BenchRow } from '../lib/row.ts';
import { bringIntoView, paneCentre } from './gestures.ts';
import { settle } from './open-lab.ts';

const FIELD = 'field-masquerade-0';
const CLEAN = '100.127.0.0/20';
const WARNED = '192.0.2.0/24';

const badgeOf = (page: Page) =>
  page.evaluate(
    `document.querySelector('[data-testid=dock-tab-problems] .badge')?.textContent ?? ''`,
  ) as Promise<string>;

/** Types `value` and waits (untimed) until the Rules panel shows it; the badge text then. */
async function applyUntimed(page: Page, value: string, old: string, badgeNot?: string): Promise<string> {
  await page.getByTestId(FIELD).fill(value);
  await page.waitForFunction(
    ([has, hasNot, not]) => {
      const t = document.querySelector('[data-testid=rules-panel]')?.textContent ?? '';
      const b = document.querySelector('[data-testid=dock-tab-problems] .badge')?.textContent ?? '';
      return t.includes(has!) && !t.includes(hasNot!) && (not === undefined || b !== not);
    },
    [value, old, badgeNot] as const,
    { timeout: 120_000 },
  );
  await settle(page);
  return badgeOf(page);
}

/** The two states an edit alternates between, and the Problems badge of each. */
export interface EditSetup {
  readonly badge: Readonly<Record<string, string>>;
  /** The value in the field now. */
  readonly current: string;
}

/**
 * On `doc`, open in `page`: opens the Rules tab, selects the first proxy appliance on the canvas (panned
 * to and zoomed in on, as a user would), focuses its first masquerade field and learns the Problems
 * badge of each state.
 */
export async function prepareEdit(
  page: Page,
  doc: LabDocument,
  log: (line: string) => void,
): Promise<EditSetup> {
  const lab = doc.virtualLabs![0]!;
  const applianceId = lab.appliance.id;
  const original = lab.isolatedNetworks[0]!.masquerade!;
  const at = doc.layout![applianceId]!;
  const t0 = Date.now();
  const when = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  const rulesTab = page.getByTestId('dock-tab-rules');
  if ((await rulesTab.getAttribute('aria-selected')) !== 'true') await rulesTab.click();
  // pan it to the centre and zoom in on it (its card is a few pixels tall in the opening view)
  await bringIntoView(page, { x: at.x + APPLIANCE_WIDTH / 2, y: at.y + APPLIANCE_HEIGHT / 2 });
  const centre = await paneCentre(page);
  await page.mouse.move(centre.x, centre.y);
  for (let k = 0; k < 6; k++) await page.mouse.wheel(0, -300);
  await settle(page);
  const card = await page.locator(`.react-flow__node[data-id="${applianceId}"]`).boundingBox();
  if (!card) throw new Error(`${applianceId} is not on screen`);
  await page.mouse.click(card.x + 20, card.y + card.height / 2);
  await page.getByTestId('appliance-form').waitFor();
  await page.getByTestId('rules-panel').getByText(original, { exact: false }).first().waitFor();
  await page.getByTestId(FIELD).click();
  await settle(page);
  log(`  edit: ${applianceId} selected, Rules open (${when()})`);
  // calibrate: the badge of each state (it must differ, or the Problems tab proves nothing)
  const clean = await applyUntimed(page, CLEAN, original);
  const warned = await applyUntimed(page, WARNED, CLEAN, clean);
  log(`  edit: Problems badge "${clean}" for ${CLEAN}, "${warned}" for ${WARNED} (${when()})`);
  return { badge: { [CLEAN]: clean, [WARNED]: warned }, current: WARNED };
}

/** One timed edit to the other state: [ms to both panels in the DOM, ms to the next frame]. */
export async function timedEdit(page: Page, setup: EditSetup, current: string): Promise<[number, number]> {
  const next = current === CLEAN ? WARNED : CLEAN;
  await page.evaluate(
    `window.__uib.armEdit(${JSON.stringify(FIELD)}, ${JSON.stringify(next)}, ${JSON.stringify(current)}, ${JSON.stringify(setup.badge[next])}, 120000)`,
  );
  await page.getByTestId(FIELD).fill(next);
  return (await page.evaluate('window.__uib.editDone')) as [number, number];
}

export const otherState = (current: string) => (current === CLEAN ? WARNED : CLEAN);

/** The edit-to-panels row: timed edits on the lab `prepareEdit` readied. */
export async function editRows(
  page: Page,
  setup: EditSetup,
  nodes: number,
  opts: { quick: boolean; log: (line: string) => void },
): Promise<BenchRow[]> {
  const reps = opts.quick ? 4 : 12;
  const dom: number[] = [];
  const frame: number[] = [];
  let current = setup.current;
  for (let k = 0; k < reps; k++) {
    const [d, f] = await timedEdit(page, setup, current);
    dom.push(d);
    frame.push(f);
    current = otherState(current);
    await settle(page);
  }
  const row = rowOf(
    {
      suite: 'ui',
      task: 'ui: edit masquerade → Rules + Problems (1000 nodes)',
      unit: 'ms',
      lowerIsBetter: true,
      target: { value: 50, kind: 'max', on: 'p95' },
      what: `inspector input → both panels updated in the DOM; ${nodes} nodes, ${reps} edits`,
    },
    dom,
  );
  opts.log(
    `  ${row.task}: p50 ${row.p50.toFixed(0)} ms, p95 ${row.p95.toFixed(0)} ms; to the next frame: ${frame.map((x) => x.toFixed(0)).join(', ')}`,
  );
  return [row];
}
