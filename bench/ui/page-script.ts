/**
 * What the UI benchmarks run inside the page (installed before the app's own scripts with
 * `addInitScript`): a requestAnimationFrame recorder, a "settled" wait, the time-to-interactive
 * watcher and the edit-to-panels watcher. Every time is the page's `performance.now()`, whose origin
 * is the navigation start. Plain JavaScript in a string: functions handed to `page.evaluate` would be
 * rewritten by the TypeScript loader (tsx adds helpers the page does not have).
 */

/** `window.__uib` as the benchmarks call it (through `page.evaluate` strings). */
export interface PageProbe {
  /** Starts recording animation-frame timestamps. */
  startFrames(): void;
  /** Stops; the intervals between consecutive frames, ms. */
  stopFrames(): number[];
  /** Resolves true once `n` consecutive frames each took < `ms`, false after `timeout` ms. */
  quiet(n: number, ms: number, timeout: number): Promise<boolean>;
  /**
   * Watches the next edit: from the next `input` event on the field to the moment the Rules panel's
   * text contains `has` and not `hasNot`, and the Problems tab's badge reads `badge` ('' = none).
   * Resolves [ms to the DOM change, ms to the next animation frame after it].
   */
  armEdit(field: string, has: string, hasNot: string, badge: string, timeout: number): void;
  editDone?: Promise<[number, number]>;
}

export const PAGE_SCRIPT = String.raw`
(() => {
  if (window.__uib) return;
  const u = (window.__uib = {});
  let frames = null;
  u.startFrames = () => {
    frames = [];
    const rec = frames;
    const loop = (t) => {
      if (frames !== rec) return;
      rec.push(t);
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  };
  u.stopFrames = () => {
    const f = frames || [];
    frames = null;
    const d = [];
    for (let i = 1; i < f.length; i++) d.push(f[i] - f[i - 1]);
    return d;
  };
  u.quiet = (n, ms, timeout) =>
    new Promise((resolve) => {
      const t0 = performance.now();
      let last = t0;
      let ok = 0;
      const loop = (t) => {
        ok = t - last < ms ? ok + 1 : 0;
        last = t;
        if (ok >= n) resolve(true);
        else if (t - t0 > timeout) resolve(false);
        else requestAnimationFrame(loop);
      };
      requestAnimationFrame(loop);
    });

  u.armEdit = (field, has, hasNot, badge, timeout) => {
    let t0 = -1;
    const onInput = (e) => {
      const el = e.target;
      if (t0 < 0 && el instanceof HTMLElement && el.dataset.testid === field) t0 = performance.now();
    };
    document.addEventListener('input', onInput, true);
    u.editDone = new Promise((resolve, reject) => {
      const done = () => {
        const rules = document.querySelector('[data-testid=rules-panel]');
        const text = rules ? rules.textContent || '' : '';
        const b = document.querySelector('[data-testid=dock-tab-problems] .badge');
        const shown = b ? b.textContent || '' : '';
        return text.includes(has) && !text.includes(hasNot) && shown === badge;
      };
      const timer = setTimeout(() => {
        obs.disconnect();
        document.removeEventListener('input', onInput, true);
        reject(new Error('edit watcher: the panels did not show ' + has + ' / badge "' + badge + '" in ' + timeout + ' ms'));
      }, timeout);
      const obs = new MutationObserver(() => {
        if (t0 < 0 || !done()) return;
        const t1 = performance.now();
        obs.disconnect();
        clearTimeout(timer);
        document.removeEventListener('input', onInput, true);
        requestAnimationFrame(() => resolve([t1 - t0, performance.now() - t0]));
      });
      obs.observe(document.body, { childList: true, subtree: true, characterData: true });
    });
  };
})();
`;

/**
 * Installed before {@link PAGE_SCRIPT} in the time-to-interactive contexts only (a document-wide
 * MutationObserver would cost every other measurement): records `window.__uibTti`.
 */
export const TTI_SCRIPT = String.raw`
(() => {
  const tti = (window.__uibTti = {});
  const observer = new MutationObserver(() => {
    if (tti.nodes === undefined && document.querySelector('.react-flow__node')) tti.nodes = performance.now();
    if (
      tti.nodes !== undefined &&
      document.querySelector('[data-testid=inspector] [data-testid=device-form], [data-testid=inspector] [data-testid=appliance-form]')
    ) {
      tti.inspector = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
})();
`;
