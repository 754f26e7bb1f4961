/**
 * Generator of a large, realistic `iptables-save` ruleset for one device, and of the lab script around
 * it that `natlab import` reads: a perimeter firewall `fw` between a LAN of customer subnets (eth0), the
 * internet (eth1) and a DMZ of servers (eth2), as a hosting provider's firewall looks after years of
 * growth — per-server user chains, port forwards, per-customer SNAT and policy marks.
 *
 *   lan (eth0 10.1.0.10/16) ── fw eth0 10.1.0.1/16
 *   wan (eth0 203.0.113.1/24) ── fw eth1 203.0.113.2/24
 *   dmz (eth0 172.16.0.10/20) ── fw eth2 172.16.0.1/20
 *
 * The text is written exactly as iptables-save (1.8.9) prints it — option order, quoting, defaults left
 * out — so the engine's own export of the imported device must give it back byte for byte. Only the
 * extensions the engine parses are used (src/engine/netfilter/ext-registry.ts): tcp, udp, icmp,
 * multiport, iprange, mark, conntrack, comment; ACCEPT, DROP, RETURN, jumps to user chains, LOG,
 * REJECT, MARK, CONNMARK, CT --notrack, NOTRACK, DNAT, SNAT, MASQUERADE, NETMAP.
 */

/** Rule counts of the fixed parts; the filter chain `lan-wan` is filled up to the requested total. */
export const SIZES = {
  customers: 250,
  servers: 250,
  rulesPerServer: 20,
  portForwards: 1500,
  dnsServers: 50,
  admins: 20,
} as const;

export interface GeneratedRuleset {
  /** The ruleset as `iptables-save` prints it (no date lines, no counters). */
  readonly save: string;
  /** A lab script (bash, namespaces `ib-*`) building the lab with the ruleset restored on `fw`. */
  readonly script: string;
  /** The device holding the ruleset. */
  readonly device: 'fw';
  /** Every rule (`-A` line): the total. */
  readonly rules: number;
  /** Per table: its rules and user chains. */
  readonly tables: ReadonlyMap<string, { readonly rules: number; readonly userChains: number }>;
  /** Rules per target (`-j` name; `jump` for user chains). */
  readonly targets: ReadonlyMap<string, number>;
  /** Rules per match extension (`-m` name). */
  readonly matches: ReadonlyMap<string, number>;
}

const server = (i: number) => `172.16.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`;
const serverChain = (i: number) => `srv-${String(i).padStart(3, '0')}`;
const customer = (c: number) => `10.1.${1 + c}.0/24`;
const publicIp = (j: number) => `203.0.113.${10 + (j % 240)}`;
const office = (k: number) => `192.0.2.${1 + k}`;

type Table = { name: string; builtins: [string, string][]; user: string[]; rules: [string, string][] };

function table(name: string, builtins: [string, string][]): Table {
  return { name, builtins, user: [], rules: [] };
}
const add = (t: Table, chain: string, rule: string) => t.rules.push([chain, rule]);

function raw(): Table {
  const t = table('raw', [
    ['PREROUTING', 'ACCEPT'],
    ['OUTPUT', 'ACCEPT'],
  ]);
  for (let i = 0; i < SIZES.dnsServers; i++) {
    add(t, 'PREROUTING', `-d ${server(i)}/32 -p udp -m udp --dport 53 -j CT --notrack`);
    add(t, 'PREROUTING', `-s ${server(i)}/32 -p udp -m udp --sport 53 -j NOTRACK`);
  }
  add(t, 'OUTPUT', '-o lo -j CT --notrack');
  return t;
}

function mangle(): Table {
  const t = table('mangle', [
    ['PREROUTING', 'ACCEPT'],
    ['INPUT', 'ACCEPT'],
    ['FORWARD', 'ACCEPT'],
    ['OUTPUT', 'ACCEPT'],
    ['POSTROUTING', 'ACCEPT'],
  ]);
  add(t, 'PREROUTING', '-j CONNMARK --restore-mark --nfmask 0xffffffff --ctmask 0xffffffff');
  add(t, 'PREROUTING', '-m mark ! --mark 0x0/0xff -j ACCEPT');
  for (let c = 0; c < SIZES.customers; c++) {
    const mark = `0x${(1 + (c % 254)).toString(16)}`;
    add(t, 'PREROUTING', `-s ${customer(c)} -i eth0 -j MARK --set-xmark ${mark}/0xff`);
    if (c % 5 === 0)
      add(
        t,
        'PREROUTING',
        `-s ${customer(c)} -i eth0 -p tcp -m multiport --dports 80,443 -j MARK --set-xmark 0x100/0x100`,
      );
  }
  add(
    t,
    'FORWARD',
    '-m conntrack --ctstate NEW -j CONNMARK --save-mark --nfmask 0xffffffff --ctmask 0xffffffff',
  );
  return t;
}

