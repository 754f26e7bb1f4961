/**
 * The netfilter side of each hook, in priority order (semantics doc §1.1, `enum nf_ip_hook_priorities`):
 * raw -300 · conntrack -200 · mangle -150 · nat(DST) -100 · filter 0 · security 50 · nat(SRC) 100 ·
 * confirm INT_MAX. The routing code in stack.ts calls these between its own decisions.
 */
import type { Ipv4 } from '../addr/ipv4.ts';
import { netmapAddress } from '../conntrack/netmap.ts';
import {
  allocNullBinding,
  hookManip,
  icmpReplyTranslation,
  natInitialized,
  natPacket,
  setupInfo,
  type NatRange2,
  type SetupResult,
} from '../conntrack/nat.ts';
import { resolveConntrack, type CtEntry, type CtRef, type CtTable } from '../conntrack/table.ts';
import { formatTuple, invert, tupleOf } from '../conntrack/tuple.ts';
import type { Device } from '../model/device.ts';
import {
  CHAIN_OF_HOOK,
  type Hook,
  type NatRange,
  type RejectWith,
  type TableName,
} from '../model/netfilter.ts';
import { isIcmpError } from '../model/packet.ts';
import { SCOPE_VALUE } from '../model/route.ts';
import { HOOK_ORDER, type HookEntry } from '../netfilter/hook-order.ts';
import {
  chainIsLive,
  walkTable,
  type NatHandler,
  type NatTarget,
  type WalkVerdict,
} from '../netfilter/walk.ts';
import { inetSelectAddr } from '../routing/select-addr.ts';
import { snapshot, snapshotWith, type Pkt } from './pkt.ts';
import { conntrackActive, hasNetfilter, hookPlan, natHooksActive } from './hook-plan.ts';
import type { SimState } from './state.ts';
import type { DropReason, Hop, Step } from './steps.ts';

type NatStep = { -readonly [K in keyof Extract<Step, { kind: 'nat' }>]: Extract<Step, { kind: 'nat' }>[K] };

/**
 * What the hook functions see of the packet's path. The output path re-routes mid-hook: it updates
 * `oif` and `nexthop`.
 */
export interface HookIo {
  readonly dev: Device;
  readonly hop: Hop;
  readonly state: SimState;
  readonly iif: string | null;
  oif: string | null;
  /** The route's nexthop (gateway or destination), for MASQUERADE in POSTROUTING. */
  nexthop: Ipv4 | undefined;
}

export type HookOutcome =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly reason: DropReason;
      readonly detail: string;
      readonly reject?: RejectWith;
    };

/** The outcome of a hook that let the packet through (shared: outcomes are never mutated). */
export const OK: HookOutcome = { ok: true };

export function hookStep(io: HookIo, hook: Hook): void {
  if (hasNetfilter(io.dev)) io.hop.steps.push({ kind: 'hook', hook });
}

function verdictOutcome(v: WalkVerdict, invalidNow = false): HookOutcome {
  if (v.verdict === 'ACCEPT') return OK;
  const where =
    v.index === null
      ? `policy DROP of ${v.table} ${v.chain}`
      : `-t ${v.table} -A ${v.chain} ${v.ruleText ?? ''}`;
  if (v.reject) return { ok: false, reason: 'filter_reject', detail: where, reject: v.reject };
  // A DROP that fired because conntrack marked the packet INVALID (`--ctstate INVALID -j DROP`)
  const invalid = v.rule?.matches.some(
    (m) =>
      (m.module === 'conntrack' && m.ctstate && !m.ctstate.invert && m.ctstate.states.includes('INVALID')) ||
      (m.module === 'state' && !m.invert && m.states.includes('INVALID')),
  );
  if (invalid && invalidNow)
    return { ok: false, reason: 'invalid_state', detail: `${where} (conntrack: INVALID)` };
  return { ok: false, reason: 'filter_drop', detail: where };
}

/** One table's built-in chain for this hook (raw, mangle, filter, security). */
export function runTable(io: HookIo, pkt: Pkt, table: TableName, hook: Hook): HookOutcome {
  const t = io.dev.ruleset.get(table);
  if (!t) return OK;
  const chain = CHAIN_OF_HOOK[hook];
  if (!chainIsLive(t.chains.get(chain))) return OK;
  const v = walkTable(t, chain, { hook, ctx: { pkt, iif: io.iif, oif: io.oif }, steps: io.hop.steps });
  if (v.verdict === 'ACCEPT') return OK;
  return verdictOutcome(v, pkt.ct === null && !pkt.untracked && conntrackActive(io.dev));
}

