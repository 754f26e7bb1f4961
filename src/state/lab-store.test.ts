import { describe, expect, it } from 'vitest';
import { exportLab } from '../engine/export/formats.ts';
import { createDeriveMemo, deriveLab } from './lint-lab.ts';
import { createLabStore, labActions } from './lab-store.ts';

function seedFromEmptyCanvas() {
  const store = createLabStore();
  const act = labActions(store);
  const prod = act.add('production-network', { x: 0, y: 200 })!;
  act.setField('segments[0].subnet', '192.168.149.0/24');
  act.setField('segments[0].gateway', '192.168.149.2');
  const gw = act.add('production-gateway', { x: 40, y: 60 })!;
  act.connect(gw, '+', prod);
  const vbs = act.add('backup-server', { x: 240, y: 60 })!;
  act.connect(vbs, '+', prod);
  act.setField('devices[1].interfaces[0].addresses[0]', '192.168.149.22/24');
  const vm = act.add('host', { x: 440, y: 60 })!;
  act.connect(vm, '+', prod);
  act.setField('devices[2].interfaces[0].addresses[0]', '192.168.149.36/24');
  const iso = act.add('isolated-network', { x: 0, y: 520 })!;
  const app = act.add('appliance', { x: 300, y: 340 })!;
  act.connect(app, 'iso', iso);
  act.setField('virtualLabs[0].isolatedNetworks[0].masquerade', '192.168.150.0/24');
  const copy = act.add('host', { x: 300, y: 640 })!;
  act.connect(copy, '+', iso);
  act.setField('devices[3].interfaces[0].addresses[0]', '192.168.149.36/24');
  return { store, act, ids: { prod, gw, vbs, vm, iso, app, copy } };
}

describe('the lab store', () => {
  it('builds seed 000 from an empty canvas with palette, connections and fields', () => {
    const { store, ids } = seedFromEmptyCanvas();
    const doc = store.getState().doc;
    expect(ids).toEqual({
      prod: 'prod',
      gw: 'gateway',
      vbs: 'vbs',
      vm: 'vm',
      iso: 'iso',
      app: 'vlab',
      copy: 'vm2',
    });
    expect(doc.devices[0]!.interfaces[0]!.addresses).toEqual(['192.168.149.2/24']);
    expect(doc.virtualLabs?.[0]?.appliance.ip).toBe('192.168.149.50/24');
    expect(doc.virtualLabs?.[0]?.backupServer).toBe('vbs');
    const d = deriveLab(doc);
    expect(d.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
    const save = exportLab(d.network!, 'iptables-save', { device: 'vlab' });
    expect(save.ok && save.value.text).toMatch(
      /-A PREROUTING -d 192\.168\.150\.0\/24 -i eth0 -j MARK --set-xmark 0x6\/0xffffffff/,
    );
    expect(save.ok && save.value.text).toMatch(/NETMAP --to 192\.168\.149\.0\/24/);
    expect(save.ok && save.value.text).toMatch(/MASQUERADE/);
  });

  it('undo and redo walk every step back and forth; a field edit burst is one step', () => {
    const { store, act } = seedFromEmptyCanvas();
    const final = store.getState().doc;
    const steps = store.getState().history.past.length;
    expect(steps).toBeGreaterThanOrEqual(15);
    act.setField('segments[0].name', 'V');
    act.setField('segments[0].name', 'VM');
    act.setField('segments[0].name', 'VM Network');
    expect(store.getState().history.past.length).toBe(steps + 1);
    act.undo();
    expect(store.getState().doc).toEqual(final);
    for (let k = 0; k < steps; k++) act.undo();
    expect(store.getState().doc.segments).toEqual([]);
    for (let k = 0; k < steps; k++) act.redo();
    expect(store.getState().doc).toEqual(final);
  });

  it('a drag is one step, selection never enters history', () => {
    const { store, act } = seedFromEmptyCanvas();
    const n = store.getState().history.past.length;
    act.selectNodes(['vbs']);
    act.dragStart();
    for (let x = 0; x < 30; x++) act.dragMove([{ id: 'vbs', x: 240 + x, y: 60 }]);
    act.dragEnd();
    expect(store.getState().history.past.length).toBe(n + 1);
    expect(store.getState().doc.layout?.['vbs']).toEqual({ x: 269, y: 60 });
    act.undo();
    expect(store.getState().doc.layout?.['vbs']).toEqual({ x: 240, y: 60 });
    expect(store.getState().selection.nodes).toEqual(['vbs']);
  });

  it('a drag does not recompile the lab', () => {
    const { store, act } = seedFromEmptyCanvas();
    const memo = createDeriveMemo();
    const before = memo(store.getState().doc);
    act.dragMove([{ id: 'vbs', x: 1, y: 2 }]);
    expect(memo(store.getState().doc)).toBe(before);
    act.setField('segments[0].name', 'x');
    expect(memo(store.getState().doc)).not.toBe(before);
  });

  it('an overlapping masquerade network is an error at its field; undo removes it', () => {
    const { store, act } = seedFromEmptyCanvas();
    const path = 'virtualLabs[0].isolatedNetworks[0].masquerade';
    act.seal();
    act.setField(path, '192.168.149.0/24');
    const bad = deriveLab(store.getState().doc).diagnostics.filter((x) => x.paths.includes(path));
    expect(bad.some((x) => x.severity === 'error')).toBe(true);
    act.undo();
    expect(deriveLab(store.getState().doc).diagnostics.filter((x) => x.paths.includes(path))).toEqual([]);
  });

  it('delete, duplicate, copy and paste keep references consistent', () => {
    const { store, act } = seedFromEmptyCanvas();
    act.selectNodes(['vm2']);
    const dup = act.duplicate();
    expect(dup).toEqual(['vm3']);
    const d = store.getState().doc;
    expect(d.devices.find((x) => x.id === 'vm3')?.interfaces[0]?.segment).toBe('iso');
    expect(d.layout?.['vm3']).toEqual({ x: 340, y: 680 });
    act.selectNodes(['iso']);
    act.deleteSelection();
    const after = store.getState().doc;
    expect(after.segments.map((s) => s.id)).toEqual(['prod']);
    expect(after.devices.find((x) => x.id === 'vm2')?.interfaces[0]?.segment).toBeNull();
    expect(after.virtualLabs?.[0]?.isolatedNetworks).toEqual([]);
    act.undo();
    expect(store.getState().doc).toEqual(d);
  });

  it('renaming an id follows every reference', () => {
    const { store, act } = seedFromEmptyCanvas();
    expect(act.renameId('prod', 'vm-network')).toBeUndefined();
    const d = store.getState().doc;
    expect(d.virtualLabs?.[0]?.appliance.productionNetwork).toBe('vm-network');
    expect(d.virtualLabs?.[0]?.isolatedNetworks[0]?.productionNetwork).toBe('vm-network');
    expect(d.devices[0]!.interfaces[0]!.segment).toBe('vm-network');
    expect(d.layout?.['vm-network']).toBeDefined();
    expect(act.renameId('vbs', 'vm')).toMatch(/already used/);
    expect(act.renameId('vbs', 'a b')).toMatch(/not a valid id/);
  });

  it('the appliance waits for a production network with a subnet', () => {
    const store = createLabStore();
    const act = labActions(store);
    expect(act.add('appliance', { x: 0, y: 0 })).toBeUndefined();
    expect(store.getState().notice?.text).toMatch(/production network first/);
    expect(store.getState().history.past).toEqual([]);
  });
});
