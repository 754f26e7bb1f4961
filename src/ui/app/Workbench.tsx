/**
 * The designer's frame: toolbar on top, palette on the left, the canvas, the inspector on the right,
 * and the dock (Rules, Problems, Address plan) below the canvas. Dialogs open over it.
 */
import { lazy, Suspense } from 'react';
import Canvas from '../canvas/Canvas.tsx';
import { CanvasProvider } from '../canvas/CanvasProvider.tsx';
import { Inspector } from '../inspector/Inspector.tsx';
import { Palette } from '../palette/Palette.tsx';
import { Autosave } from '../files/Autosave.tsx';
import { Dock } from './Dock.tsx';
import { useLabStore } from './lab-hooks.ts';
import { useLintWorker } from './lint-results.ts';
import { Notice } from './Notice.tsx';
import { Toolbar } from './Toolbar.tsx';
import { TraceBar } from '../trace/TraceBar.tsx';
import { useUi } from './ui-state.ts';
import { useShortcuts } from './use-shortcuts.ts';
import { useExerciseLink } from '../workshop/use-exercise-link.ts';

// Dialogs and dock panels load when first shown (the Rules tab too, though it opens with the
// workbench): the first paint carries only the canvas and its frame (issue 7: initial JS ≤ 200 kB gzip).
const ExportDialog = lazy(() =>
  import('../export/ExportDialog.tsx').then((m) => ({ default: m.ExportDialog })),
);
const ImportDialog = lazy(() =>
  import('../export/ImportDialog.tsx').then((m) => ({ default: m.ImportDialog })),
);
const NewLabWizard = lazy(() =>
  import('../wizard/NewLabWizard.tsx').then((m) => ({ default: m.NewLabWizard })),
);
const SavedLabsDialog = lazy(() =>
  import('../files/SavedLabsDialog.tsx').then((m) => ({ default: m.SavedLabsDialog })),
);
const WorkshopDialog = lazy(() =>
  import('../workshop/WorkshopDialog.tsx').then((m) => ({ default: m.WorkshopDialog })),
);
const RulesPanel = lazy(() => import('../rules/RulesPanel.tsx').then((m) => ({ default: m.RulesPanel })));
const ProblemsPanel = lazy(() =>
  import('../problems/ProblemsPanel.tsx').then((m) => ({ default: m.ProblemsPanel })),
);
const AddressPlan = lazy(() =>
  import('../address-plan/AddressPlan.tsx').then((m) => ({ default: m.AddressPlan })),
);
const TracePanel = lazy(() => import('../trace/TracePanel.tsx').then((m) => ({ default: m.TracePanel })));
const MatrixTab = lazy(() => import('../matrix/MatrixTab.tsx'));
const ConsoleTab = lazy(() => import('../console/ConsoleTab.tsx'));
const CaptureTab = lazy(() => import('../capture/CaptureTab.tsx'));
const ShareDialog = lazy(() => import('../files/ShareDialog.tsx').then((m) => ({ default: m.ShareDialog })));

export function Workbench() {
  const dialog = useUi((s) => s.dialog);
  const close = useUi((s) => s.openDialog);
  useShortcuts();
  useLintWorker(useLabStore());
  useExerciseLink();
  const onClose = () => close(null);
  return (
    <CanvasProvider>
      <div className="workbench">
        <Toolbar />
        <Palette />
        <main className="workbench__canvas" aria-label="Lab canvas">
          <TraceBar />
          <Canvas />
        </main>
        <Inspector />
        <Dock
          tabs={[
            { id: 'trace', label: 'Trace', panel: <TracePanel /> },
            { id: 'rules', label: 'Rules', panel: <RulesPanel /> },
            { id: 'problems', label: 'Problems', panel: <ProblemsPanel /> },
            { id: 'address-plan', label: 'Address plan', panel: <AddressPlan /> },
            { id: 'matrix', label: 'Reachability', panel: <MatrixTab /> },
            { id: 'console', label: 'Console', panel: <ConsoleTab /> },
            { id: 'capture', label: 'tcpdump', panel: <CaptureTab /> },
          ]}
        />
        <Notice />
        <Autosave />
        <Suspense fallback={null}>
          {dialog === 'export' && <ExportDialog onClose={onClose} />}
          {dialog === 'import' && <ImportDialog onClose={onClose} />}
          {dialog === 'new-lab' && <NewLabWizard onClose={onClose} />}
          {dialog === 'saved-labs' && <SavedLabsDialog onClose={onClose} />}
          {dialog === 'share' && <ShareDialog onClose={onClose} />}
          {dialog === 'workshop' && <WorkshopDialog onClose={onClose} />}
        </Suspense>
      </div>
    </CanvasProvider>
  );
}