/** `nf_conntrack_in` at priority -200 (PREROUTING and OUTPUT). */
export function conntrackIn(io: HookIo, pkt: Pkt, hook: Hook): void {
  if (!conntrackActive(io.dev)) return;
  if (pkt.untracked) {
    io.hop.steps.push({ kind: 'conntrack', hook, state: 'UNTRACKED', dir: null, created: false });
    return;
  }
  if (pkt.ct) return; // "Previously seen (loopback or untracked)?  Ignore."
  const table = io.state.conntrack(io.dev.id);
  let ref: CtRef | null = null;
  let created = false;
  if (isIcmpError(pkt) && pkt.inner) {
    const inv = invert(tupleOf(pkt.inner));
    const hit = inv ? table.find(inv) : undefined;
    if (hit) ref = { ct: hit.ct, dir: hit.dir, info: 'RELATED' };
  } else {
    ref = resolveConntrack(table, pkt);
    created = ref !== null && !ref.ct.status.confirmed;
    if (ref?.dir === 'REPLY') ref.ct.status.seenReply = true;
  }
  pkt.ct = ref;
  io.hop.steps.push(
    ref
      ? {
          kind: 'conntrack',
          hook,
          state: ref.info,
          dir: ref.dir,
          created,
          orig: formatTuple(ref.ct.orig),
          reply: formatTuple(ref.ct.reply),
        }
      : { kind: 'conntrack', hook, state: 'INVALID', dir: null, created: false },
  );
}

function rangeOf(r: NatRange): NatRange2 {
  return {
    mapIps: r.minAddr !== undefined,
    minAddr: (r.minAddr ?? 0) as Ipv4,
    maxAddr: (r.maxAddr ?? r.minAddr ?? 0) as Ipv4,
    protoSpecified: r.minPort !== undefined,
    minProto: r.minPort ?? 0,
    maxProto: r.maxPort ?? r.minPort ?? 0,
    random: r.random,
    randomFully: r.randomFully,
    persistent: r.persistent,
  };
}

function single(
  ip: Ipv4,
  minPort?: number,
  maxPort?: number,
  random = false,
  randomFully = false,
): NatRange2 {
  return {
    mapIps: true,
    minAddr: ip,
    maxAddr: ip,
    protoSpecified: minPort !== undefined,
    minProto: minPort ?? 0,
    maxProto: maxPort ?? minPort ?? 0,
    random,
    randomFully,
    persistent: false,
  };
}

/** The nat table's position in a hook (`nf_nat_inet_fn` + the ipv4 wrappers). */
export function natAt(io: HookIo, pkt: Pkt, hook: Hook): HookOutcome {
  const natTable = io.dev.ruleset.get('nat');
  const ref = pkt.ct;
  if (!natTable || !ref || !natHooksActive(io.dev)) return OK;
  const ct = ref.ct;
  const m = hookManip(hook);
  const table = io.state.conntrack(io.dev.id);
  if (ref.info === 'RELATED' && isIcmpError(pkt) && pkt.inner) {
    const before = snapshot(pkt);
    if (icmpReplyTranslation(pkt, pkt.inner, ref, hook))
      io.hop.steps.push({
        kind: 'nat',
        hook,
        manip: m === 'SRC' ? 'SNAT' : 'DNAT',
        cause: 'related',
        before,
        after: snapshot(pkt),
      });
    return OK;
  }
  let cause: 'rule' | 'null-binding' | 'conntrack' = 'conntrack';
  let setup: SetupResult | null = null;
  if ((ref.info === 'NEW' || ref.info === 'RELATED') && !natInitialized(ct, m)) {
    const binding = new NatBinding(io, pkt, hook, table, ct);
    const v = walkTable(natTable, CHAIN_OF_HOOK[hook], {
      hook,
      ctx: { pkt, iif: io.iif, oif: io.oif },
      steps: io.hop.steps,
      nat: binding,
    });
    if (binding.failure) return binding.failure;
    if (v.verdict === 'DROP') return verdictOutcome(v);
    if (binding.setup) {
      setup = binding.setup;
      cause = 'rule';
    }
    if (!natInitialized(ct, m)) {
      setup = allocNullBinding(table, ct, m);
      cause = 'null-binding';
    }
  }
  // nf_nat_packet rewrites addresses and ports only: the packet before it is the one after, with those
  const { src, dst, sport, dport } = pkt;
  if (natPacket(pkt, ref, hook)) {
    const step: NatStep = {
      kind: 'nat',
      hook,
      manip: m === 'SRC' ? 'SNAT' : 'DNAT',
      cause,
      before: snapshotWith(pkt, src, dst, sport, dport),
      after: snapshot(pkt),
    };
    if ((setup as SetupResult | null)?.randomized === true) step.randomized = true;
    io.hop.steps.push(step);
  }
  return OK;
}

/** A NAT target met in the nat table's walk sets up the connection's binding (`nf_nat_setup_info`). */
class NatBinding implements NatHandler {
  failure: HookOutcome | null = null;
  /** Set when a target set the binding up. */
  setup: SetupResult | null = null;

  constructor(
    private readonly io: HookIo,
    private readonly pkt: Pkt,
    private readonly hook: Hook,
    private readonly table: CtTable,
    private readonly ct: CtEntry,
  ) {}

