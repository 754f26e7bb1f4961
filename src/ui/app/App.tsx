import { useEffect, useState } from 'react';
import { createLabStore, type LabStore } from '../../state/lab-store.ts';
import { loadStartupLab } from '../files/startup.ts';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { ErrorPanel } from './ErrorPanel.tsx';
import { LabProviderAfterPaint } from './engine-after-paint.tsx';
import { ThemeRoot } from './ThemeRoot.tsx';
import { Workbench } from './Workbench.tsx';
import '../components/components.css';
import './app.css';
import './workbench.css';

interface Props {
  readonly location?: { search: string; hash: string };
}

type Boot =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly store: LabStore }
  | { readonly status: 'failed'; readonly message: string };

/** The designer: picks the lab to open (shared link, ?lab=, autosave, default example), then the workbench. */
export function App({ location = window.location }: Props) {
  const [boot, setBoot] = useState<Boot>({ status: 'loading' });
  const { search, hash } = location;
  useEffect(() => {
    let live = true;
    loadStartupLab({ search, hash }).then(
      (s) => {
        if (!live) return;
        const store = createLabStore(s.doc);
        if (s.notices.length) store.setState({ notice: { tone: 'error', text: s.notices.join(' ') } });
        setBoot({ status: 'ready', store });
      },
      (e: unknown) =>
        live && setBoot({ status: 'failed', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [search, hash]);
  return (
    <ThemeRoot>
      <ErrorBoundary>
        {boot.status === 'loading' && (
          <p className="loading" role="status">
            Opening the lab…
          </p>
        )}
        {boot.status === 'failed' && (
          <ErrorPanel
            title="The lab could not be opened"
            hint="Check the address bar (?lab=NAME picks an example from public/labs/)."
            issues={[{ path: '', message: boot.message }]}
          />
        )}
        {boot.status === 'ready' && (
          <LabProviderAfterPaint store={boot.store}>
            <Workbench />
          </LabProviderAfterPaint>
        )}
      </ErrorBoundary>
    </ThemeRoot>
  );
}
