/**
 * NETMAP as bits (semantics doc §2.3, `netmap_tg4`): the network part of the address — as many leading
 * bits as the `--to` prefix is long — is replaced by the `--to` network, the host part is kept.
 */
import { formatCidr, formatIpv4, maskOf, type Cidr, type Ipv4 } from '../addr/ipv4.ts';
import { netmapAddress } from '../conntrack/netmap.ts';
import type { Device } from '../model/device.ts';
import { CHAIN_OF_HOOK } from '../model/netfilter.ts';
import { ruleText } from '../netfilter/walk.ts';
import type { Bit } from './mark-grid.ts';
import { hostPart } from './phrases.ts';
import { ruleOfStep, type NatStep, type RuleStep } from './step-context.ts';

export interface AddressBit {
  /** Bit number, 31 = the first bit of the first octet. */
  readonly bit: number;
  readonly before: Bit;
  readonly to: Bit;
  readonly after: Bit;
  /** In the network part (taken from `--to`); otherwise in the host part (kept). */
  readonly network: boolean;
}

export interface NetmapBits {
  readonly before: Ipv4;
  /** The `--to` prefix, host bits cleared as iptables stores it. */
  readonly to: Cidr;
  readonly after: Ipv4;
  readonly len: number;
  /** The host part that is kept: `before & ~mask`. */
  readonly host: number;
  /** Bit 31 first (reading order). */
  readonly bits: readonly AddressBit[];
  readonly text: {
    readonly before: string;
    readonly to: string;
    readonly after: string;
    /** `.36` for a /24. */
    readonly host: string;
  };
}

const bitOf = (n: number, i: number): Bit => ((n >>> i) & 1) as Bit;

/** The NETMAP of `before` into `to`, bit by bit; `after` is {@link netmapAddress}'s answer. */
export function netmapBits(before: Ipv4, to: Cidr): NetmapBits {
  const mask = maskOf(to.len);
  const net = { addr: ((to.addr & mask) >>> 0) as Ipv4, len: to.len };
  const after = netmapAddress(before, net);
  const bits: AddressBit[] = [];
  for (let i = 31; i >= 0; i--)
    bits.push({
      bit: i,
      before: bitOf(before, i),
      to: bitOf(net.addr, i),
      after: bitOf(after, i),
      network: 31 - i < to.len,
    });
  return {
    before,
    to: net,
    after,
    len: to.len,
    host: (before & ~mask) >>> 0,
    bits,
    text: {
      before: formatIpv4(before),
      to: formatCidr(net),
      after: formatIpv4(after),
      host: hostPart(before, to.len),
    },
  };
}

export interface NetmapOfStep extends NetmapBits {
  /** Which address NETMAP maps: the destination in PREROUTING/OUTPUT, the source in POSTROUTING/INPUT. */
  readonly field: 'source' | 'destination';
  /** `-A PREROUTING -d 192.168.150.0/24 -i eth0 -j NETMAP --to 192.168.149.0/24` */
  readonly rule: string;
}

/**
 * The NETMAP behind a `nat` step that a rule set up: the rule is `ruleStep` (the step just before the
 * translation) or else the first NETMAP rule of the hook's nat chain whose mapping gives the step's
 * result. Null when the step is not a NETMAP translation.
 */
export function netmapOfNatStep(
  step: NatStep,
  device: Device | undefined,
  ruleStep?: RuleStep | null,
): NetmapOfStep | null {
  if (step.cause !== 'rule') return null;
  const dst = step.manip === 'DNAT';
  const before = dst ? step.before.dst : step.before.src;
  const after = dst ? step.after.dst : step.after.src;
  const field = dst ? 'destination' : 'source';
  if (ruleStep) {
    const t = ruleOfStep(ruleStep, device)?.target;
    if (t?.kind !== 'NETMAP') return null;
    const b = netmapBits(before, t.to);
    return b.after === after ? { ...b, field, rule: `-A ${ruleStep.chain} ${ruleStep.text}` } : null;
  }
  const chain = device?.ruleset.get('nat')?.chains.get(CHAIN_OF_HOOK[step.hook]);
  for (const r of chain?.rules ?? []) {
    if (r.target.kind !== 'NETMAP') continue;
    const b = netmapBits(before, r.target.to);
    if (b.after === after) return { ...b, field, rule: `-A ${chain!.name} ${ruleText(r)}` };
  }
  return null;
}
