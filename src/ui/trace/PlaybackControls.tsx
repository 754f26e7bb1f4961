/** Play/pause, step back and forth, speed and a scrubber over the trace's frames. */
import { SPEEDS } from '../../state/playback/playback-store.ts';
import { IconBack, IconEnd, IconForward, IconPause, IconPlay, IconStart } from './icons.tsx';
import { playback, usePlayback } from './playback.ts';

export function PlaybackControls({
  frames,
  replyStart,
}: {
  readonly frames: number;
  readonly replyStart: number;
}) {
  const index = Math.min(
    usePlayback((s) => s.index),
    frames - 1,
  );
  const playing = usePlayback((s) => s.playing);
  const speed = usePlayback((s) => s.speed);
  const p = playback.getState();
  const atEnd = index >= frames - 1;
  return (
    <div className="playback" role="group" aria-label="Playback">
      <button
        type="button"
        className="icon-btn"
        title="To the start"
        aria-label="To the start"
        onClick={() => p.seek(-1, frames)}
        disabled={index < 0}
      >
        <IconStart />
      </button>
      <button
        type="button"
        className="icon-btn"
        title="Step back"
        aria-label="Step back"
        onClick={() => p.step(-1, frames)}
        disabled={index < 0}
        data-testid="step-back"
      >
        <IconBack />
      </button>
      {playing ? (
        <button
          type="button"
          className="icon-btn"
          title="Pause"
          aria-label="Pause"
          onClick={p.pause}
          data-testid="pause"
        >
          <IconPause />
        </button>
      ) : (
        <button
          type="button"
          className="icon-btn"
          title={atEnd ? 'Replay' : 'Play'}
          aria-label={atEnd ? 'Replay' : 'Play'}
          onClick={() => p.play(frames)}
          data-testid="play"
        >
          <IconPlay />
        </button>
      )}
      <button
        type="button"
        className="icon-btn"
        title="Step forward"
        aria-label="Step forward"
        onClick={() => p.step(1, frames)}
        disabled={atEnd}
        data-testid="step-forward"
      >
        <IconForward />
      </button>
      <button
        type="button"
        className="icon-btn"
        title="To the end"
        aria-label="To the end"
        onClick={() => p.seek(frames - 1, frames)}
        disabled={atEnd}
      >
        <IconEnd />
      </button>
      <label className="playback__speed">
        <span className="visually-hidden">Speed</span>
        <select value={speed} onChange={(e) => p.setSpeed(Number(e.target.value))} aria-label="Speed">
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <div className="playback__scrub">
        <input
          type="range"
          min={-1}
          max={frames - 1}
          value={index}
          aria-label="Step"
          aria-valuetext={index < 0 ? 'before the first step' : `step ${index + 1} of ${frames}`}
          onChange={(e) => p.seek(Number(e.target.value), frames)}
          data-testid="scrubber"
          style={{ ['--reply-at' as string]: `${((replyStart + 1) / (frames + 1)) * 100}%` }}
        />
      </div>
      <span className="playback__pos" data-testid="step-position">
        {index < 0 ? 'ready' : `${index + 1}/${frames}`}
      </span>
    </div>
  );
}
