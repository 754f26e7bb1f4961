/**
 * The tcpdump view of a traced exchange: pick where to capture (an interface, or a whole segment),
 * read the lines `tcpdump -n` (or `-n -e`) would print there, download them as a `.pcap` for
 * Wireshark. Everything is derived from the trace; the only state is the picker and the -e switch.
 */
import { useMemo, useRef, useState } from 'react';
import {
  captureFileName,
  captureFrames,
  capturePointKey,
  capturePoints,
  defaultCapturePoint,
  tcpdumpLines,
  writePcap,
} from '../../engine/capture/index.ts';
import type { Network } from '../../engine/model/network.ts';
import type { TraceResult } from '../../engine/sim/steps.ts';
import { CaptureLines } from './CaptureLines.tsx';
import { downloadPcap } from './download-pcap.ts';
import './capture.css';

export interface CapturePanelProps {
  readonly result: TraceResult | null;
  readonly network: Network | undefined;
  readonly labName: string;
}

export function CapturePanel({ result, network, labName }: CapturePanelProps) {
  const [chosen, setChosen] = useState<string | null>(null);
  const [ether, setEther] = useState(false);
  const root = useRef<HTMLElement>(null);
  const points = useMemo(() => (result && network ? capturePoints(result, network) : []), [result, network]);
  const fallback = useMemo(() => {
    const p = result && network ? defaultCapturePoint(result, network) : null;
    return p ? capturePointKey(p) : null;
  }, [result, network]);
  // a choice from an earlier trace that this one did not touch falls back to the default
  const current = points.find((p) => p.key === chosen) ?? points.find((p) => p.key === fallback) ?? points[0];
  const frames = useMemo(
    () => (result && network && current ? captureFrames(result, network, current.point) : []),
    [result, network, current],
  );
  const lines = useMemo(() => tcpdumpLines(frames, { ether }), [frames, ether]);

  if (!result || !network)
    return (
      <section className="capture capture--empty" data-testid="capture-panel" aria-label="Capture">
        <p className="empty-state">
          Trace a packet first: this tab then shows what <code>tcpdump</code> would print on any interface it
          crossed, and lets you download the exchange as a <code>.pcap</code> file for Wireshark.
        </p>
      </section>
    );
  if (!current)
    return (
      <section className="capture capture--empty" data-testid="capture-panel" aria-label="Capture">
        <p className="empty-state">
          Nothing went on a wire: the packet never left {result.request.from}, so no interface would capture
          it.
        </p>
      </section>
    );
  const ifaces = points.filter((p) => p.point.kind === 'iface');
  const segments = points.filter((p) => p.point.kind === 'segment');
  const flags = `-n${ether ? ' -e' : ''}`;
  const command =
    current.point.kind === 'iface'
      ? `${current.point.device}# tcpdump ${flags} -i ${current.point.iface}`
      : `$ tcpdump ${flags} -r ${captureFileName(labName, current.point)}`;
  return (
    <section className="capture" data-testid="capture-panel" aria-label="Capture" ref={root}>
      <div className="capture__bar">
        <label className="capture__field">
          Capture on
          <select data-testid="capture-point" value={current.key} onChange={(e) => setChosen(e.target.value)}>
            <optgroup label="Interfaces">
              {ifaces.map((p) => (
                <option key={p.key} value={p.key}>
                  {p.label}
                </option>
              ))}
            </optgroup>
            <optgroup label="Segments">
              {segments.map((p) => (
                <option key={p.key} value={p.key}>
                  {p.label}
                </option>
              ))}
            </optgroup>
          </select>
        </label>
        <label className="capture__field">
          <input
            type="checkbox"
            data-testid="capture-ether"
            checked={ether}
            onChange={(e) => setEther(e.target.checked)}
          />
          MAC addresses (-e)
        </label>
        <button
          type="button"
          className="btn"
          data-testid="capture-download"
          onClick={() =>
            downloadPcap(captureFileName(labName, current.point), writePcap(frames), root.current)
          }
        >
          Download .pcap
        </button>
      </div>
      <p className="capture__command">
        <code data-testid="capture-command">{command}</code>
        <span>
          {frames.length} frame{frames.length === 1 ? '' : 's'}; times, IP ids and TCP sequence numbers are
          synthetic
        </span>
      </p>
      <CaptureLines frames={frames} lines={lines} />
    </section>
  );
}
