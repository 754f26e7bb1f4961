/** The tcpdump lines of a capture: one row per frame, request and reply told apart by colour and word. */
import type { CapturedFrame } from '../../engine/capture/index.ts';

export interface CaptureLinesProps {
  readonly frames: readonly CapturedFrame[];
  readonly lines: readonly string[];
}

export function CaptureLines({ frames, lines }: CaptureLinesProps) {
  return (
    <ol className="capture__lines" data-testid="capture-lines">
      {lines.map((line, i) => {
        const f = frames[i]!;
        return (
          <li
            key={`${f.ref.leg}:${f.ref.hop}:${f.ref.step}:${f.direction}`}
            className={`capture__line capture__line--${f.leg}`}
            data-leg={f.leg}
            data-testid="capture-line"
          >
            <span className="capture__tag" title={f.direction === 'out' ? 'sent here' : 'received here'}>
              {f.leg} {f.direction === 'out' ? '→' : '←'}
            </span>
            <code className="capture__text">{line}</code>
          </li>
        );
      })}
    </ol>
  );
}