function nat(): Table {
  const t = table('nat', [
    ['PREROUTING', 'ACCEPT'],
    ['INPUT', 'ACCEPT'],
    ['OUTPUT', 'ACCEPT'],
    ['POSTROUTING', 'ACCEPT'],
  ]);
  t.user.push('PORTFW');
  add(t, 'PREROUTING', '-d 203.0.113.0/24 -i eth1 -j PORTFW');
  add(t, 'PREROUTING', '-d 198.51.100.0/24 -i eth1 -j NETMAP --to 172.16.8.0/24');
  add(t, 'OUTPUT', '-d 203.0.113.0/24 -j PORTFW');
  const services = [22, 80, 443, 3389, 5432] as const;
  for (let j = 0; j < SIZES.portForwards; j++) {
    const proto = j % 10 === 9 ? 'udp' : 'tcp';
    const to = `${server(j % SIZES.servers)}:${proto === 'udp' ? 51820 : services[j % services.length]!}`;
    const note = j % 4 === 0 ? ` -m comment --comment "ticket #${40000 + j}"` : '';
    add(
      t,
      'PORTFW',
      `-d ${publicIp(j)}/32 -p ${proto} -m ${proto} --dport ${10000 + j}${note} -j DNAT --to-destination ${to}`,
    );
  }
  for (let c = 0; c < SIZES.customers; c++)
    add(t, 'POSTROUTING', `-s ${customer(c)} -o eth1 -j SNAT --to-source ${publicIp(c)}`);
  add(t, 'POSTROUTING', '-s 172.16.8.0/24 -o eth1 -j NETMAP --to 198.51.100.0/24');
  add(t, 'POSTROUTING', '-s 172.16.0.0/20 -d 172.16.0.0/20 -o eth2 -j MASQUERADE');
  add(t, 'POSTROUTING', '-o eth1 -j MASQUERADE');
  return t;
}

function serverRules(t: Table, i: number): void {
  const ch = serverChain(i);
  const rules: string[] = [];
  for (let k = 0; k < 4; k++)
    rules.push(
      `-s ${office((i + k) % SIZES.admins)}/32 -p tcp -m tcp --dport 22 -m comment --comment "ssh from office ${(i + k) % SIZES.admins}" -j ACCEPT`,
    );
  rules.push('-p icmp -m icmp --icmp-type 8 -j ACCEPT');
  rules.push('-p icmp -m icmp --icmp-type 3/4 -j ACCEPT');
  switch (i % 4) {
    case 0: // web
      rules.push('-p tcp -m multiport --dports 80,443 -m conntrack --ctstate NEW -j ACCEPT');
      rules.push('-p tcp -m tcp --dport 8443 -m comment --comment "admin panel" -j ACCEPT');
      rules.push('-p udp -m udp --dport 443 -j ACCEPT');
      break;
    case 1: // mail
      rules.push('-p tcp -m multiport --dports 25,465,587,993 -j ACCEPT');
      rules.push('-p tcp -m tcp --dport 110 -j REJECT --reject-with tcp-reset');
      rules.push('-p tcp -m tcp --dport 143 -j REJECT --reject-with tcp-reset');
      break;
    case 2: // dns
      rules.push('-p udp -m udp --dport 53 -j ACCEPT');
      rules.push('-p tcp -m tcp --dport 53 -j ACCEPT');
      rules.push('-p udp -m udp --sport 1024:65535 --dport 123 -j ACCEPT');
      break;
    default: // database, reachable from the offices only
      rules.push(`-s ${office(i % SIZES.admins)}/32 -p tcp -m tcp --dport 5432 -j ACCEPT`);
      rules.push('-p tcp -m iprange --src-range 192.0.2.100-192.0.2.120 -m tcp --dport 3306 -j ACCEPT');
      rules.push('-p tcp -m tcp ! --sport 1024:65535 -j DROP');
  }
  for (let k = 0; k < 8; k++) rules.push(`-s 198.18.${(i * 8 + k) % 256}.0/24 -j DROP`);
  rules.push(`-j LOG --log-prefix "${ch} drop: " --log-level 6`);
  rules.push('-p tcp -j REJECT --reject-with tcp-reset');
  rules.push('-j REJECT --reject-with icmp-host-prohibited');
  if (rules.length !== SIZES.rulesPerServer) throw new Error(`${ch}: ${rules.length} rules`);
  for (const r of rules) add(t, ch, r);
}

