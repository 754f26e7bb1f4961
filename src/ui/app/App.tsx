import { useMemo } from 'react';
import { AppHeader } from './AppHeader.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { ErrorPanel } from './ErrorPanel.tsx';
import { LabPage } from './LabPage.tsx';
import { labFromSearch } from './lab-url.ts';
import { useLabText } from './use-lab-text.ts';
import './app.css';

interface Props {
  /** The page's query string; `?lab=<name>` picks the lab. */
  readonly search?: string;
}

export function App({ search = window.location.search }: Props) {
  const lab = useMemo(() => labFromSearch(search), [search]);
  return (
    <div className="app">
      <ErrorBoundary>
        {lab.ok ? (
          <LabLoader name={lab.name} />
        ) : (
          <>
            <AppHeader />
            <ErrorPanel title="Invalid lab name" issues={[{ path: '?lab', message: lab.message }]} />
          </>
        )}
      </ErrorBoundary>
    </div>
  );
}

function LabLoader({ name }: { name: string }) {
  const file = `${name}.lab.json`;
  const text = useLabText(name);
  if (text.status === 'loaded') return <LabPage text={text.text} file={file} />;
  return (
    <>
      <AppHeader labFile={file} />
      {text.status === 'loading' ? (
        <p className="loading" role="status">
          Loading {file}…
        </p>
      ) : (
        <ErrorPanel
          title="Lab not available"
          hint="Check the ?lab= name in the address bar; lab files live in public/labs/."
          issues={[{ path: '', message: text.message }]}
        />
      )}
    </>
  );
}
