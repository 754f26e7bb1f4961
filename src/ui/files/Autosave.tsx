/**
 * `<Autosave />` (mounted once inside the workbench) saves the open lab in the browser as it changes
 * and when the page is hidden or closed; `<SaveStatus />` (in the toolbar) says whether it is saved.
 */
import { useEffect } from 'react';
import { useStore } from 'zustand';
import { createAutosave } from '../../state/persist/autosave.ts';
import { useActions, useLabStore } from '../app/lab-hooks.ts';
import { autosaveHub, type HubStatus } from './autosave-hub.ts';
import { browserStorage } from './browser-storage.ts';
import './files.css';

export function Autosave(): null {
  const store = useLabStore();
  const { notify } = useActions();
  useEffect(() => {
    const storage = browserStorage();
    if (!storage) {
      autosaveHub.setState({ controller: undefined, status: { kind: 'unavailable' } });
      return;
    }
    const autosave = createAutosave(store, storage);
    autosaveHub.setState({ controller: autosave, status: autosave.status.getState() });
    const unsubscribe = autosave.status.subscribe((s, prev) => {
      autosaveHub.setState({ status: s });
      if (s.kind === 'failed' && prev.kind !== 'failed')
        notify({ tone: 'error', text: `Your changes are not saved: ${s.problem.message}.` });
    });
    const flush = () => void autosave.flush();
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') autosave.flush();
    };
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      // the browser asks "Leave site?" when the last changes could not be saved
      if (autosave.flush().kind === 'failed') e.preventDefault();
    };
    window.addEventListener('pagehide', flush);
    window.addEventListener('beforeunload', onBeforeUnload);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('pagehide', flush);
      window.removeEventListener('beforeunload', onBeforeUnload);
      document.removeEventListener('visibilitychange', onVisibility);
      unsubscribe();
      autosave.dispose();
      if (autosaveHub.getState().controller === autosave)
        autosaveHub.setState({ controller: undefined, status: { kind: 'idle' } });
    };
  }, [store, notify]);
  return null;
}

const time = (at: number) => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

function statusText(s: HubStatus): { text: string; title: string } {
  switch (s.kind) {
    case 'idle':
      return {
        text: 'Autosave on',
        title: 'Your changes are saved in this browser as you make them (Saved labs lists them).',
      };
    case 'pending':
      return { text: 'Saving…', title: 'Saving your changes in this browser.' };
    case 'saved':
      return {
        text: `Saved locally · ${time(s.at)}`,
        title: `Saved in this browser at ${new Date(s.at).toLocaleTimeString()}. Saved labs lists every lab.`,
      };
    case 'failed':
      return {
        text: s.problem.kind === 'quota' ? 'Not saved: storage full' : 'Not saved: storage unavailable',
        title: `Your latest changes are not saved: ${s.problem.message}.`,
      };
    case 'unavailable':
      return {
        text: 'Not saved: storage unavailable',
        title: 'This browser does not let natlab store labs: download the lab to keep it.',
      };
  }
}

/** "Saved locally · 12:03", "Saving…", "Not saved: storage full". */
export function SaveStatus() {
  const status = useStore(autosaveHub, (s) => s.status);
  const { text, title } = statusText(status);
  const bad = status.kind === 'failed' || status.kind === 'unavailable';
  return (
    <span
      className={`save-status${bad ? ' save-status--bad' : ''}`}
      data-testid="save-status"
      data-state={status.kind}
      title={title}
    >
      {text}
    </span>
  );
}
