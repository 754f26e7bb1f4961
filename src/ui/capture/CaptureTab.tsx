/** The tcpdump tab of the dock: the capture view of the trace on screen. */
import { useLab } from '../app/lab-hooks.ts';
import { useTrace } from '../trace/use-trace.ts';
import { CapturePanel } from './CapturePanel.tsx';

export default function CaptureTab() {
  const { network, view } = useTrace();
  const name = useLab((s) => s.doc.name);
  return <CapturePanel result={view?.ok ? view.value.result : null} network={network} labName={name} />;
}
