/** The dock's top edge: drag it (or focus it and press ↑/↓) to give the panels more or less room. */
import type { KeyboardEvent, PointerEvent } from 'react';
import { useUi } from './ui-state.ts';

const MIN = 120;
const maxHeight = () => Math.max(MIN, window.innerHeight - 200);
const clamp = (h: number) => Math.round(Math.min(maxHeight(), Math.max(MIN, h)));

export function DockResizer() {
  const set = useUi((s) => s.setDockHeight);
  const current = () => document.querySelector('.dock')?.getBoundingClientRect().height ?? 300;
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.preventDefault();
    const el = e.currentTarget;
    el.setPointerCapture(e.pointerId);
    const start = e.clientY;
    const from = current();
    const move = (ev: globalThis.PointerEvent) => set(clamp(from + start - ev.clientY));
    const up = () => {
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
    };
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const step = e.shiftKey ? 80 : 20;
    if (e.key === 'ArrowUp') set(clamp(current() + step));
    else if (e.key === 'ArrowDown') set(clamp(current() - step));
    else if (e.key === 'Home') set(null);
    else return;
    e.preventDefault();
  };
  return (
    <div
      className="dock__resizer"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize the panels (↑/↓, Home resets)"
      tabIndex={0}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
      onDoubleClick={() => set(null)}
      data-testid="dock-resizer"
    />
  );
}
