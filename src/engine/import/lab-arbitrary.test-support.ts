/**
 * Random valid lab documents for property tests: a few segments and devices, addresses (primary,
 * secondary, noprefixroute, broadcast, on lo), routes of every type in several tables, policy rules with
 * fwmark masks and every selector, sysctls, iptables rules from a list of known-good ones, proxy
 * neighbours. A generated document is then repaired: whatever the compiler refuses (an unreachable
 * gateway, a duplicate route…) is removed until it compiles, so nearly every case is used.
 */
import fc from 'fast-check';
import { compileLab } from '../lab/compile.ts';
import type { AddressDocEntry, DeviceDoc, LabDocument, RouteDoc, RuleDoc } from '../lab/format.ts';
import type { Network } from '../model/network.ts';

const IFNAMES = ['eth0', 'eth1', 'eth2', 'wan', 'v.10', 'lan-1'];
const DEVICE_IDS = ['gw', 'vbs', 'sf0006', 'vlab', 'sf0006-copy', 'r1', 'h.2', 'x_9'];
const SEGMENT_IDS = ['prod', 'iso', 'lan', 'wire'];

const octet = fc.constantFrom(0, 1, 2, 5, 254);
const hostAddr = fc
  .tuple(fc.constantFrom(0, 1, 2), fc.constantFrom(0, 1, 2), octet)
  .map(([a, b, c]) => `10.${a}.${b}.${c}`);
const addressText = fc
  .tuple(
    fc.constantFrom(0, 1, 2),
    fc.constantFrom(0, 1, 2),
    fc.constantFrom(1, 2, 5, 9, 130),
    fc.constantFrom(8, 16, 24, 24, 24, 25, 30, 31, 32),
  )
  .map(([a, b, c, len]) => `10.${a}.${b}.${c}/${len}`);
const address: fc.Arbitrary<AddressDocEntry> = fc.oneof(
  { weight: 4, arbitrary: addressText },
  {
    weight: 1,
    arbitrary: fc.record(
      { address: addressText, noprefixroute: fc.boolean(), broadcast: hostAddr },
      { requiredKeys: ['address'] },
    ),
  },
);
const prefix = fc.oneof(
  fc.constant('default'),
  fc.tuple(fc.constantFrom(0, 1, 2, 3, 9), fc.constantFrom(0, 1, 2)).map(([a, b]) => `10.${a}.${b}.0/24`),
  fc.constantFrom(0, 1, 7).map((a) => `10.${a}.0.0/16`),
  fc.constantFrom('192.168.150.0/24', '172.16.0.0/12', '10.9.9.9', '10.0.0.128/25'),
);
const table = fc.constantFrom<string | number | undefined>(
  undefined,
  undefined,
  'main',
  2,
  100,
  'default',
  4000000000,
);

