/** The top bar: lab name, file and lab commands, undo/redo, theme. */
import { useState } from 'react';
import { loadLab } from '../../lab/load.ts';
import { emptyLab } from '../../state/lab-store.ts';
import { SaveStatus } from '../files/Autosave.tsx';
import { EXAMPLES } from './examples.ts';
import { useActions, useLab } from './lab-hooks.ts';
import { useUi, type Theme } from './ui-state.ts';
import { fetchLabText } from './use-lab-text.ts';

function Logo() {
  return (
    <svg className="brand__logo" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
      <rect x="1.5" y="3" width="8" height="7" rx="1.5" />
      <rect x="14.5" y="14" width="8" height="7" rx="1.5" strokeDasharray="2.5 2" />
      <path d="M5.5 10v7.5h9" />
    </svg>
  );
}

const THEMES: Record<Theme, string> = { system: 'Theme: system', light: 'Theme: light', dark: 'Theme: dark' };
const NEXT_THEME: Record<Theme, Theme> = { system: 'light', light: 'dark', dark: 'system' };

export function Toolbar() {
  const name = useLab((s) => s.doc.name);
  const canUndo = useLab((s) => s.history.past.length > 0);
  const canRedo = useLab((s) => s.history.future.length > 0);
  const undoLabel = useLab((s) => s.history.past[s.history.past.length - 1]?.label);
  const redoLabel = useLab((s) => s.history.future[0]?.label);
  const act = useActions();
  const open = useUi((s) => s.openDialog);
  const theme = useUi((s) => s.theme);
  const setTheme = useUi((s) => s.setTheme);
  const [examplesOpen, setExamplesOpen] = useState(false);

  async function openExample(example: string) {
    setExamplesOpen(false);
    try {
      const r = loadLab(await fetchLabText(example));
      if (r.doc) {
        act.open(r.doc);
        act.notify({ tone: 'info', text: `Opened the example “${r.doc.name}”.` });
      } else act.notify({ tone: 'error', text: `The example ${example} did not load.` });
    } catch (e) {
      act.notify({ tone: 'error', text: e instanceof Error ? e.message : String(e) });
    }
  }

  return (
    <header className="toolbar" data-testid="toolbar">
      <span className="brand">
        <Logo />
        natlab
      </span>
      <label className="toolbar__name">
        <span className="visually-hidden">Lab name</span>
        <input
          data-testid="lab-name"
          value={name}
          maxLength={200}
          onChange={(e) => act.setField('name', e.target.value, 'Rename the lab')}
          onBlur={act.seal}
        />
      </label>
      <nav className="toolbar__group" aria-label="Lab">
        <button
          type="button"
          className="btn btn--primary"
          data-testid="new-lab"
          onClick={() => open('new-lab')}
        >
          New virtual lab
        </button>
        <div className="menu">
          <button
            type="button"
            className="btn"
            aria-haspopup="menu"
            aria-expanded={examplesOpen}
            data-testid="examples"
            onClick={() => setExamplesOpen((o) => !o)}
          >
            Examples ▾
          </button>
          {examplesOpen && (
            <ul className="menu__list" role="menu">
              <li role="none">
                <button
                  type="button"
                  role="menuitem"
                  data-testid="empty-lab"
                  onClick={() => {
                    setExamplesOpen(false);
                    act.open(emptyLab());
                  }}
                >
                  <strong>Empty canvas</strong>
                  <span className="muted small">Draw a lab from scratch with the palette</span>
                </button>
              </li>
              {EXAMPLES.map((x) => (
                <li key={x.name} role="none">
                  <button
                    type="button"
                    role="menuitem"
                    onClick={() => void openExample(x.name)}
                    title={x.summary}
                  >
                    <strong>{x.title}</strong>
                    <span className="muted small">{x.summary}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
        <button type="button" className="btn" data-testid="saved-labs" onClick={() => open('saved-labs')}>
          Saved labs
        </button>
        <button type="button" className="btn" data-testid="import" onClick={() => open('import')}>
          Import
        </button>
        <button type="button" className="btn" data-testid="export" onClick={() => open('export')}>
          Export
        </button>
        <button type="button" className="btn" data-testid="share" onClick={() => open('share')}>
          Share
        </button>
        <button type="button" className="btn" data-testid="workshop" onClick={() => open('workshop')}>
          Workshop
        </button>
      </nav>
      <span className="toolbar__spacer" />
      <SaveStatus />
      <nav className="toolbar__group" aria-label="History">
        <button
          type="button"
          className="btn btn--ghost"
          data-testid="undo"
          disabled={!canUndo}
          title={canUndo ? `Undo ${undoLabel} (Ctrl+Z)` : 'Nothing to undo'}
          onClick={act.undo}
        >
          ↶ Undo
        </button>
        <button
          type="button"
          className="btn btn--ghost"
          data-testid="redo"
          disabled={!canRedo}
          title={canRedo ? `Redo ${redoLabel} (Ctrl+Shift+Z)` : 'Nothing to redo'}
          onClick={act.redo}
        >
          ↷ Redo
        </button>
        <button
          type="button"
          className="btn btn--ghost"
          data-testid="theme"
          title="Switch between light, dark and the system's theme"
          onClick={() => setTheme(NEXT_THEME[theme])}
        >
          {THEMES[theme]}
        </button>
      </nav>
    </header>
  );
}
