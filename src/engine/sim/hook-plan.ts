/**
 * Which parts of netfilter a namespace has switched on, derived once per (immutable) device: whether it
 * tracks connections, whether its nat hooks are registered, and which entries of each hook's
 * {@link HOOK_ORDER} can do anything at all, so that a hook skips the rest without looking.
 */
import type { Device } from '../model/device.ts';
import { CHAIN_OF_HOOK, type Hook } from '../model/netfilter.ts';
import { HOOK_ORDER, type HookEntry } from '../netfilter/hook-order.ts';
import { chainIsLive } from '../netfilter/walk.ts';

const ctActiveCache = new WeakMap<Device, boolean>();
/** Targets whose checkentry takes a conntrack reference (`nf_ct_netns_get`: xt_nat, xt_NETMAP, …). */
const CT_TARGETS = new Set(['SNAT', 'DNAT', 'MASQUERADE', 'NETMAP', 'REDIRECT', 'CONNMARK', 'NOTRACK']);
/**
 * Whether this namespace tracks connections: conntrack is switched on by the rules that need it — NAT
 * targets, CONNMARK, `-j CT`, `-m conntrack/state/connmark` — not by the nat table existing (a nat
 * chain with only `-j ACCEPT` leaves it off, and then its chains are never walked: nf_nat_inet_fn
 * finds no ct). Kernel-checked in src/kernel/hook-trace.test.ts.
 */
export function conntrackActive(dev: Device): boolean {
  let v = ctActiveCache.get(dev);
  if (v === undefined) {
    v = false;
    for (const t of dev.ruleset.values())
      for (const c of t.chains.values())
        for (const r of c.rules) {
          if (
            r.matches.some((m) => m.module === 'conntrack' || m.module === 'state' || m.module === 'connmark')
          )
            v = true;
          if (CT_TARGETS.has(r.target.kind)) v = true;
        }
    ctActiveCache.set(dev, v);
  }
  return v;
}

const natActiveCache = new WeakMap<Device, boolean>();
/**
 * NAT hooks exist once a nat base chain is registered (`nf_nat_register_fn` registers all four), and
 * iptables-nft registers a built-in chain only when it has rules or a DROP policy.
 */
export function natHooksActive(dev: Device): boolean {
  let v = natActiveCache.get(dev);
  if (v === undefined) {
    const nat = dev.ruleset.get('nat');
    v = nat !== undefined && [...nat.chains.values()].some((c) => c.policy !== null && chainIsLive(c));
    natActiveCache.set(dev, v);
  }
  return v;
}

const plans = new WeakMap<Device, Readonly<Record<Hook, readonly HookEntry[]>>>();
/**
 * The entries of {@link HOOK_ORDER} that can do anything in this namespace (the others return at
 * once): a table with a live built-in chain for the hook, conntrack and confirm when conntrack is on
 * (a packet only carries a conntrack of the namespace it is in), nat when its hooks are registered.
 */
export function hookPlan(dev: Device): Readonly<Record<Hook, readonly HookEntry[]>> {
  let p = plans.get(dev);
  if (p === undefined) {
    const ct = conntrackActive(dev);
    const nat = dev.ruleset.has('nat') && natHooksActive(dev);
    const live = (e: HookEntry, hook: Hook): boolean => {
      switch (e.kind) {
        case 'table':
          return chainIsLive(dev.ruleset.get(e.table)?.chains.get(CHAIN_OF_HOOK[hook]));
        case 'conntrack':
        case 'confirm':
          return ct;
        case 'nat':
          return nat;
      }
    };
    const of = (hook: Hook) => HOOK_ORDER[hook].filter((e) => live(e, hook));
    p = {
      prerouting: of('prerouting'),
      input: of('input'),
      forward: of('forward'),
      output: of('output'),
      postrouting: of('postrouting'),
    };
    plans.set(dev, p);
  }
  return p;
}

export function hasNetfilter(dev: Device): boolean {
  return dev.ruleset.size > 0;
}
