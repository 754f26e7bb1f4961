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
import { resolveConntrack, type CtRef } from '../conntrack/table.ts';
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
import { chainIsLive, walkTable, type NatTarget, type WalkVerdict } from '../netfilter/walk.ts';
import { inetSelectAddr } from '../routing/select-addr.ts';
import { headerOf, snapshot, type Pkt } from './pkt.ts';
import type { SimState } from './state.ts';
import type { DropReason, Hop } from './steps.ts';

export interface HookIo {
  readonly dev: Device;
  readonly hop: Hop;
  readonly state: SimState;
  readonly iif: string | null;
  readonly oif: string | null;
  /** The route's nexthop (gateway or destination), for MASQUERADE in POSTROUTING. */
  readonly nexthop?: Ipv4;
}

export type HookOutcome =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly reason: DropReason;
      readonly detail: string;
      readonly reject?: RejectWith;
    };

const OK: HookOutcome = { ok: true };

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

export function hasNetfilter(dev: Device): boolean {
  return dev.ruleset.size > 0;
}

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
  const v = walkTable(t, CHAIN_OF_HOOK[hook], {
    hook,
    ctx: { pkt, iif: io.iif, oif: io.oif },
    steps: io.hop.steps,
  });
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
    const inv = invert(tupleOf(headerOf(pkt.inner)));
    const hit = inv ? table.find(inv) : undefined;
    if (hit) ref = { ct: hit.ct, dir: hit.dir, info: 'RELATED' };
  } else {
    ref = resolveConntrack(table, headerOf(pkt));
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
    let failure: HookOutcome | null = null;
    const nat = (t: NatTarget): 'ACCEPT' | 'DROP' => {
      const r = natRange(io, pkt, t, hook);
      if (r === 'skip') return 'ACCEPT';
      if (r === 'no-address') {
        failure = {
          ok: false,
          reason: 'masquerade_no_address',
          detail: `${io.oif ?? '?'} has no IPv4 address to masquerade with ("${io.oif} ate my IP address")`,
        };
        return 'DROP';
      }
      setup = setupInfo(table, ct, r, m);
      if (t.kind === 'MASQUERADE' && io.oif) ct.masqIndex = io.dev.ifByName.get(io.oif)?.index;
      cause = 'rule';
      return 'ACCEPT';
    };
    const v = walkTable(natTable, CHAIN_OF_HOOK[hook], {
      hook,
      ctx: { pkt, iif: io.iif, oif: io.oif },
      steps: io.hop.steps,
      nat,
    });
    if (failure) return failure;
    if (v.verdict === 'DROP') return verdictOutcome(v);
    if (!natInitialized(ct, m)) {
      setup = allocNullBinding(table, ct, m);
      cause = 'null-binding';
    }
  }
  const before = snapshot(pkt);
  if (natPacket(pkt, ref, hook)) {
    const randomized = (setup as SetupResult | null)?.randomized === true;
    io.hop.steps.push({
      kind: 'nat',
      hook,
      manip: m === 'SRC' ? 'SNAT' : 'DNAT',
      cause,
      before,
      after: snapshot(pkt),
      ...(randomized ? { randomized } : {}),
    });
  }
  return OK;
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
 * after each entry (the output path re-routes after mangle and nat OUTPUT); a failed outcome stops the
 * hook. `io` is a getter because a re-route changes the output interface mid-hook.
 */
export function runHook(
  io: () => HookIo,
  pkt: Pkt,
  hook: Hook,
  around?: (e: HookEntry, phase: 'before' | 'after') => HookOutcome,
): HookOutcome {
  hookStep(io(), hook);
  for (const e of HOOK_ORDER[hook]) {
    let r = around?.(e, 'before') ?? OK;
    if (!r.ok) return r;
    switch (e.kind) {
      case 'table':
        r = runTable(io(), pkt, e.table, hook);
        break;
      case 'conntrack':
        conntrackIn(io(), pkt, hook);
        break;
      case 'nat':
        r = natAt(io(), pkt, hook);
        break;
      case 'confirm':
        r = confirmAt(io(), pkt);
        break;
    }
    if (!r.ok) return r;
    r = around?.(e, 'after') ?? OK;
    if (!r.ok) return r;
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