function routeArb(ifs: readonly string[]): fc.Arbitrary<RouteDoc> {
  const dev = ifs.length ? fc.option(fc.constantFrom(...ifs), { nil: undefined }) : fc.constant(undefined);
  const unicast = fc.record(
    {
      to: prefix,
      via: hostAddr,
      dev,
      src: hostAddr,
      metric: fc.constantFrom(0, 5, 100, 4294967295),
      table,
      onlink: fc.boolean(),
      scope: fc.constantFrom('global' as const, 'link' as const, 'host' as const),
    },
    { requiredKeys: ['to'] },
  );
  const special = fc.record(
    {
      to: prefix,
      type: fc.constantFrom(
        'blackhole' as const,
        'unreachable' as const,
        'prohibit' as const,
        'throw' as const,
      ),
      metric: fc.constantFrom(0, 7),
      table,
    },
    { requiredKeys: ['to', 'type'] },
  );
  const local = fc.record(
    {
      to: fc.constantFrom('10.200.0.1', '10.201.0.0/24'),
      type: fc.constantFrom('local' as const, 'broadcast' as const),
      dev: fc.constantFrom('lo', ...ifs),
      table: fc.constantFrom<string | number | undefined>(undefined, 'local', 2),
    },
    { requiredKeys: ['to', 'type', 'dev'] },
  );
  return fc
    .oneof(
      { weight: 5, arbitrary: unicast },
      { weight: 2, arbitrary: special },
      { weight: 1, arbitrary: local },
    )
    .map(
      (r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as unknown as RouteDoc,
    );
}

function ruleArb(ifs: readonly string[]): fc.Arbitrary<RuleDoc> {
  const names = fc.constantFrom(...ifs, 'lo', 'ghost0');
  return fc
    .record(
      {
        pref: fc.constantFrom(1, 5, 100, 200, 1000, 32765, 40000),
        not: fc.boolean(),
        from: prefix,
        to: prefix,
        iif: names,
        oif: names,
        fwmark: fc.oneof(
          fc
            .tuple(fc.integer({ min: 0, max: 15 }), fc.constantFrom(0, 1, 2, 6, 0xff, 0xffffffff))
            .map(([v, m]) => `0x${v.toString(16)}/0x${m.toString(16)}`),
          fc.integer({ min: 0, max: 9 }),
          fc.constantFrom('0x10', '6'),
        ),
        ipproto: fc.constantFrom<string | number>('tcp', 'udp', 17, 1),
        sport: fc.constantFrom<string | number>(53, '1000-2000'),
        dport: fc.constantFrom<string | number>(80, '8000-8080'),
        action: fc.constantFrom(
          'lookup' as const,
          'lookup' as const,
          'blackhole' as const,
          'unreachable' as const,
          'prohibit' as const,
          'nop' as const,
          'goto' as const,
        ),
        table: fc.constantFrom<string | number>(2, 100, 'main', 'local', 'default'),
        suppressPrefixlength: fc.constantFrom(0, 24),
      },
      { requiredKeys: [] },
    )
    .map((r) => {
      const out: Record<string, unknown> = Object.fromEntries(
        Object.entries(r).filter(([, v]) => v !== undefined),
      );
      if (out.not === false) delete out.not;
      if (out.action !== 'lookup' && out.action !== undefined) {
        delete out.table;
        delete out.suppressPrefixlength;
      }
      if (out.action === 'goto') {
        if (out.pref === undefined) out.action = 'nop';
        else out.goto = (out.pref as number) + 50;
      }
      return out as RuleDoc;
    });
}

// prettier-ignore
const IPTABLES: readonly [string, string, string][] = [
  ['nat', 'PREROUTING', '-i eth0 -d 192.168.150.0/24 -j NETMAP --to 192.168.149.0/24'],
  ['nat', 'PREROUTING', '-p tcp --dport 80 -j DNAT --to-destination 10.0.0.5:8080'],
  ['nat', 'POSTROUTING', '-o eth1 -j MASQUERADE'],
  ['nat', 'POSTROUTING', '-s 10.0.0.0/8 -o wan -j SNAT --to-source 10.1.0.1'],
  ['nat', 'OUTPUT', '-d 10.9.9.9/32 -p udp -j REDIRECT --to-ports 5353'],
  ['mangle', 'PREROUTING', '-i eth0 -d 192.168.150.0/24 -j MARK --set-xmark 0x6/0xffffffff'],
  ['mangle', 'PREROUTING', '-j CONNMARK --restore-mark'],
  ['mangle', 'FORWARD', '-m mark --mark 0x2/0x2 -j CONNMARK --save-mark'],
  ['mangle', 'OUTPUT', '-p tcp -m multiport --dports 22,443 -j MARK --set-mark 0x2'],
  ['filter', 'FORWARD', '-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT'],
  ['filter', 'FORWARD', '! -s 10.0.0.0/8 -p icmp -j DROP'],
  ['filter', 'INPUT', '-p tcp -m tcp --dport 22 -j REJECT --reject-with tcp-reset'],
  ['filter', 'INPUT', '-m comment --comment "hello world" -j ACCEPT'],
  ['filter', 'OUTPUT', '-o lo -j ACCEPT'],
  ['raw', 'PREROUTING', '-p udp --dport 53 -j CT --notrack'],
];

const iptablesArb = fc
  .record(
    {
      rules: fc.subarray([...IPTABLES]),
      dropInput: fc.boolean(),
      userChain: fc.boolean(),
      emptyTable: fc.constantFrom(undefined, 'security', 'raw'),
    },
    { requiredKeys: ['rules'] },
  )
  .map(({ rules, dropInput, userChain, emptyTable }) => {
    const t: Record<string, Record<string, unknown>> = {};
    for (const [table, chain, rule] of rules) {
      const chains = (t[table] ??= {});
      chains[chain] = [...((chains[chain] as string[] | undefined) ?? []), rule];
    }
    if (dropInput) {
      const f = (t.filter ??= {});
      f.INPUT = { policy: 'DROP', rules: (f.INPUT as string[] | undefined) ?? [] };
    }
    if (userChain) {
      const f = (t.filter ??= {});
      f['LOG-DROP'] = ['-j LOG --log-prefix "dropped: "', '-j DROP'];
      f.FORWARD = [...((f.FORWARD as string[] | undefined) ?? []), '-i wan -j LOG-DROP'];
    }
    if (emptyTable) t[emptyTable] ??= {};
    return t as DeviceDoc['iptables'];
  });

const SYSCTL_KEYS = [
  'rp_filter',
  'proxy_arp',
  'send_redirects',
  'accept_redirects',
  'arp_ignore',
  'arp_announce',
  'src_valid_mark',
  'accept_local',
  'route_localnet',
  'forwarding',
  'log_martians',
  'shared_media',
  'arp_filter',
];
function sysctlArb(ifs: readonly string[]): fc.Arbitrary<Record<string, number>> {
  const who = fc.constantFrom('all', 'default', 'lo', ...ifs.map((i) => i.replaceAll('.', '/')));
  const entry = fc.oneof(
    fc.tuple(fc.constant('net.ipv4.ip_forward'), fc.integer({ min: 0, max: 1 })),
    fc.tuple(
      fc.tuple(who, fc.constantFrom(...SYSCTL_KEYS)).map(([w, k]) => `net.ipv4.conf.${w}.${k}`),
      fc.integer({ min: 0, max: 2 }),
    ),
    fc.tuple(
      fc.constantFrom(
        'net.ipv4.icmp_echo_ignore_all',
        'net.ipv4.icmp_echo_ignore_broadcasts',
        'net.ipv4.fwmark_reflect',
      ),
      fc.integer({ min: 0, max: 1 }),
    ),
    fc.tuple(fc.constant('net.ipv4.ip_default_ttl'), fc.constantFrom(1, 63, 255)),
  );
  return fc.array(entry, { maxLength: 6 }).map((es) => Object.fromEntries(es));
}

function deviceArb(id: string, segments: readonly string[]): fc.Arbitrary<DeviceDoc> {
  return fc.uniqueArray(fc.constantFrom(...IFNAMES), { maxLength: 3 }).chain((ifs) =>
    fc.record(
      {
        id: fc.constant(id),
        kind: fc.constantFrom('host' as const, 'router' as const, 'appliance' as const),
        interfaces: fc
          .tuple(
            fc.tuple(
              ...ifs.map((name) =>
                fc.record(
                  {
                    name: fc.constant(name),
                    segment: segments.length
                      ? fc.option(fc.constantFrom(...segments), { nil: undefined })
                      : fc.constant(undefined),
                    mac: fc
                      .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }))
                      .map(
                        ([a, b]) =>
                          `0a:00:00:00:${a.toString(16).padStart(2, '0')}:${b.toString(16).padStart(2, '0')}`,
                      ),
                    addresses: fc.array(address, { maxLength: 3 }),
                  },
                  { requiredKeys: ['name'] },
                ),
              ),
            ),
            fc.option(
              fc.array(fc.constantFrom('10.255.0.1/32', '10.254.0.1/24'), { minLength: 1, maxLength: 2 }),
              { nil: undefined },
            ),
          )
          .map(([list, lo]) => {
            const out = list.map(
              (x) =>
                Object.fromEntries(
                  Object.entries(x).filter(([, v]) => v !== undefined),
                ) as unknown as DeviceDoc['interfaces'][number],
            );
            return lo ? [...out, { name: 'lo', addresses: [...new Set(lo)] }] : out;
          }),
        sysctls: sysctlArb(ifs),
        routes: fc.array(routeArb(ifs), { maxLength: 4 }),
        rules: fc.array(ruleArb(ifs), { maxLength: 3 }),
        defaultRules: fc.record(
          { local: fc.boolean(), main: fc.boolean(), default: fc.boolean() },
          { requiredKeys: [] },
        ),
        iptables: iptablesArb,
        proxyNeighbours: ifs.length
          ? fc.array(fc.record({ address: hostAddr, dev: fc.constantFrom(...ifs) }), { maxLength: 2 })
          : fc.constant([]),
      },
      { requiredKeys: ['id', 'kind', 'interfaces'] },
    ),
  );
}

