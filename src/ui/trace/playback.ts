/**
 * The workbench's playback store (one per page, like the dock's UI state): which flow is traced and
 * which frame is shown. The trace itself is derived (use-trace.ts).
 */
import { useStore } from 'zustand';
import {
  createPlaybackStore,
  type PlaybackActions,
  type PlaybackState,
} from '../../state/playback/playback-store.ts';

export const playback = createPlaybackStore();

export function usePlayback<T>(selector: (s: PlaybackState & PlaybackActions) => T): T {
  return useStore(playback, selector);
}