  nat(t: NatTarget): 'ACCEPT' | 'DROP' {
    const io = this.io;
    const r = natRange(io, this.pkt, t, this.hook);
    if (r === 'skip') return 'ACCEPT';
    if (r === 'no-address') {
      this.failure = {
        ok: false,
        reason: 'masquerade_no_address',
        detail: `${io.oif ?? '?'} has no IPv4 address to masquerade with ("${io.oif} ate my IP address")`,
      };
      return 'DROP';
    }
    this.setup = setupInfo(this.table, this.ct, r, hookManip(this.hook));
    if (t.kind === 'MASQUERADE' && io.oif) this.ct.masqIndex = io.dev.ifByName.get(io.oif)?.index;
    return 'ACCEPT';
  }
}

/** The range a NAT target asks for (`nf_nat_masquerade_ipv4`, `netmap_tg4`, `nf_nat_redirect_ipv4`). */
function natRange(io: HookIo, pkt: Pkt, t: NatTarget, hook: Hook): NatRange2 | 'skip' | 'no-address' {
  switch (t.kind) {
    case 'DNAT':
    case 'SNAT':
      return rangeOf(t.range);
    case 'MASQUERADE': {
      if (pkt.ct!.ct.orig.src === 0) return 'skip';
      const out = io.oif ? io.dev.ifByName.get(io.oif) : undefined;
      const src = out ? inetSelectAddr(io.dev, out, io.nexthop ?? pkt.dst, SCOPE_VALUE.global) : 0;
      if (!src) return 'no-address';
      return single(src, t.minPort, t.maxPort, t.random, t.randomFully);
    }
    case 'NETMAP': {
      return single(netmapAddress(hookManip(hook) === 'DST' ? pkt.dst : pkt.src, t.to));
    }
    case 'REDIRECT': {
      // OUTPUT: 127.0.0.1; elsewhere the first address of the input interface (ifa_list head)
      const ip: Ipv4 | 0 =
        hook === 'output'
          ? (0x7f000001 as Ipv4)
          : ((io.iif ? io.dev.ifByName.get(io.iif)?.addrs[0]?.local : undefined) ?? 0);
      if (!ip) return 'no-address';
      return single(ip, t.minPort, t.maxPort, t.random);
    }
  }
}

/** Conntrack confirm at the end of POSTROUTING / INPUT. */
export function confirmAt(io: HookIo, pkt: Pkt): HookOutcome {
  const ref = pkt.ct;
  if (!ref || ref.info === 'RELATED' || ref.ct.status.confirmed) return OK;
  if (!io.state.conntrack(io.dev.id).confirm(ref.ct))
    return {
      ok: false,
      reason: 'conntrack_clash',
      detail: `another connection already uses ${formatTuple(ref.ct.orig)} / ${formatTuple(ref.ct.reply)}`,
    };
  return OK;
}

/**
 * Runs one hook: every entry of {@link HOOK_ORDER} in priority order. `around` is called before and
 * after each entry (the output path re-routes after mangle and nat OUTPUT, updating `io.oif` and
 * `io.nexthop`); a failed outcome stops the hook.
 */
export function runHook(
  io: HookIo,
  pkt: Pkt,
  hook: Hook,
  around?: (e: HookEntry, phase: 'before' | 'after') => HookOutcome,
): HookOutcome {
  // a namespace without iptables rules: no hook registered, no conntrack (so no packet of its carries
  // one), nothing for `around` to re-route on
  if (!hasNetfilter(io.dev)) return OK;
  hookStep(io, hook);
  // `around` sees every entry (the output path compares the packet around mangle and nat)
  const entries = around ? HOOK_ORDER[hook] : hookPlan(io.dev)[hook];
  for (let k = 0; k < entries.length; k++) {
    const e = entries[k]!;
    let r = around ? around(e, 'before') : OK;
    if (!r.ok) return r;
    switch (e.kind) {
      case 'table':
        r = runTable(io, pkt, e.table, hook);
        break;
      case 'conntrack':
        conntrackIn(io, pkt, hook);
        break;
      case 'nat':
        r = natAt(io, pkt, hook);
        break;
      case 'confirm':
        r = confirmAt(io, pkt);
        break;
    }
    if (!r.ok) return r;
    if (around) {
      r = around(e, 'after');
      if (!r.ok) return r;
    }
  }
  return OK;
}

/** `ip_route_me_harder` is due after nat OUTPUT when the connection's destination was translated. */
export function natChangedDestination(pkt: Pkt): boolean {
  const ref = pkt.ct;
  if (!ref) return false;
  const mine = ref.dir === 'ORIGINAL' ? ref.ct.orig : ref.ct.reply;
  const other = ref.dir === 'ORIGINAL' ? ref.ct.reply : ref.ct.orig;
  return mine.dst !== other.src;
}
