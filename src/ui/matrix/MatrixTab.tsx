/**
 * The Reachability tab: the what-if toggles beside the matrix of the lab (with them applied); a click
 * on a cell traces that flow and opens the Trace tab.
 */
import { formatIpv4 } from '../../engine/addr/ipv4.ts';
import { useDerived, useLab } from '../app/lab-hooks.ts';
import { useUi } from '../app/ui-state.ts';
import { playback } from '../trace/playback.ts';
import { useTrace } from '../trace/use-trace.ts';
import { useWhatIf, whatIf } from '../trace/whatif.ts';
import { MatrixPanel } from './MatrixPanel.tsx';
import { WhatIfPanel } from './WhatIfPanel.tsx';
import './matrix.css';

export default function MatrixTab() {
  const doc = useLab((s) => s.doc);
  // the lab's own network: the panel applies the toggles itself, to show before → after
  const { expanded, network } = useDerived();
  const { whatIfError } = useTrace();
  const toggles = useWhatIf((s) => s.toggles);
  return (
    <div className="matrix-tab" data-testid="matrix-tab">
      <div className="matrix-tab__whatif">
        <WhatIfPanel
          {...(expanded ? { expanded } : {})}
          toggles={toggles}
          onChange={(t) => whatIf.getState().replace(t)}
        />
        {whatIfError && (
          <p role="alert" className="trace-error">
            With these changes the lab does not compile: {whatIfError}
          </p>
        )}
      </div>
      <MatrixPanel
        doc={doc}
        {...(expanded ? { expanded } : {})}
        {...(network ? { network } : {})}
        whatIf={toggles}
        onTrace={(probe, label) => {
          playback.getState().start({
            from: probe.from,
            to: formatIpv4(probe.to),
            proto: probe.proto ?? 'icmp',
            ...(probe.dport !== undefined ? { dport: probe.dport } : {}),
            label,
          });
          useUi.getState().showDock('trace');
        }}
      />
    </div>
  );
}
