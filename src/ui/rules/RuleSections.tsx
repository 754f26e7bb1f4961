/**
 * The device's printed configuration, section by section, each line linked to its field. The linked
 * lines are one tab stop (roving tabindex: arrows, Home, End move between them); the first line the
 * focused field lights is scrolled into view.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { markSections, type DeviceView, type Marker } from '../../state/rules-view/index.ts';
import { RuleLine } from './RuleLine.tsx';

interface Props {
  readonly view: DeviceView;
  readonly marker: Marker;
  readonly onSelect: (path: string) => void;
  /** The sysctl section shows every modelled key. */
  readonly allSysctls: boolean;
  readonly onAllSysctls: (all: boolean) => void;
}

const MOVES: Record<string, (i: number, n: number) => number> = {
  ArrowDown: (i, n) => Math.min(i + 1, n - 1),
  ArrowUp: (i) => Math.max(i - 1, 0),
  Home: () => 0,
  End: (_i, n) => n - 1,
};

/** Whether the line is visible in its scrolling container (below the panel's sticky bar). */
function inView(el: HTMLElement): boolean {
  let box: HTMLElement | null = el.parentElement;
  while (box && !(box.scrollHeight > box.clientHeight && /auto|scroll/.test(getComputedStyle(box).overflowY)))
    box = box.parentElement;
  if (!box) return true;
  const bar = box.querySelector('.rules-panel__bar')?.getBoundingClientRect().height ?? 0;
  const a = el.getBoundingClientRect();
  const b = box.getBoundingClientRect();
  return a.top >= b.top + bar && a.bottom <= b.bottom;
}

export function RuleSections({ view, marker, onSelect, allSysctls, onAllSysctls }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const { sections, stops, firstLit } = useMemo(() => markSections(view.sections, marker), [view, marker]);
  const current = Math.min(active, Math.max(stops - 1, 0));

  useEffect(() => {
    const el = ref.current?.querySelector<HTMLElement>('.rules-line--field');
    if (firstLit !== undefined && el && !inView(el)) el.scrollIntoView?.({ block: 'center' });
  }, [firstLit, view]);

  const onKeyDown = useCallback((e: KeyboardEvent<HTMLDivElement>) => {
    const move = MOVES[e.key];
    const from = (e.target as HTMLElement).dataset.stop;
    if (!move || from === undefined) return;
    const all = ref.current?.querySelectorAll<HTMLElement>('[data-stop]') ?? [];
    const next = move(Number(from), all.length);
    e.preventDefault();
    setActive(next);
    all[next]?.focus();
  }, []);

  return (
    <div className="rules-sections" ref={ref} onKeyDown={onKeyDown}>
      {sections.map((s) => (
        <section key={s.id} className="rules-section" aria-label={s.command}>
          <h3 className="rules-section__head">
            <code>{s.command}</code>
            {s.id === 'sysctls' && (
              <label className="rules-section__option">
                <input
                  type="checkbox"
                  checked={allSysctls}
                  onChange={(e) => onAllSysctls(e.target.checked)}
                />
                every modelled key
              </label>
            )}
          </h3>
          {s.lines.length === 0 ? (
            <p className="rules-section__empty">{s.empty}</p>
          ) : (
            <div className="rules-code">
              {s.lines.map(({ line, mark, stop }, i) => (
                <RuleLine
                  key={i}
                  line={line}
                  mark={mark}
                  stop={stop}
                  tabbable={stop === current}
                  onSelect={onSelect}
                  onFocusStop={setActive}
                />
              ))}
            </div>
          )}
        </section>
      ))}
    </div>
  );
}
