/**
 * A per-device terminal: type the kernel's own commands (`ip route get …`, `iptables -S`, `ping`,
 * `conntrack -L`) and read what the real tools would print on that device. One simulation state (the
 * lab's conntrack tables and ARP caches) lives as long as the network object does, so a ping leaves
 * entries that `conntrack -L` then lists, on any device; `conntrack -F` empties one device's table.
 */
import { useRef, useState, type KeyboardEvent } from 'react';
import type { Network } from '../../engine/model/network.ts';
import { routeGet } from '../../engine/routing/route-get.ts';
import { SimState } from '../../engine/sim/state.ts';
import { parseConsoleLine } from '../../engine/tools/console-line.ts';
import { execCommand } from '../../engine/tools/exec.ts';
import { completeCommand } from './complete.ts';
import { EMPTY_HISTORY, newer, older, remember } from './history.ts';
import { prompt } from './prompt.ts';
import { Transcript, type TranscriptEntry } from './Transcript.tsx';
import './console.css';

export interface ConsolePanelProps {
  readonly network: Network | undefined;
  readonly deviceIds: readonly string[];
  /** The device the console runs on (controlled); the first device otherwise. */
  readonly device?: string;
  onDeviceChange?(id: string): void;
}

export function ConsolePanel({ network, deviceIds, device, onDeviceChange }: ConsolePanelProps) {
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const current = [device, chosen].find((d) => d !== undefined && deviceIds.includes(d)) ?? deviceIds[0];
  const [entries, setEntries] = useState<readonly TranscriptEntry[]>([]);
  const [input, setInput] = useState('');
  const [history, setHistory] = useState(EMPTY_HISTORY);
  // the lab's kernel state: a new (or edited) lab starts afresh
  const [sim, setSim] = useState(() => ({ network, state: new SimState() }));
  if (sim.network !== network) setSim({ network, state: new SimState() });
  const counter = useRef(0);
  const field = useRef<HTMLInputElement>(null);

  if (!network)
    return (
      <section className="console console--empty" data-testid="console-panel" aria-label="Console">
        <p className="empty-state">Open a lab to run commands on its devices.</p>
      </section>
    );
  if (current === undefined)
    return (
      <section className="console console--empty" data-testid="console-panel" aria-label="Console">
        <p className="empty-state">This lab has no devices to run commands on.</p>
      </section>
    );

  const pick = (id: string) => {
    setChosen(id);
    onDeviceChange?.(id);
  };

  const run = () => {
    const line = input;
    setInput('');
    setHistory(remember(history, line));
    const parsed = parseConsoleLine(line);
    if (parsed.ok && parsed.argv.length === 1 && parsed.argv[0] === 'clear') {
      setEntries([]);
      return;
    }
    const out = !parsed.ok
      ? { stdout: '', stderr: `natlab: ${parsed.error}\n` }
      : parsed.argv.length === 0
        ? { stdout: '', stderr: '' }
        : execCommand(network, current, parsed.argv, { routeGet, state: sim.state });
    const entry = {
      id: counter.current++,
      network,
      device: current,
      line,
      stdout: out.stdout,
      stderr: out.stderr,
    };
    setEntries((es) => [...es, entry]);
  };

  const recall = (r: ReturnType<typeof newer>, e: KeyboardEvent) => {
    if (r === null) return;
    e.preventDefault();
    setHistory(r.history);
    setInput(r.line);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      run();
    } else if (e.key === 'ArrowUp') recall(older(history, input), e);
    else if (e.key === 'ArrowDown') recall(newer(history), e);
    else if (e.key === 'l' && e.ctrlKey) {
      e.preventDefault();
      setEntries([]);
    } else if (e.key === 'Tab' && !e.shiftKey && !e.ctrlKey && !e.altKey) {
      // only when there is something to complete: otherwise Tab leaves the field, as it should
      const done = completeCommand(input);
      if (done !== null) {
        e.preventDefault();
        setInput(done);
      }
    }
  };

  return (
    <section className="console" data-testid="console-panel" aria-label="Console">
      <div className="console__bar">
        <label className="console__field">
          Device
          <select data-testid="console-device" value={current} onChange={(e) => pick(e.target.value)}>
            {deviceIds.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
        <span className="console__hint">
          <code>help</code> lists the commands · <code>conntrack -F</code> resets a device’s connection
          tracking · <code>clear</code> or Ctrl+L clears
        </span>
      </div>
      <Transcript entries={entries} onFocusInput={() => field.current?.focus()} />
      <div className="console__input">
        <span className="console__prompt" aria-hidden="true">
          {prompt(current)}
        </span>
        <input
          ref={field}
          data-testid="console-input"
          aria-label={`Command to run on ${current}`}
          value={input}
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="off"
          onChange={(e) => {
            setInput(e.target.value);
            if (history.cursor !== null) setHistory({ ...history, cursor: null, draft: '' });
          }}
          onKeyDown={onKeyDown}
        />
      </div>
    </section>
  );
}
