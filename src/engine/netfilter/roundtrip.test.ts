/**
 * Round trips: parseRule(formatRule(r)) deep-equals r, and parseIptablesSave(formatIptablesSave(rs))
 * equals rs, for generated rules that `iptables -S` prints losslessly (the LOSSY_PRINT entries of
 * iptables-corpus.test.ts are the shapes left out).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonical, type Ipv4 } from '../addr/ipv4.ts';
import {
  CHAIN_OF_HOOK,
  TABLE_HOOKS,
  type Chain,
  type CtStateName,
  type CtStatusName,
  type IfaceMatch,
  type MatchModule,
  type PortRange,
  type Rule,
  type Ruleset,
  type Table,
  type Target,
} from '../model/netfilter.ts';
import { CT_STATE_PRINT_ORDER, CT_STATUS_PRINT_ORDER } from './ext-conntrack.ts';
import { formatIptablesSave } from './iptables-save.ts';
import { parseRule } from './parse-rule.ts';
import { parseIptablesSave } from './parse-save.ts';
import { formatRule } from './print-rule.ts';

const ip = fc.integer({ min: 0, max: 0xffffffff }).map((n) => n as Ipv4);
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const port = fc.integer({ min: 0, max: 0xffff });

const prefix = fc
  .record({ addr: ip, len: fc.integer({ min: 1, max: 32 }), invert: fc.boolean() })
  .map(({ addr, len, invert }) => ({ ...canonical({ addr, len }), invert }));

const ifaceArb: fc.Arbitrary<IfaceMatch> = fc
  .record({
    name: fc.stringMatching(/^[a-z][a-z0-9.]{0,13}$/),
    wildcard: fc.boolean(),
    invert: fc.boolean(),
  })
  .map((x) => x);

/** Port ranges that survive the nf_tables encoding unchanged. */
const portRange = fc
  .record({ a: port, b: port, invert: fc.boolean() })
  .map(({ a, b, invert }) => ({ min: Math.min(a, b), max: Math.max(a, b), invert }))
  .filter((r) => !(r.min === 0 && r.max === 0xffff) && !(r.invert && r.min === 0 && r.max !== 0));

const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const tcpUdp = (module: 'tcp' | 'udp') =>
  fc
    .record({
      sport: opt(portRange),
      dport: opt(portRange),
      flags:
        module === 'tcp'
          ? opt(
              fc.record({
                mask: fc.integer({ min: 1, max: 63 }),
                comp: fc.integer({ min: 0, max: 63 }),
                invert: fc.boolean(),
              }),
            )
          : fc.constant(undefined),
    })
    .filter((m) => m.sport !== undefined || m.dport !== undefined || m.flags !== undefined)
    .map((m) => ({ module, ...defined(m) }) as MatchModule);

const icmp: fc.Arbitrary<MatchModule> = fc.oneof(
  fc
    .record({
      type: fc.integer({ min: 0, max: 254 }),
      code: opt(fc.integer({ min: 0, max: 255 })),
      invert: fc.boolean(),
    })
    .map(
      ({ type, code, invert }) =>
        ({ module: 'icmp', type, codeMin: code ?? 0, codeMax: code ?? 255, invert }) as MatchModule,
    ),
  fc
    .boolean()
    .map((invert) => ({ module: 'icmp', type: 255, codeMin: 0, codeMax: 255, invert }) as MatchModule),
);

const multiport: fc.Arbitrary<MatchModule> = fc
  .record({
    dir: fc.constantFrom('src' as const, 'dst' as const, 'any' as const),
    ports: fc.array(
      fc.oneof(
        port.map((p): PortRange => ({ min: p, max: p })),
        fc
          .tuple(port, port)
          .filter(([a, b]) => a !== b)
          .map(([a, b]): PortRange => ({ min: Math.min(a, b), max: Math.max(a, b) })),
      ),
      { minLength: 1, maxLength: 7 },
    ),
    invert: fc.boolean(),
  })
  .map((m) => ({ module: 'multiport', ...m }));

