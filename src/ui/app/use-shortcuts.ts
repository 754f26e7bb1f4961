/**
 * Keyboard shortcuts of the designer: Ctrl/Cmd+Z undo, Ctrl/Cmd+Shift+Z and Ctrl/Cmd+Y redo, Delete and
 * Backspace delete the selection, Ctrl/Cmd+D duplicates, Ctrl/Cmd+C/V copy and paste, arrows nudge
 * (Shift: 10×). Keys typed into a field belong to the field.
 */
import { useEffect } from 'react';
import { parseClip } from '../../state/commands/clipboard.ts';
import { useActions } from './lab-hooks.ts';

function inField(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  return t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName);
}

export function useShortcuts(): void {
  const act = useActions();
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (inField(e.target) || e.defaultPrevented) return;
      if (document.querySelector('dialog[open]')) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === 'z') {
        e.preventDefault();
        if (e.shiftKey) act.redo();
        else act.undo();
      } else if (mod && key === 'y') {
        e.preventDefault();
        act.redo();
      } else if (mod && key === 'd') {
        e.preventDefault();
        act.duplicate();
      } else if (!mod && (e.key === 'Delete' || e.key === 'Backspace')) {
        e.preventDefault();
        act.deleteSelection();
      } else if (!mod && e.key.startsWith('Arrow')) {
        const step = e.shiftKey ? 10 : 1;
        const d = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[
          e.key
        ];
        if (d) {
          e.preventDefault();
          act.nudge(d[0]!, d[1]!);
        }
      }
    }
    function onCopy(e: ClipboardEvent) {
      if (inField(e.target)) return;
      const clip = act.copy();
      if (clip && e.clipboardData) {
        e.clipboardData.setData('text/plain', JSON.stringify(clip));
        e.preventDefault();
      }
    }
    function onPaste(e: ClipboardEvent) {
      if (inField(e.target)) return;
      const text = e.clipboardData?.getData('text/plain');
      const clip = text ? parseClip(text) : undefined;
      e.preventDefault();
      act.paste(clip);
    }
    window.addEventListener('keydown', onKey);
    window.addEventListener('copy', onCopy);
    window.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('copy', onCopy);
      window.removeEventListener('paste', onPaste);
    };
  }, [act]);
}
