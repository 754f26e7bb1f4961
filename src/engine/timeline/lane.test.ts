import { describe, expect, it } from 'vitest';
import { parseIpv4, type Ipv4 } from '../addr/ipv4.ts';
import { trace } from '../sim/trace.ts';
import { network, publicLab } from '../vlab/vlab.test-support.ts';
import { laneOf, type Lane, type LaneCell } from './lane.ts';

const ip = (s: string) => (parseIpv4(s) as { value: Ipv4 }).value;

function lanes() {
  const net = network(publicLab('surebackup-basic'));
  const r = trace(net, { from: 'vbs', to: ip('192.168.150.36') });
  if (!r.ok) throw new Error(r.error);
  const vlab = net.byId.get('vlab')!;
  const hopOf = (leg: 'request' | 'reply') => r.value[leg]!.hops.find((h) => h.device === 'vlab')!;
  return { request: laneOf(vlab, hopOf('request')), reply: laneOf(vlab, hopOf('reply')) };
}

/** One line per stage: `PREROUTING raw- conntrack+ mangle+ nat+`, `route input table 2`. */
function shape(l: Lane): string[] {
  const cell = (c: LaneCell) =>
    `${c.kind === 'table' ? c.table : 'conntrack'}${c.status === 'visited' ? '+' : '-'}`;
  return l.stages.map((s) =>
    s.kind === 'hook' ? `${s.chain} ${s.cells.map(cell).join(' ')}` : `route ${s.purpose} table ${s.table}`,
  );
}

describe('laneOf', () => {
  it('lays the forwarded request out in hook order, with the routing decision between the hooks', () => {
    expect(shape(lanes().request)).toEqual([
      'PREROUTING raw- conntrack+ mangle+ nat+',
      'route input table 2',
      'FORWARD mangle- filter+',
      'POSTROUTING mangle- nat+',
    ]);
  });

  it('lists every rule of the walked chains, matched ones marked', () => {
    const pre = lanes().request.stages[0]!;
    if (pre.kind !== 'hook') throw new Error('not a hook');
    const nat = pre.cells.find((c) => c.kind === 'table' && c.table === 'nat');
    if (nat?.kind !== 'table') throw new Error('no nat cell');
    expect(nat.chains.map((c) => c.name)).toEqual(['PREROUTING']);
    const rules = nat.chains[0]!.rules;
    expect(rules[0]).toMatchObject({
      index: 1,
      text: '-d 192.168.150.0/24 -i eth0 -j NETMAP --to 192.168.149.0/24',
      matched: true,
      verdict: 'accept',
    });
  });

  it('shows the reply skipping the nat chains: conntrack de-NATs it', () => {
    const l = lanes().reply;
    expect(shape(l)[0]).toBe('PREROUTING raw- conntrack+ mangle+ nat+');
    const pre = l.stages[0]!;
    if (pre.kind !== 'hook') throw new Error('not a hook');
    const nat = pre.cells.find((c) => c.kind === 'table' && c.table === 'nat');
    if (nat?.kind !== 'table') throw new Error('no nat cell');
    expect(nat.chains).toEqual([]);
    expect(nat.steps).toHaveLength(1);
  });
});