function filter(total: number, before: number): Table {
  const t = table('filter', [
    ['INPUT', 'DROP'],
    ['FORWARD', 'DROP'],
    ['OUTPUT', 'ACCEPT'],
  ]);
  t.user.push('dmz-wan', 'lan-dmz', 'lan-wan', 'wan-dmz');
  for (let i = 0; i < SIZES.servers; i++) t.user.push(serverChain(i));
  t.user.sort(); // iptables-save lists user chains in name order

  add(t, 'INPUT', '-i lo -j ACCEPT');
  add(t, 'INPUT', '-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT');
  add(t, 'INPUT', '-m conntrack --ctstate INVALID -j DROP');
  add(t, 'INPUT', '-p icmp -m icmp --icmp-type 8 -j ACCEPT');
  for (let k = 0; k < SIZES.admins; k++)
    add(
      t,
      'INPUT',
      `-s ${office(k)}/32 -i eth1 -p tcp -m tcp --dport 22 -m comment --comment "ssh: admin ${k}" -j ACCEPT`,
    );
  add(t, 'INPUT', '-i eth0 -p udp -m udp --dport 53 -j ACCEPT');
  add(t, 'INPUT', '-i eth0 -p tcp -m tcp --dport 53 -j ACCEPT');
  add(t, 'INPUT', '-i eth0 -p udp -m udp --sport 68 --dport 67 -j ACCEPT');
  add(t, 'INPUT', '-j LOG --log-prefix "INPUT drop: " --log-tcp-options --log-ip-options');
  add(t, 'INPUT', '-p tcp -j REJECT --reject-with tcp-reset');
  add(t, 'INPUT', '-j REJECT --reject-with icmp-admin-prohibited');

  add(t, 'FORWARD', '-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT');
  add(t, 'FORWARD', '-m conntrack --ctstate INVALID -j DROP');
  add(t, 'FORWARD', '-i eth0 -o eth1 -j lan-wan');
  add(t, 'FORWARD', '-i eth1 -o eth2 -j wan-dmz');
  add(t, 'FORWARD', '-i eth0 -o eth2 -j lan-dmz');
  add(t, 'FORWARD', '-i eth2 -o eth1 -j dmz-wan');
  add(t, 'FORWARD', '-j LOG --log-prefix "FORWARD drop: "');
  add(t, 'FORWARD', '-j DROP');

  add(t, 'OUTPUT', '-o lo -j ACCEPT');
  add(t, 'OUTPUT', '-p udp -m udp --dport 514 -j ACCEPT');

  add(t, 'dmz-wan', '-p udp -m udp --dport 53 -j ACCEPT');
  add(t, 'dmz-wan', '-p udp -m udp --dport 123 -j ACCEPT');
  add(t, 'dmz-wan', '-p tcp -m multiport --dports 25,80,443 -j ACCEPT');
  add(t, 'dmz-wan', '-m iprange --src-range 172.16.1.1-172.16.1.50 -j ACCEPT');
  add(t, 'dmz-wan', '-j LOG --log-prefix "dmz-wan: "');
  add(t, 'dmz-wan', '-j REJECT --reject-with icmp-net-prohibited');

  for (let c = 0; c < SIZES.customers; c++) {
    add(
      t,
      'lan-dmz',
      `-s ${customer(c)} -d 172.16.0.0/20 -p tcp -m multiport --dports 22,80,443,3306 -j ACCEPT`,
    );
    add(t, 'lan-dmz', `-s ${customer(c)} -d ${server(c)}/32 -p udp -m udp --dport 53 -j ACCEPT`);
  }
  add(t, 'lan-dmz', '-j REJECT --reject-with icmp-port-unreachable');

  for (let i = 0; i < SIZES.servers; i++) add(t, 'wan-dmz', `-d ${server(i)}/32 -j ${serverChain(i)}`);
  add(t, 'wan-dmz', '-d 172.16.8.0/24 -p tcp -m multiport ! --dports 22,23 -j ACCEPT');
  add(t, 'wan-dmz', '-j LOG --log-prefix "wan-dmz: "');
  add(t, 'wan-dmz', '-j REJECT --reject-with icmp-host-prohibited');

  for (let i = 0; i < SIZES.servers; i++) serverRules(t, i);

  // lan-wan: per-customer egress policy, filled up to the total
  const fill = total - before - t.rules.length - 3;
  if (fill < 0)
    throw new RangeError(`${total} rules: the fixed part alone has ${before + t.rules.length + 3}`);
  const templates = [
    (c: string) => `-s ${c} -p tcp -m multiport --dports 80,443 -j ACCEPT`,
    (c: string) => `-s ${c} -p udp -m udp --dport 123 -j ACCEPT`,
    (c: string) => `-s ${c} -p tcp -m tcp --dport 25 -j REJECT --reject-with tcp-reset`,
    (c: string) => `-s ${c} -m iprange --dst-range 198.18.0.1-198.18.0.254 -j DROP`,
    (c: string) => `-s ${c} -p tcp -m tcp --dport 6667 -m comment --comment "irc blocked for ${c}" -j DROP`,
    (c: string) => `-s ${c} -m conntrack --ctstate NEW -m mark --mark 0x100/0x100 -j ACCEPT`,
    (c: string) => `-s ${c} -p icmp -m icmp ! --icmp-type 5 -j ACCEPT`,
    (c: string) => `-s ${c} -p udp -m multiport --dports 500,4500 -j ACCEPT`,
  ];
  for (let k = 0; k < fill; k++)
    add(
      t,
      'lan-wan',
      templates[Math.floor(k / SIZES.customers) % templates.length]!(customer(k % SIZES.customers)),
    );
  add(t, 'lan-wan', '-p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j RETURN');
  add(t, 'lan-wan', '-j LOG --log-prefix "lan-wan: " --log-level 5 --log-uid');
  add(t, 'lan-wan', '-j REJECT --reject-with icmp-net-unreachable');
  return t;
}