const range = fc.record({ min: ip, max: ip, invert: fc.boolean() });
const iprange: fc.Arbitrary<MatchModule> = fc
  .record({ src: opt(range), dst: opt(range) })
  .filter((m) => m.src !== undefined || m.dst !== undefined)
  .map((m) => ({ module: 'iprange', ...defined(m) }) as MatchModule);

const subset = <T>(order: readonly T[], min: number) =>
  fc.subarray([...order], { minLength: min }).map((xs) => order.filter((x) => xs.includes(x)));

const conntrack: fc.Arbitrary<MatchModule> = fc
  .record({
    ctstate: opt(fc.record({ states: subset<CtStateName>(CT_STATE_PRINT_ORDER, 1), invert: fc.boolean() })),
    ctstatus: opt(
      fc.record({ statuses: subset<CtStatusName>(CT_STATUS_PRINT_ORDER, 0), invert: fc.boolean() }),
    ),
    ctdir: opt(fc.constantFrom('ORIGINAL' as const, 'REPLY' as const)),
  })
  .filter((m) => m.ctstate !== undefined || m.ctstatus !== undefined || m.ctdir !== undefined)
  .map((m) => ({ module: 'conntrack', ...defined(m) }) as MatchModule);

/**
 * `-m mark … -m connmark … -m mark --mark …` cannot be parsed back: the second `-m mark` is a clone whose
 * options are not merged again, so its `--mark` resolves to connmark's (the newest) option — the real
 * iptables says `connmark: option "--mark" can only be used once.` as well (kernel corpus).
 */
function sharedOptionClash(ms: readonly MatchModule[]): boolean {
  const kinds = ms.map((m) => m.module).filter((k) => k === 'mark' || k === 'connmark');
  return kinds.some((k, i) => kinds.indexOf(k) < i && kinds.slice(kinds.indexOf(k), i).some((x) => x !== k));
}

/** Text that `iptables -S` quotes so that a POSIX shell reads it back unchanged. */
const safeText = fc.stringMatching(/^[ -~]{0,40}$/).filter((s) => !/['$`\\!]/.test(s));

const commonMatches = (proto: number | undefined): fc.Arbitrary<MatchModule>[] => [
  ...(proto === 6 ? [tcpUdp('tcp')] : proto === 17 ? [tcpUdp('udp')] : proto === 1 ? [icmp] : []),
  ...(proto === 6 || proto === 17 ? [multiport] : []),
  iprange,
  fc
    .record({ value: u32, mask: u32, invert: fc.boolean() })
    .map((m) => ({ module: 'mark', ...m }) as MatchModule),
  fc
    .record({ value: u32, mask: u32, invert: fc.boolean() })
    .map((m) => ({ module: 'connmark', ...m }) as MatchModule),
  conntrack,
  fc
    .record({ states: subset<CtStateName>(CT_STATE_PRINT_ORDER.slice(0, 5), 1), invert: fc.boolean() })
    .map((m) => ({ module: 'state', ...m }) as MatchModule),
  safeText.map((comment) => ({ module: 'comment', comment }) as MatchModule),
];

const chainName = fc
  .stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,27}$/)
  .filter(
    (n) =>
      ![
        'ACCEPT',
        'DROP',
        'QUEUE',
        'RETURN',
        'REJECT',
        'MARK',
        'CONNMARK',
        'LOG',
        'CT',
        'NOTRACK',
        'TRACE',
        'DNAT',
        'SNAT',
        'MASQUERADE',
        'REDIRECT',
        'NETMAP',
      ].includes(n),
  )
  .filter(
    (n) =>
      ![
        'NFLOG',
        'NFQUEUE',
        'TCPMSS',
        'TEE',
        'TOS',
        'TTL',
        'SET',
        'ECN',
        'DSCP',
        'LED',
        'AUDIT',
        'HMARK',
        'CHECKSUM',
        'CLASSIFY',
        'CLUSTERIP',
        'CONNSECMARK',
        'IDLETIMER',
        'RATEEST',
        'SECMARK',
        'SYNPROXY',
        'TCPOPTSTRIP',
        'TPROXY',
      ].includes(n),
  )
  .filter((n) => !['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'].includes(n));

