import { describe, expect, it } from 'vitest';
import { HOOKS, type Hook } from '../model/netfilter.ts';
import type { Network } from '../model/network.ts';
import { HOOK_ORDER, type HookEntry } from '../netfilter/hook-order.ts';
import { dev, kernelLab } from '../testing/kernel-lab.ts';
import { conntrackActive, hasNetfilter, hookPlan } from './hook-plan.ts';

const name = (e: HookEntry): string => (e.kind === 'table' ? e.table : e.kind);

/** Each hook's plan of one device, as entry names. */
function plan(net: Network, id: string): Record<Hook, string[]> {
  const p = hookPlan(net.byId.get(id)!);
  return Object.fromEntries(HOOKS.map((h) => [h, p[h].map(name)])) as Record<Hook, string[]>;
}

describe('which entries of each hook a namespace runs', () => {
  it('the worked example: the appliance conntracks and NATs; the hosts run nothing', () => {
    const net = kernelLab();
    expect(plan(net, 'vlab')).toEqual({
      prerouting: ['conntrack', 'mangle', 'nat'],
      input: ['nat', 'confirm'],
      forward: [],
      output: ['conntrack', 'nat'],
      postrouting: ['nat', 'confirm'],
    });
    const vbs = net.byId.get('vbs')!;
    expect([hasNetfilter(vbs), conntrackActive(vbs)]).toEqual([false, false]);
    expect(plan(net, 'vbs')).toEqual({ prerouting: [], input: [], forward: [], output: [], postrouting: [] });
  });

  it('a filter rule without a state match leaves conntrack off; a state match switches it on', () => {
    const stateless = kernelLab((d) => {
      dev(d, 'vlab').iptables = { filter: { FORWARD: ['-p icmp -j ACCEPT'] } };
    });
    expect(plan(stateless, 'vlab').forward).toEqual(['filter']);
    expect(plan(stateless, 'vlab').prerouting).toEqual([]);
    const stateful = kernelLab((d) => {
      dev(d, 'vlab').iptables = {
        filter: { INPUT: { policy: 'DROP', rules: ['-m conntrack --ctstate ESTABLISHED -j ACCEPT'] } },
      };
    });
    expect(plan(stateful, 'vlab')).toEqual({
      prerouting: ['conntrack'],
      input: ['filter', 'confirm'],
      forward: [],
      output: ['conntrack'],
      postrouting: ['confirm'],
    });
  });

  it('keeps the kernel priority order of every hook (a subsequence of HOOK_ORDER)', () => {
    const net = kernelLab((d) => {
      dev(d, 'vlab').iptables = {
        raw: { PREROUTING: ['-j ACCEPT'] },
        mangle: { FORWARD: ['-j MARK --set-mark 1'], POSTROUTING: ['-j ACCEPT'] },
        filter: { FORWARD: ['-m state --state NEW -j ACCEPT'] },
        nat: { POSTROUTING: ['-o eth1 -j MASQUERADE'] },
      };
    });
    for (const d of net.devices) {
      const p = hookPlan(d);
      for (const h of HOOKS) {
        const positions = p[h].map((e) => HOOK_ORDER[h].indexOf(e));
        expect(positions.every((x, i) => x >= 0 && (i === 0 || x > positions[i - 1]!))).toBe(true);
      }
    }
    expect(plan(net, 'vlab').prerouting).toEqual(['raw', 'conntrack', 'nat']);
    expect(plan(net, 'vlab').forward).toEqual(['mangle', 'filter']);
    expect(plan(net, 'vlab').postrouting).toEqual(['mangle', 'nat', 'confirm']);
  });
});
