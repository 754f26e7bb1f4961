import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadLabValue } from '../../lab/load.ts';
import { createPlaybackStore } from './playback-store.ts';
import { probeLabel, resolveDestination, traceView } from './trace-view.ts';

function seed() {
  const json: unknown = JSON.parse(
    readFileSync(new URL('../../../public/labs/surebackup-basic.lab.json', import.meta.url), 'utf8'),
  );
  const r = loadLabValue(json);
  if (!r.ok) throw new Error('seed does not load');
  return r.network;
}

describe('traceView', () => {
  it('traces the form from a device to an address', () => {
    const v = traceView(seed(), { from: 'vbs', to: '192.168.150.36', proto: 'icmp' });
    if (!v.ok) throw new Error(v.error);
    expect(probeLabel(v.value.probe)).toBe('vbs → 192.168.150.36 icmp');
    expect(v.value.result.outcome).toBe('answered');
    expect(v.value.timeline.frames.length).toBeGreaterThan(v.value.timeline.replyStart);
  });

  it('resolves a device to its primary address, and says what is wrong with bad input', () => {
    const net = seed();
    expect(resolveDestination(net, 'sf0006-copy')).toEqual({ ok: true, value: 0xc0a89524 }); // 192.168.149.36
    expect(resolveDestination(net, '192.168.150.300')).toMatchObject({ ok: false });
    expect(resolveDestination(net, 'nosuch')).toEqual({
      ok: false,
      error: 'No device "nosuch" and not an IPv4 address',
    });
    expect(traceView(net, { from: 'vbs', to: '192.168.150.36', proto: 'tcp' })).toEqual({
      ok: false,
      error: 'A tcp trace needs a destination port (1–65535)',
    });
    expect(traceView(net, { from: '', to: '1.2.3.4', proto: 'icmp' })).toEqual({
      ok: false,
      error: 'Pick a source',
    });
  });
});

describe('playback store', () => {
  it('steps within the timeline and pauses when stepping', () => {
    const s = createPlaybackStore({ from: 'vbs', to: '192.168.150.36' });
    s.getState().start();
    expect(s.getState()).toMatchObject({ index: -1, playing: true, run: 1 });
    s.getState().step(1, 3);
    expect(s.getState()).toMatchObject({ index: 0, playing: false });
    s.getState().step(10, 3);
    expect(s.getState().index).toBe(2);
    s.getState().step(-10, 3);
    expect(s.getState().index).toBe(-1);
  });

  it('advances while playing and stops at the last frame; play again restarts from the top', () => {
    const s = createPlaybackStore();
    s.getState().start({ from: 'a', to: 'b', proto: 'icmp' });
    s.getState().advance(2);
    expect(s.getState()).toMatchObject({ index: 0, playing: true });
    s.getState().advance(2);
    expect(s.getState()).toMatchObject({ index: 1, playing: false });
    s.getState().play(2);
    expect(s.getState()).toMatchObject({ index: -1, playing: true });
  });
});

describe('picking a flow on the canvas', () => {
  it('takes the source, then the destination, and runs the trace', () => {
    const s = createPlaybackStore();
    s.getState().pick('from');
    s.getState().picked('vbs');
    expect(s.getState()).toMatchObject({ picking: 'to', form: { from: 'vbs' }, request: null });
    s.getState().picked('sf0006-copy');
    expect(s.getState()).toMatchObject({
      picking: null,
      request: { from: 'vbs', to: 'sf0006-copy', proto: 'icmp' },
      playing: true,
    });
  });
});

describe('a workshop question holds the playback', () => {
  it('stops before the limit, whether playing, stepping or seeking, until it is lifted', () => {
    const s = createPlaybackStore();
    s.getState().start({ from: 'a', to: 'b', proto: 'icmp' });
    s.getState().setLimit(1);
    s.getState().advance(5);
    s.getState().advance(5);
    expect(s.getState()).toMatchObject({ index: 1, playing: false });
    s.getState().play(5);
    expect(s.getState().playing).toBe(false);
    s.getState().step(1, 5);
    s.getState().seek(4, 5);
    expect(s.getState().index).toBe(1);
    s.getState().setLimit(null);
    s.getState().step(1, 5);
    expect(s.getState().index).toBe(2);
    s.getState().setLimit(0);
    expect(s.getState().index).toBe(0);
  });
});