const logTarget: fc.Arbitrary<Target> = fc
  .record({
    prefix: opt(fc.stringMatching(/^[ -~]{1,29}$/).filter((s) => !/['$`\\!]/.test(s))),
    level: opt(fc.constantFrom(0, 1, 2, 3, 5, 6, 7)),
    logUid: opt(fc.constant(true)),
    tcpSequence: opt(fc.constant(true)),
    tcpOptions: opt(fc.constant(true)),
    ipOptions: opt(fc.constant(true)),
    macDecode: opt(fc.constant(true)),
  })
  .map((t) => ({ kind: 'LOG', ...defined(t) }) as Target);

const filterTarget = (proto: { proto: number; invert: boolean } | undefined): fc.Arbitrary<Target> =>
  fc.oneof(
    fc.constantFrom<Target>(
      { kind: 'none' },
      { kind: 'ACCEPT' },
      { kind: 'DROP' },
      { kind: 'RETURN' },
      { kind: 'TRACE' },
    ),
    fc.record({ kind: fc.constantFrom('jump' as const, 'goto' as const), chain: chainName }),
    fc
      .constantFrom(
        'icmp-net-unreachable',
        'icmp-host-unreachable',
        'icmp-port-unreachable',
        'icmp-proto-unreachable',
        'icmp-net-prohibited',
        'icmp-host-prohibited',
        'icmp-admin-prohibited',
        ...(proto?.proto === 6 && !proto.invert ? (['tcp-reset'] as const) : []),
      )
      .map((w) => ({ kind: 'REJECT', with: w }) as Target),
    fc.record({ value: u32, mask: u32 }).map((m) => ({ kind: 'MARK', ...m }) as Target),
    fc.record({ value: u32, mask: u32 }).map((m) => ({ kind: 'CONNMARK', mode: 'set', ...m }) as Target),
    fc
      .record({ mode: fc.constantFrom('save' as const, 'restore' as const), nfmask: u32, ctmask: u32 })
      .map((m) => ({ kind: 'CONNMARK', ...m }) as Target),
    logTarget,
  );

const protoArb = opt(fc.record({ proto: fc.constantFrom(1, 6, 17, 47, 132, 200), invert: fc.boolean() }));

/** A rule for filter FORWARD (where -i, -o and every filter target are allowed). */
const filterForwardRule: fc.Arbitrary<Rule> = protoArb.chain((proto) => {
  const p = proto && !proto.invert ? proto.proto : undefined;
  return fc
    .record({
      src: opt(prefix),
      dst: opt(prefix),
      iif: opt(ifaceArb),
      oif: opt(ifaceArb),
      fragment: opt(fc.record({ invert: fc.boolean() })),
      matches: fc.array(fc.oneof(...commonMatches(p)), { maxLength: 4 }),
      target: filterTarget(proto),
    })
    .filter((r) => r.matches.filter((m) => m.module === 'tcp' || m.module === 'udp').length <= 1)
    .filter((r) => !sharedOptionClash(r.matches))
    .map((r) => defined({ ...r, proto }) as Rule);
});

const natRange = (withPorts: boolean) =>
  fc
    .record({
      addr: opt(fc.tuple(ip, ip)),
      ports: withPorts ? opt(fc.tuple(port, port)) : fc.constant(undefined),
      random: fc.boolean(),
      persistent: fc.boolean(),
    })
    .filter((r) => r.addr !== undefined || r.ports !== undefined);

/** Rules for nat PREROUTING with `-p tcp`: DNAT, REDIRECT, NETMAP. */
const natPreroutingRule: fc.Arbitrary<Rule> = fc
  .record({
    dst: opt(prefix),
    target: fc.oneof(
      natRange(true).map(
        ({ addr, ports, random, persistent }) =>
          ({
            kind: 'DNAT',
            range: {
              ...(addr ? { minAddr: addr[0], maxAddr: addr[1] } : {}),
              ...(ports ? { minPort: Math.min(...ports), maxPort: Math.max(...ports) } : {}),
              random,
              randomFully: false,
              persistent,
            },
          }) as Target,
      ),
      fc.record({ ports: opt(fc.tuple(port, port)), random: fc.boolean() }).map(
        ({ ports, random }) =>
          ({
            kind: 'REDIRECT',
            ...(ports ? { minPort: Math.min(...ports), maxPort: Math.max(...ports) } : {}),
            random,
          }) as Target,
      ),
      fc
        .record({ addr: ip, len: fc.integer({ min: 0, max: 32 }) })
        .map(({ addr, len }) => ({ kind: 'NETMAP', to: canonical({ addr, len }) }) as Target),
    ),
  })
  .map(
    (r) => defined({ dst: r.dst, proto: { proto: 6, invert: false }, matches: [], target: r.target }) as Rule,
  );

describe('parseRule(formatRule(r))', () => {
  it('is r for filter FORWARD rules', () => {
    fc.assert(
      fc.property(filterForwardRule, (r) => {
        const back = parseRule(formatRule(r), { table: 'filter', chain: 'FORWARD' });
        expect(back.ok ? back.value : back.error).toEqual(r);
      }),
      { numRuns: 2000 },
    );
  });
  it('is r for nat PREROUTING rules', () => {
    fc.assert(
      fc.property(natPreroutingRule, (r) => {
        const back = parseRule(formatRule(r), { table: 'nat', chain: 'PREROUTING' });
        expect(back.ok ? back.value : back.error).toEqual(r);
      }),
      { numRuns: 500 },
    );
  });
});

/** A filter table whose user chains exist (declared in sorted order, as iptables-save lists them). */
const filterTable: fc.Arbitrary<Table> = fc
  .record({
    policies: fc.array(fc.constantFrom('ACCEPT' as const, 'DROP' as const), { minLength: 3, maxLength: 3 }),
    users: fc.uniqueArray(chainName, { maxLength: 4 }),
    rules: fc.array(fc.tuple(fc.nat(), filterForwardRule), { maxLength: 12 }),
  })
  .map(({ policies, users, rules }) => {
    const sorted = [...users].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const builtins = TABLE_HOOKS.filter.map((h) => CHAIN_OF_HOOK[h]);
    const names = [...builtins, ...sorted];
    const chains = new Map<string, Chain>(
      names.map((n, i) => [n, { name: n, policy: i < 3 ? policies[i]! : null, rules: [] as Rule[] }]),
    );
    for (const [k, rule] of rules) {
      const t = rule.target;
      const jumps = t.kind === 'jump' || t.kind === 'goto';
      if (jumps && !sorted.includes(t.chain)) continue;
      const name = names[k % names.length]!;
      if (jumps && !builtins.includes(name)) continue;
      (chains.get(name)!.rules as Rule[]).push(rule);
    }
    for (const n of ['INPUT', 'OUTPUT']) {
      const c = chains.get(n)!;
      chains.set(n, { ...c, rules: c.rules.filter((r) => (n === 'INPUT' ? !r.oif : !r.iif)) });
    }
    return { name: 'filter', chains };
  });

describe('parseIptablesSave(formatIptablesSave(rs))', () => {
  it('is rs', () => {
    fc.assert(
      fc.property(filterTable, (table) => {
        const rs: Ruleset = new Map([['filter', table]]);
        const back = parseIptablesSave(formatIptablesSave(rs, { date: 'Sat Nov 21 11:30:57 2026' }));
        expect(back.ok ? back.value : back.error).toEqual(rs);
      }),
      { numRuns: 300 },
    );
  });
});