function saveText(tables: readonly Table[]): string {
  const out: string[] = [];
  for (const t of tables) {
    out.push(`*${t.name}`);
    for (const [c, p] of t.builtins) out.push(`:${c} ${p} [0:0]`);
    for (const c of t.user) out.push(`:${c} - [0:0]`);
    // iptables-save: built-in chains in hook order, then user chains in name order, each chain's rules together
    const byChain = new Map<string, string[]>();
    for (const [chain, rule] of t.rules) {
      const list = byChain.get(chain);
      if (list) list.push(rule);
      else byChain.set(chain, [rule]);
    }
    for (const c of [...t.builtins.map(([b]) => b), ...t.user])
      for (const rule of byChain.get(c) ?? []) out.push(`-A ${c} ${rule}`);
    out.push('COMMIT');
  }
  return `${out.join('\n')}\n`;
}

function labScript(save: string, rules: number): string {
  return `#!/bin/bash
# natlab benchmark: a perimeter firewall with ${rules} iptables rules (bench/iptables-ruleset.ts)
set -e

ip netns add ib-fw
ip netns add ib-lan
ip netns add ib-wan
ip netns add ib-dmz
ip -n ib-fw link set lo up
ip -n ib-lan link set lo up
ip -n ib-wan link set lo up
ip -n ib-dmz link set lo up

ip link add eth0 netns ib-fw type veth peer name eth0 netns ib-lan
ip link add eth1 netns ib-fw type veth peer name eth0 netns ib-wan
ip link add eth2 netns ib-fw type veth peer name eth0 netns ib-dmz

ip -n ib-fw addr add 10.1.0.1/16 dev eth0
ip -n ib-fw addr add 203.0.113.2/24 dev eth1
ip -n ib-fw addr add 172.16.0.1/20 dev eth2
ip -n ib-lan addr add 10.1.0.10/16 dev eth0
ip -n ib-wan addr add 203.0.113.1/24 dev eth0
ip -n ib-dmz addr add 172.16.0.10/20 dev eth0
ip -n ib-fw link set eth0 up
ip -n ib-fw link set eth1 up
ip -n ib-fw link set eth2 up
ip -n ib-lan link set eth0 up
ip -n ib-wan link set eth0 up
ip -n ib-dmz link set eth0 up

ip netns exec ib-fw sysctl -q -w net.ipv4.ip_forward=1
ip -n ib-fw route add default via 203.0.113.1
ip -n ib-lan route add default via 10.1.0.1
ip -n ib-dmz route add default via 172.16.0.1

ip netns exec ib-fw iptables-restore <<'EOF'
${save}EOF
`;
}

/** The ruleset of `total` rules (at least the ~8,500 of the fixed part), and the lab script restoring it. */
export function generateRuleset(total = 10_000): GeneratedRuleset {
  const head = [raw(), mangle(), nat()];
  const before = head.reduce((n, t) => n + t.rules.length, 0);
  // the order iptables-save (nf_tables) prints tables in: netfilter/iptables-save.ts SAVE_TABLE_ORDER
  const byName = new Map([...head, filter(total, before)].map((t) => [t.name, t]));
  const tables = ['mangle', 'raw', 'filter', 'nat'].map((n) => byName.get(n)!);
  const count = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const stats = new Map<string, { rules: number; userChains: number }>();
  const targets = new Map<string, number>();
  const matches = new Map<string, number>();
  let rules = 0;
  for (const t of tables) {
    stats.set(t.name, { rules: t.rules.length, userChains: t.user.length });
    const user = new Set(t.user);
    for (const [, r] of t.rules) {
      rules++;
      const j = /(?:^| )-j (\S+)/.exec(r)?.[1] ?? '(none)';
      count(targets, user.has(j) ? 'jump' : j);
      for (const m of r.matchAll(/(?:^| )-m (\S+)/g)) count(matches, m[1]!);
    }
  }
  const save = saveText(tables);
  return { save, script: labScript(save, rules), device: 'fw', rules, tables: stats, targets, matches };
}
