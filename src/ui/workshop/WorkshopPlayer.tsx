/**
 * A workshop session played on the trace: the session's flow is the flow traced, the playback waits
 * before each step a question asks about, the learner predicts, the answer is revealed and scored,
 * and the packet goes on. Shown at the top of the Trace tab's detail column.
 */
import { useEffect, useMemo } from 'react';
import { useStore } from 'zustand';
import { frameIndexOf, type Timeline } from '../../engine/timeline/timeline.ts';
import type { ExerciseProbe } from '../../engine/workshop/exercise.ts';
import type { TraceRequest } from '../../state/playback/playback-store.ts';
import { currentQuestion, type WorkshopSession } from '../../state/workshop/session.ts';
import { playback, usePlayback } from '../trace/playback.ts';
import { QuestionCard } from './QuestionCard.tsx';
import { ScoreBadge } from './ScoreBadge.tsx';
import { useWorkshop } from './workshop-mode.ts';

function requestOf(p: ExerciseProbe, label?: string): TraceRequest {
  return {
    from: p.from,
    to: p.to,
    proto: p.proto ?? 'icmp',
    ...(p.dport !== undefined ? { dport: p.dport } : {}),
    ...(label ? { label } : {}),
  };
}

const sameFlow = (a: TraceRequest | null, b: TraceRequest) =>
  a !== null && a.from === b.from && a.to === b.to && a.proto === b.proto && a.dport === b.dport;

export function WorkshopPlayer({
  session,
  timeline,
}: {
  readonly session: WorkshopSession;
  readonly timeline: Timeline | null;
}) {
  const s = useStore(session);
  const ex = s.exercise;
  const playFlow = ex.flows[s.flow];
  const want = useMemo(
    () => (playFlow ? requestOf(playFlow.flow.probe, playFlow.flow.label) : null),
    [playFlow],
  );
  const request = usePlayback((p) => p.request);
  const index = usePlayback((p) => p.index);
  const onFlow = want !== null && sameFlow(request, want);

  // the session's current flow is the one traced (paused at the start: the learner plays it)
  useEffect(() => {
    if (want && !sameFlow(playback.getState().request, want))
      playback.getState().start(want, { play: false });
  }, [want]);

  const q = currentQuestion(s, ex);
  const at = q && timeline && onFlow ? frameIndexOf(timeline, q.question.at) : -1;
  const limit = q && !s.revealed && at >= 0 ? at - 1 : null;
  useEffect(() => {
    playback.getState().setLimit(limit);
    return () => playback.getState().setLimit(null);
  }, [limit]);

  const waiting = q !== null && at >= 0 && index >= at - 1;
  const answer = s.answers[s.flow]?.[s.question] ?? null;
  const frames = timeline?.frames.length ?? 0;
  return (
    <section className="ws-player" aria-label="Workshop" data-testid="workshop-player">
      <div className="ws-player__head">
        <strong>{ex.exercise.title}</strong>
        <ScoreBadge correct={s.score.correct} total={s.score.total} />
        <button type="button" className="btn btn--link" onClick={() => useWorkshop.getState().leave()}>
          Leave workshop
        </button>
      </div>
      {ex.flows.length > 1 && (
        <label className="ws-player__flow">
          Flow{' '}
          <select
            value={s.flow}
            onChange={(e) => {
              const f = Number(e.target.value);
              const first = ex.flows[f]?.questions.length ? 0 : -1;
              if (first === 0) s.goTo(f, 0);
            }}
            data-testid="workshop-flow"
          >
            {ex.flows.map((f, i) => (
              <option key={i} value={i} disabled={f.questions.length === 0}>
                {i + 1}. {f.title}
              </option>
            ))}
          </select>
        </label>
      )}
      {!onFlow && want && (
        <p>
          The trace shows another flow.{' '}
          <button
            type="button"
            className="btn btn--link"
            onClick={() => playback.getState().start(want, { play: false })}
          >
            Back to the exercise's flow
          </button>
        </p>
      )}
      {s.finished && (
        <p data-testid="workshop-finished">
          Done: {s.score.correct} of {s.score.total} right.{' '}
          <button type="button" className="btn btn--link" onClick={s.restart}>
            Start again
          </button>
        </p>
      )}
      {q && onFlow && !waiting && (
        <p className="muted">
          Question {s.question + 1} of {playFlow?.questions.length}: play or step the packet; it stops before
          the step to predict.
        </p>
      )}
      {q && waiting && (
        <>
          <QuestionCard
            key={`${s.flow}:${s.question}`}
            question={{
              prompt: q.question.prompt ?? q.candidate.prompt,
              kind: q.question.kind,
              ...(q.candidate.options ? { options: q.candidate.options } : {}),
            }}
            onSubmit={s.submit}
            {...(answer ? { revealed: answer } : {})}
          />
          {answer && (
            <button
              type="button"
              className="btn btn--primary"
              data-testid="workshop-continue"
              onClick={() => {
                s.next();
                playback.getState().step(1, frames);
              }}
            >
              Continue
            </button>
          )}
        </>
      )}
    </section>
  );
}
