import { useEffect, useMemo } from 'react';
import { loadLab } from '../../lab/load.ts';
import { LabOverview } from '../lab/LabOverview.tsx';
import { AppHeader } from './AppHeader.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { ErrorPanel } from './ErrorPanel.tsx';

interface Props {
  /** The lab file's text, as fetched. */
  readonly text: string;
  /** The file name, for the header: `surebackup-basic.lab.json`. */
  readonly file: string;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One lab file: validated and compiled by loadLab, then shown (or its issues listed). */
export function LabPage({ text, file }: Props) {
  const result = useMemo(() => loadLab(text), [text]);
  const title = result.doc?.name;
  useEffect(() => {
    document.title = `${title ?? file} — natlab`;
  }, [title, file]);

  if (!result.ok) {
    const n = result.issues.length;
    return (
      <>
        <AppHeader labFile={file} title={title ?? file} />
        <ErrorPanel
          title={`This lab file cannot be loaded: ${plural(n, 'problem')}`}
          hint="Fix the lab file and reload the page."
          issues={result.issues}
        />
      </>
    );
  }

  // the lab as compiled: a virtual-lab design's appliance and generated segments included
  const { expanded: doc, warnings } = result;
  const isolated = doc.segments.filter((s) => s.kind === 'isolated').length;
  return (
    <>
      <AppHeader
        labFile={file}
        title={doc.name}
        {...(doc.description ? { description: doc.description } : {})}
      >
        <p className="app-header__stats">
          {plural(doc.segments.length, 'segment')} ({isolated} isolated) ·{' '}
          {plural(doc.devices.length, 'device')}
        </p>
      </AppHeader>
      {warnings.length > 0 && (
        <ErrorPanel tone="warning" title={plural(warnings.length, 'warning')} issues={warnings} />
      )}
      <ErrorBoundary>
        <LabOverview doc={doc} />
      </ErrorBoundary>
    </>
  );
}
