/**
 * Parsed extensions → natlab's rule model, through the nf_tables round trip of iptables-nft 1.8.9:
 * tcp and udp matches with only port/flag options become native payload expressions
 * (`add_nft_tcp()`/`add_nft_udp()`, iptables/nft.c) and come back as ONE match per protocol at the place
 * of the first (`nft_tcp_match()`, iptables/nft-shared.c); a port range 0..n is stored as `<= n`
 * (inverted: `> n`, which reads back as `n+1:65535`); a full range vanishes.
 */
import type { Ipv4 } from '../addr/ipv4.ts';
import type { CtStatusName, MatchModule, NatRange, PortRange, Target } from '../model/netfilter.ts';
import { IPPROTO_TCP, IPPROTO_UDP } from '../model/packet.ts';
import { assertNever } from '../util/assert.ts';
import { CT_STATE_PRINT_ORDER, CT_STATUS_PRINT_ORDER, type ConntrackState } from './ext-conntrack.ts';
import type { IcmpState, IprangeState, MarkState, MultiportState } from './ext-matches.ts';
import type { NatState } from './ext-nat.ts';
import { INV_DSTPT, INV_FLAGS, INV_SRCPT, type TcpUdpState } from './ext-tcpudp.ts';
import type { ConnmarkState, LogState, XmarkState } from './ext-targets.ts';
import type { ExtInstance, XtParsed } from './parse-core.ts';
import { XtError, unsupported } from './xt-ext.ts';

export interface StoreCtx {
  readonly proto: number;
  readonly protoInvert: boolean;
  readonly chain: string;
  compatProtoCheck(inst: ExtInstance): void;
}

const allZero = (s: TcpUdpState) =>
  s.spts[0] === 0 &&
  s.spts[1] === 0xffff &&
  s.dpts[0] === 0 &&
  s.dpts[1] === 0xffff &&
  s.invflags === 0 &&
  s.flgMask === 0 &&
  s.option === 0;

/** Applies the expressions `add_nft_tcpudp()` generates for one port pair to the read-back struct. */
function applyPorts(into: TcpUdpState, st: TcpUdpState): boolean {
  const invS = (st.invflags & INV_SRCPT) !== 0;
  const invD = (st.invflags & INV_DSTPT) !== 0;
  const [s0, s1] = st.spts;
  const [d0, d1] = st.dpts;
  if (s0 && s0 === s1 && d0 && d0 === d1 && invS === invD) {
    into.spts = [s0, s0];
    into.dpts = [d0, d0];
    if (invS) into.invflags |= INV_SRCPT | INV_DSTPT;
    return true;
  }
  let any = false;
  const one = (lo: number, hi: number, inv: boolean, key: 'spts' | 'dpts', bit: number) => {
    if (!(lo || hi < 0xffff)) return;
    any = true;
    if (lo === hi || !(lo === 0 && hi < 0xffff)) {
      into[key] = [lo, hi];
      if (inv) into.invflags |= bit;
    } else if (inv) into[key] = [Math.min(hi + 1, 0xffff), into[key][1]];
    else into[key] = [into[key][0], hi];
  };
  one(s0, s1, invS, 'spts', INV_SRCPT);
  one(d0, d1, invD, 'dpts', INV_DSTPT);
  return any;
}

function portField(
  r: readonly [number, number],
  invert: boolean,
): (PortRange & { invert: boolean }) | undefined {
  if (r[0] === 0 && r[1] === 0xffff) return undefined;
  return { min: r[0], max: r[1], invert };
}

function tcpUdpModel(name: 'tcp' | 'udp', s: TcpUdpState): MatchModule {
  const sport = portField(s.spts, (s.invflags & INV_SRCPT) !== 0);
  const dport = portField(s.dpts, (s.invflags & INV_DSTPT) !== 0);
  const ports = { ...(sport ? { sport } : {}), ...(dport ? { dport } : {}) };
  if (name === 'udp') return { module: 'udp', ...ports };
  return {
    module: 'tcp',
    ...ports,
    ...(s.flgMask
      ? { flags: { mask: s.flgMask, comp: s.flgCmp, invert: (s.invflags & INV_FLAGS) !== 0 } }
      : {}),
  };
}

