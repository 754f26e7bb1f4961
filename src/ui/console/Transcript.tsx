/**
 * The console's transcript, a log: each command after its prompt, then what the tool printed, stdout
 * as is and stderr in the warning colour. When the lab changed between two commands, a note says that
 * the kernel state started afresh there.
 */
import { useEffect, useRef } from 'react';
import type { Network } from '../../engine/model/network.ts';
import { prompt } from './prompt.ts';

export interface TranscriptEntry {
  readonly id: number;
  /** The lab the command ran against. */
  readonly network: Network;
  readonly device: string;
  readonly line: string;
  readonly stdout: string;
  readonly stderr: string;
}

export interface TranscriptProps {
  readonly entries: readonly TranscriptEntry[];
  /** A click that selects nothing puts the cursor back on the command line. */
  onFocusInput(): void;
}

export function Transcript({ entries, onFocusInput }: TranscriptProps) {
  const log = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = log.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [entries]);
  return (
    <div
      className="console__log"
      role="log"
      aria-live="polite"
      aria-label="Console transcript"
      data-testid="console-log"
      ref={log}
      onClick={() => {
        if (!window.getSelection()?.toString()) onFocusInput();
      }}
    >
      {entries.map((e, i) => (
        <div key={e.id} className="console__entry" data-testid="console-entry">
          {i > 0 && entries[i - 1]!.network !== e.network && (
            <p className="console__note">The lab changed: connection tracking and ARP caches start empty.</p>
          )}
          <div className="console__command">
            <span className="console__prompt">{prompt(e.device)}</span>
            {e.line}
          </div>
          {e.stdout && <pre className="console__stdout">{e.stdout}</pre>}
          {e.stderr && (
            <pre className="console__stderr" data-testid="console-stderr">
              {e.stderr}
            </pre>
          )}
        </div>
      ))}
    </div>
  );
}
