/**
 * Playback of a packet trace: which flow is traced, which frame of its timeline is shown, whether it
 * plays and how fast. Ephemeral (architecture P8): never in the lab, its history or saved files. The
 * trace itself is derived from the lab and this request (src/ui/trace/use-trace.ts), so an edit to the
 * lab re-traces instead of showing a stale packet.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ProbeProto } from '../../engine/sim/trace.ts';

/** What the trace bar asks: from a device to an address or a device, with a protocol and port. */
export interface TraceRequest {
  readonly from: string;
  /** An IPv4 address, or a device id (its primary address). */
  readonly to: string;
  readonly proto: ProbeProto;
  readonly dport?: number;
  /** Shown in the event list's title ("vbs → sf0006-copy via masquerade 192.168.150.36"). */
  readonly label?: string;
}

export const SPEEDS = [0.25, 0.5, 1, 2, 4] as const;

export interface PlaybackState {
  /** The trace bar's fields, as typed (kept while the user edits them). */
  readonly form: TraceRequest;
  /** The flow being shown, or null before the first trace. */
  readonly request: TraceRequest | null;
  /** Bumped on every run, so re-running the same flow restarts it. */
  readonly run: number;
  /** Index of the frame shown: steps 0..index have happened. -1: the packet is about to leave. */
  readonly index: number;
  readonly playing: boolean;
  readonly speed: number;
  /** Picking the flow on the canvas: the next click on a card sets this end. */
  readonly picking: 'from' | 'to' | null;
  /**
   * The last frame the playback may show (a workshop question waits at the frame before the step it
   * asks about); null: no limit.
   */
  readonly limit: number | null;
}

export interface PlaybackActions {
  setForm(patch: Partial<TraceRequest>): void;
  /** Traces the form (or `req`) and starts playing from the first step. */
  start(req?: TraceRequest, opts?: { readonly play?: boolean }): void;
  clear(): void;
  play(frames: number): void;
  pause(): void;
  /** Moves by `delta` frames within `[-1, frames - 1]`, and pauses. */
  step(delta: number, frames: number): void;
  seek(index: number, frames: number): void;
  /** The clock's advance while playing: stops at the last frame. */
  advance(frames: number): void;
  setSpeed(speed: number): void;
  pick(end: 'from' | 'to' | null): void;
  setLimit(limit: number | null): void;
  /** A click on a card while picking: the source, then the destination (which runs the trace). */
  picked(device: string): void;
}

export type PlaybackStore = StoreApi<PlaybackState & PlaybackActions>;

const clamp = (i: number, frames: number, limit: number | null) =>
  Math.max(-1, Math.min(frames - 1, limit ?? Infinity, i));

export function createPlaybackStore(initial?: Partial<TraceRequest>): PlaybackStore {
  return createStore<PlaybackState & PlaybackActions>()((set, get) => ({
    form: { from: '', to: '', proto: 'icmp', ...initial },
    request: null,
    run: 0,
    index: -1,
    playing: false,
    speed: 1,
    picking: null,
    limit: null,
    setForm: (patch) => set((s) => ({ form: { ...s.form, ...patch } })),
    start: (req, opts) => {
      const request = req ?? get().form;
      set((s) => ({
        request,
        form: req ? { ...req } : s.form,
        run: s.run + 1,
        index: -1,
        playing: opts?.play ?? true,
      }));
    },
    clear: () => set({ request: null, index: -1, playing: false }),
    play: (frames) =>
      set((s) => {
        if (frames === 0 || (s.limit !== null && s.index >= s.limit)) return s;
        return { playing: true, index: s.index >= frames - 1 ? -1 : s.index };
      }),
    pause: () => set({ playing: false }),
    step: (delta, frames) => set((s) => ({ playing: false, index: clamp(s.index + delta, frames, s.limit) })),
    seek: (index, frames) => set((s) => ({ playing: false, index: clamp(index, frames, s.limit) })),
    advance: (frames) =>
      set((s) => {
        const index = clamp(s.index + 1, frames, s.limit);
        return { index, playing: index < Math.min(frames - 1, s.limit ?? Infinity) };
      }),
    setLimit: (limit) => set((s) => ({ limit, index: limit === null ? s.index : Math.min(s.index, limit) })),
    setSpeed: (speed) => set({ speed }),
    pick: (picking) => set({ picking }),
    picked: (device) => {
      const end = get().picking;
      if (end === 'from') set((s) => ({ form: { ...s.form, from: device }, picking: 'to' }));
      else if (end === 'to') {
        set((s) => ({ form: { ...s.form, to: device }, picking: null }));
        get().start();
      }
    },
  }));
}