export function storeMatches(instances: readonly ExtInstance[], ctx: StoreCtx): MatchModule[] {
  const out: (MatchModule | 'tcp' | 'udp')[] = [];
  const merged: { tcp?: TcpUdpState; udp?: TcpUdpState } = {};
  for (const inst of instances) {
    const name = inst.def.name;
    if (name === 'tcp' || name === 'udp') {
      const st = inst.state as TcpUdpState;
      const native =
        !allZero(st) &&
        (name === 'tcp'
          ? (st.invflags & ~(INV_SRCPT | INV_DSTPT | INV_FLAGS)) === 0 && st.option === 0
          : st.invflags <= 3);
      if (!native) {
        if (st.option !== 0) throw unsupported('tcp --tcp-option', inst.tok);
        ctx.compatProtoCheck(inst);
        out.push(tcpUdpModel(name, st));
        continue;
      }
      if (ctx.proto !== (name === 'tcp' ? IPPROTO_TCP : IPPROTO_UDP))
        throw new XtError(`${name.toUpperCase()} match requires '-p ${name}'`, {
          token: inst.tok,
          explain: `write -p ${name} before the ${name} options.`,
        });
      const into = merged[name] ?? {
        spts: [0, 0xffff],
        dpts: [0, 0xffff],
        invflags: 0,
        flgMask: 0,
        flgCmp: 0,
        option: 0,
        seen: 0,
      };
      let used = false;
      if (name === 'tcp' && st.flgMask) {
        into.flgMask = st.flgMask;
        into.flgCmp = st.flgCmp;
        if (st.invflags & INV_FLAGS) into.invflags |= INV_FLAGS;
        used = true;
      }
      used = applyPorts(into, st) || used;
      if (used && !merged[name]) {
        merged[name] = into;
        out.push(name);
      }
      continue;
    }
    if (name === 'icmp') ctx.compatProtoCheck(inst);
    out.push(matchModel(inst));
  }
  return out.map((m) => (m === 'tcp' || m === 'udp' ? tcpUdpModel(m, merged[m]!) : m));
}

function matchModel(inst: ExtInstance): MatchModule {
  const st = inst.state;
  switch (inst.def.name) {
    case 'icmp': {
      const s = st as IcmpState;
      return { module: 'icmp', type: s.type, codeMin: s.codeMin, codeMax: s.codeMax, invert: s.invert };
    }
    case 'multiport': {
      const s = st as MultiportState;
      const ports: PortRange[] = [];
      for (let i = 0; i < s.ports.length; i++)
        ports.push(
          s.pflags[i] ? { min: s.ports[i]!, max: s.ports[++i]! } : { min: s.ports[i]!, max: s.ports[i]! },
        );
      return { module: 'multiport', dir: s.dir, ports, invert: s.invert };
    }
    case 'iprange': {
      const s = st as IprangeState;
      const r = (x: IprangeState['src']) => x && { min: x.min as Ipv4, max: x.max as Ipv4, invert: x.invert };
      return {
        module: 'iprange',
        ...(s.src ? { src: r(s.src)! } : {}),
        ...(s.dst ? { dst: r(s.dst)! } : {}),
      };
    }
    case 'mark':
    case 'connmark': {
      const s = st as MarkState;
      return { module: inst.def.name, value: s.value, mask: s.mask, invert: s.invert };
    }
    case 'conntrack':
    case 'state': {
      const s = st as ConntrackState;
      const states = CT_STATE_PRINT_ORDER.filter((x) => s.states?.set.has(x));
      if (s.alias) return { module: 'state', states, invert: s.states?.invert ?? false };
      const statuses: CtStatusName[] = CT_STATUS_PRINT_ORDER.filter((x) => s.statuses?.set.has(x));
      return {
        module: 'conntrack',
        ...(s.states ? { ctstate: { states, invert: s.states.invert } } : {}),
        ...(s.statuses ? { ctstatus: { statuses, invert: s.statuses.invert } } : {}),
        ...(s.dir ? { ctdir: s.dir } : {}),
      };
    }
    case 'comment':
      return { module: 'comment', comment: (st as { comment: string }).comment };
    default:
      throw new Error(`natlab: no model for match ${inst.def.name}`);
  }
}

