import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WhatIfToggle } from '../../engine/whatif/toggles.ts';
import { loadLabValue } from '../../lab/load.ts';
import { createWhatIfNetworkMemo, togglesKey } from './whatif-network.ts';
import { createWhatIfStore } from './whatif-store.ts';

const loaded = () => {
  const r = loadLabValue(
    JSON.parse(
      readFileSync(
        path.resolve(import.meta.dirname, '../../../public/labs/surebackup-basic.lab.json'),
        'utf8',
      ),
    ),
  );
  if (!r.ok) throw new Error('the seed lab does not load');
  return r;
};

const rpf = (value: number): WhatIfToggle => ({
  kind: 'sysctl',
  device: 'vlab',
  key: 'net.ipv4.conf.all.rp_filter',
  value,
});
const natOff: WhatIfToggle = {
  kind: 'rule-off',
  device: 'vlab',
  table: 'nat',
  chain: 'PREROUTING',
  index: 0,
};

describe('createWhatIfStore', () => {
  it('toggles, sets, replaces and clears', () => {
    const s = createWhatIfStore();
    expect(s.getState().toggles).toEqual([]);
    s.getState().toggle(natOff);
    s.getState().set(rpf(1));
    expect(s.getState().toggles).toEqual([natOff, rpf(1)]);
    s.getState().set(rpf(2));
    expect(s.getState().toggles).toEqual([natOff, rpf(2)]);
    s.getState().toggle(natOff);
    expect(s.getState().toggles).toEqual([rpf(2)]);
    s.getState().replace([natOff]);
    expect(s.getState().toggles).toEqual([natOff]);
    s.getState().clear();
    expect(s.getState().toggles).toEqual([]);
  });
});

describe('whatIfNetwork', () => {
  it('without toggles: the lab’s own network, the same object', () => {
    const r = loaded();
    const memo = createWhatIfNetworkMemo();
    const a = memo(r.expanded, [], r.network);
    expect(a.ok && a.value).toBe(r.network);
    // without a base network: compiled once, then the same object
    const b = memo(r.expanded, []);
    const c = memo(r.expanded, []);
    expect(b.ok && c.ok && b.value === c.value).toBe(true);
  });

  it('with toggles: compiled once per set of toggles, and different from the lab', () => {
    const r = loaded();
    const memo = createWhatIfNetworkMemo();
    const a = memo(r.expanded, [rpf(1)], r.network);
    const b = memo(r.expanded, [rpf(1)], r.network);
    if (!a.ok || !b.ok) throw new Error('no network');
    expect(a.value).toBe(b.value);
    expect(a.value).not.toBe(r.network);
    expect(a.value.byId.get('vlab')!.ifByName.get('eth0')!.conf.rp_filter).toBe(1);
    const c = memo(r.expanded, [rpf(2)], r.network);
    expect(c.ok && c.value.byId.get('vlab')!.ifByName.get('eth0')!.conf.rp_filter).toBe(2);
  });

  it('an impossible toggle is an error', () => {
    const r = loaded();
    const e = createWhatIfNetworkMemo()(r.expanded, [{ kind: 'route-off', device: 'vlab', index: 9 }]);
    expect(e).toEqual({ ok: false, error: 'what-if: vlab has no route 9' });
  });

  it('keys toggles with their values', () => {
    expect(togglesKey([natOff, rpf(1)])).toBe(
      'rule|vlab|nat|PREROUTING|0\nsysctl|vlab|net.ipv4.conf.all.rp_filter=1',
    );
  });
});