export const rawLabArb: fc.Arbitrary<LabDocument> = fc
  .tuple(
    fc.subarray(SEGMENT_IDS),
    fc.uniqueArray(fc.constantFrom(...DEVICE_IDS), { minLength: 1, maxLength: 4 }),
  )
  .chain(([segs, devs]) =>
    fc.record({
      schemaVersion: fc.constant(2 as const),
      name: fc.constantFrom('generated', 'lab "quoted" \n name'),
      segments: fc.tuple(
        ...segs.map((id) =>
          fc.record({
            id: fc.constant(id),
            kind: fc.constantFrom('production' as const, 'isolated' as const, 'link' as const),
          }),
        ),
      ),
      devices: fc.tuple(...devs.map((id) => deviceArb(id, segs))),
    }),
  );

/** Removes what the compiler refuses, path by path, until the document compiles (or gives up: null). */
export function repair(input: LabDocument): { doc: LabDocument; network: Network } | null {
  const doc = structuredClone(input) as unknown as { devices: Record<string, unknown>[] };
  for (let round = 0; round < 40; round++) {
    const c = compileLab(doc as unknown as LabDocument);
    const errors = c.issues.filter((i) => i.severity === 'error');
    if (!errors.length && c.network) {
      // the compiler accepts two identical rules (the kernel refuses the second, EEXIST, whatever their
      // "not") and two identical proxy entries (the kernel keeps one): no kernel holds such a lab
      const dup =
        c.network.devices.some(
          (d) =>
            new Set(d.proxyNeighbours.map((p) => `${p.addr}/${p.dev}`)).size !== d.proxyNeighbours.length,
        ) ||
        c.network.devices.some(
          (d) => new Set(d.rules.map((r) => JSON.stringify({ ...r, not: false }))).size !== d.rules.length,
        );
      return dup ? null : { doc: doc as unknown as LabDocument, network: c.network };
    }
    const e = errors[0]!;
    if (!remove(doc, e.path)) return null;
  }
  return null;
}