function natRange(s: NatState): NatRange {
  return {
    ...(s.mapIps ? { minAddr: s.minAddr as Ipv4, maxAddr: s.maxAddr as Ipv4 } : {}),
    ...(s.protoSpecified ? { minPort: s.minPort, maxPort: s.maxPort } : {}),
    ...(s.offset ? { basePort: s.basePort } : {}),
    random: s.random,
    randomFully: s.randomFully,
    persistent: s.persistent,
  };
}

const ports = (s: NatState) => (s.protoSpecified ? { minPort: s.minPort, maxPort: s.maxPort } : {});

export function storeTarget(r: XtParsed, ctx: StoreCtx): Target {
  const t = r.target;
  if (!t) {
    if (r.jumpto === '') return { kind: 'none' };
    return { kind: r.gotoSet ? 'goto' : 'jump', chain: r.jumpto };
  }
  const st = t.state;
  const name = t.def.name;
  switch (name) {
    case 'standard':
      if (r.jumpto === 'QUEUE') throw unsupported('-j QUEUE (userspace queueing)', r.jumpTok);
      return { kind: r.jumpto as 'ACCEPT' | 'DROP' | 'RETURN' };
    case 'REJECT': {
      const w = (st as { with: 'tcp-reset' }).with;
      if (w === 'tcp-reset' && (ctx.proto !== IPPROTO_TCP || ctx.protoInvert))
        throw new XtError(` RULE_APPEND failed (Invalid argument): rule in chain ${ctx.chain}`, {
          token: r.jumpTok,
          explain: '--reject-with tcp-reset needs -p tcp (without "!") in the same rule.',
        });
      return { kind: 'REJECT', with: w };
    }
    case 'MARK': {
      const s = st as XmarkState;
      return { kind: 'MARK', value: s.value, mask: s.mask };
    }
    case 'CONNMARK': {
      const s = st as ConnmarkState;
      if (s.shiftBits !== 0) throw unsupported('CONNMARK --left-shift-mark/--right-shift-mark', r.jumpTok);
      if (s.mode === 'set') return { kind: 'CONNMARK', mode: 'set', value: s.ctmark, mask: s.ctmask };
      return {
        kind: 'CONNMARK',
        mode: s.mode === 'save' ? 'save' : 'restore',
        nfmask: s.nfmask,
        ctmask: s.ctmask,
      };
    }
    case 'DNAT':
    case 'SNAT':
      return { kind: name, range: natRange(st as NatState) };
    case 'MASQUERADE': {
      const s = st as NatState;
      if (s.offset)
        throw unsupported(
          'MASQUERADE --to-ports FIRST-LAST/BASE (iptables keeps the flag but loses BASE, showing /0)',
          r.jumpTok,
        );
      return { kind: 'MASQUERADE', ...ports(s), random: s.random, randomFully: s.randomFully };
    }
    case 'REDIRECT': {
      const s = st as NatState;
      return { kind: 'REDIRECT', ...ports(s), random: s.random };
    }
    case 'NETMAP': {
      const s = st as { addr: number; len: number };
      return { kind: 'NETMAP', to: { addr: s.addr as Ipv4, len: s.len } };
    }
    case 'LOG': {
      const s = st as LogState;
      return {
        kind: 'LOG',
        ...(s.prefix !== '' ? { prefix: s.prefix } : {}),
        ...(s.level !== 4 ? { level: s.level } : {}),
        ...(s.flags & 0x08 ? { logUid: true } : {}),
        ...(s.flags & 0x01 ? { tcpSequence: true } : {}),
        ...(s.flags & 0x02 ? { tcpOptions: true } : {}),
        ...(s.flags & 0x04 ? { ipOptions: true } : {}),
        ...(s.flags & 0x20 ? { macDecode: true } : {}),
      };
    }
    case 'CT':
      if (!(st as { notrack: boolean }).notrack)
        throw unsupported('-j CT without --notrack (conntrack templates: zones, helpers, events)', r.jumpTok);
      return { kind: 'NOTRACK', spelling: 'CT' };
    case 'NOTRACK':
      return { kind: 'NOTRACK', spelling: 'NOTRACK' };
    case 'TRACE':
      return { kind: 'TRACE' };
    default:
      return assertNever(name as never, 'target');
  }
}