function remove(doc: { devices: Record<string, unknown>[] }, path: string): boolean {
  const m =
    /^devices\[(\d+)\]\.(routes|rules|proxyNeighbours)\[(\d+)\]/.exec(path) ??
    /^devices\[(\d+)\]\.interfaces\[(\d+)\]\.(addresses|mac)(?:\[(\d+)\])?/.exec(path) ??
    /^devices\[(\d+)\]\.sysctls\["?([^"\]]+)"?\]/.exec(path) ??
    /^devices\[(\d+)\]\.iptables/.exec(path);
  if (!m) return false;
  const dev = doc.devices[Number(m[1])]!;
  if (path.includes('.iptables')) {
    delete dev.iptables;
  } else if (m[2] === 'routes' || m[2] === 'rules' || m[2] === 'proxyNeighbours') {
    (dev[m[2]] as unknown[]).splice(Number(m[3]), 1);
  } else if (path.includes('.sysctls')) {
    delete (dev.sysctls as Record<string, number>)[m[2]!];
  } else {
    const ifd = (dev.interfaces as Record<string, unknown>[])[Number(m[2])]!;
    if (m[3] === 'mac') delete ifd.mac;
    else if (m[4] !== undefined) (ifd.addresses as unknown[]).splice(Number(m[4]), 1);
    else delete ifd.addresses;
  }
  return true;
}
