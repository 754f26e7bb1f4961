/**
 * The proxy appliance of one virtual lab, as seed 000 describes it for one network (shared/docs/
 * vlab-reference.md §4.2), generalised to N isolated networks (docs/vlab-compiler.md):
 *
 *   eth0  production NIC (the design IP; static-mapping access IPs as /32 aliases)
 *   ethN  one vNIC per isolated network, the production gateway's address, `noprefixroute`
 *   main  default via the production gateway dev eth0
 *   rule  fwmark 0x2/0x2 lookup 2;  table 2: one route per isolated network, ISOLATED dev ethN
 *   mangle PREROUTING -i eth0 -d MASQ -j MARK --set-xmark 0x6/0xffffffff   (and -d ACCESS/32)
 *   nat PREROUTING    -i eth0 -d MASQ -j NETMAP --to ISOLATED; -d ACCESS/32 -j DNAT --to-destination VM
 *   nat POSTROUTING   -o ethN -d VM/32 -j SNAT --to-source VNIC (static mappings); -o ethN -j MASQUERADE
 *   filter            nothing the lab starts leaves it: FORWARD -i ethN drops all but replies,
 *                     INPUT -i ethN drops (the appliance's own answers would be routed to production)
 *   routing between vNICs (option): lab-started packets marked too, forwarded between the vNICs
 *
 * Every generated element records the design field that produced it (`Trail`).
 */
import { formatCidr, formatIpv4 } from '../addr/ipv4.ts';
import type { AddressDocEntry, DeviceDoc, InterfaceDoc, RouteDoc } from '../lab/format.ts';
import { keyPath } from '../lab/issues.ts';
import type { ResolvedLab } from './resolve.ts';

/** The mark the seed's appliance sets on packets from production into the lab, and the rule's test. */
export const LAB_MARK = '0x6/0xffffffff';
export const LAB_FWMARK = '0x2/0x2';
/** The connmark of connections lab VMs start (routing between vNICs only). */
export const LAB_CONNMARK = '0x1/0x1';
/** The routing table of the isolated networks. */
export const LAB_TABLE = 2;

/** Expanded-document path → design path, for every generated element. */
export class Trail {
  readonly map = new Map<string, string>();
  set(at: string, from: string): void {
    this.map.set(at, from);
  }
}

/** The appliance device for `lab`, at `devices[at]` of the expanded lab. */
export function applianceDevice(lab: ResolvedLab, at: number, trail: Trail): DeviceDoc {
  const d = `devices[${at}]`;
  const lp = lab.path;
  const app = lab.design.appliance;
  trail.set(d, `${lp}.appliance`);

  const eth0: AddressDocEntry[] = [formatCidr(lab.applianceIp)];
  trail.set(`${d}.interfaces[0]`, `${lp}.appliance.productionNetwork`);
  trail.set(`${d}.interfaces[0].addresses[0]`, `${lp}.appliance.ip`);
  for (const m of lab.mappings) {
    trail.set(`${d}.interfaces[0].addresses[${eth0.length}]`, `${m.path}.accessIp`);
    eth0.push(`${formatIpv4(m.accessIp)}/32`);
  }
  const interfaces: InterfaceDoc[] = [{ name: 'eth0', segment: app.productionNetwork, addresses: eth0 }];
  for (const n of lab.isolated) {
    const k = interfaces.length;
    trail.set(`${d}.interfaces[${k}]`, `${n.path}.segment`);
    trail.set(`${d}.interfaces[${k}].addresses[0]`, `${n.path}.vnicIp`);
    interfaces.push({
      name: n.ifname,
      segment: n.design.segment,
      addresses: [{ address: formatCidr(n.vnic), noprefixroute: true }],
    });
  }

  const sysctls: Record<string, number> = {};
  const sysctl = (name: string, value: number, from: string) => {
    sysctls[name] = value;
    trail.set(`${d}.sysctls${keyPath(name)}`, from);
  };
  // forwarding between production and the lab; reverse-path filtering off (strict drops every
  // answer from the lab: its source is a production address, routed out eth0 — semantics §6)
  sysctl('net.ipv4.ip_forward', 1, `${lp}.appliance`);
  sysctl('net.ipv4.conf.all.rp_filter', 0, `${lp}.appliance`);
  sysctl('net.ipv4.conf.default.rp_filter', 0, `${lp}.appliance`);
  // the vNICs hold the production gateways' addresses: answer ARP only on the interface that has
  // the address, or the appliance answers production hosts' ARP for their own gateway (engine.md)
  sysctl('net.ipv4.conf.all.arp_ignore', 1, `${lp}.isolatedNetworks`);
  for (const n of lab.isolated) sysctl(`net.ipv4.conf.${n.ifname}.proxy_arp`, 0, n.path);
  // the production router's own address is also a vNIC's: its ARP requests (and packets) then carry a
  // source the appliance holds, a martian the kernel ignores unless accept_local — machines behind the
  // router would never reach the lab (docs/vlab-compiler.md, "The production router")
  const mimic = lab.isolated.find((n) => n.vnic.addr === lab.gateway);
  if (mimic) sysctl('net.ipv4.conf.eth0.accept_local', 1, `${mimic.path}.vnicIp`);

  const routes: RouteDoc[] = [];
  const route = (r: RouteDoc, from: string) => {
    trail.set(`${d}.routes[${routes.length}]`, from);
    routes.push(r);
  };
  if (lab.gateway !== undefined)
    route({ to: 'default', via: formatIpv4(lab.gateway), dev: 'eth0' }, `${lp}.appliance.gateway`);
  for (const n of lab.isolated) route({ to: formatCidr(n.prefix), dev: n.ifname, table: LAB_TABLE }, n.path);
  trail.set(`${d}.rules[0]`, `${lp}.isolatedNetworks`);

  const chain = () => {
    const list: string[] = [];
    return {
      list,
      add: (at: string, text: string, from: string) => {
        trail.set(`${d}.iptables.${at}[${list.length}]`, from);
        list.push(text);
      },
    };
  };
  const mangle = chain();
  const output = chain();
  const pre = chain();
  const post = chain();
  const fwd = chain();
  const input = chain();
  for (const n of lab.isolated) {
    const masq = formatCidr(n.masquerade!);
    const from = `${n.path}.masquerade`;
    mangle.add('mangle.PREROUTING', `-i eth0 -d ${masq} -j MARK --set-xmark ${LAB_MARK}`, from);
    pre.add('nat.PREROUTING', `-i eth0 -d ${masq} -j NETMAP --to ${formatCidr(n.prefix)}`, from);
  }
  for (const m of lab.mappings) {
    const access = `${formatIpv4(m.accessIp)}/32`;
    mangle.add(
      'mangle.PREROUTING',
      `-i eth0 -d ${access} -j MARK --set-xmark ${LAB_MARK}`,
      `${m.path}.accessIp`,
    );
    pre.add(
      'nat.PREROUTING',
      `-i eth0 -d ${access} -j DNAT --to-destination ${formatIpv4(m.isolatedIp)}`,
      `${m.path}.accessIp`,
    );
  }
  // Routing between vNICs: connections a lab VM starts get a connmark; their packets — both ways, and
  // the ICMP errors the appliance sends about them — the lab mark, so table 2 routes them between the
  // vNICs; they are forwarded, not masqueraded (docs/vlab-compiler.md).
  const between = lab.design.appliance.routingBetweenVnics === true && lab.isolated.length > 1;
  const rbv = `${lp}.appliance.routingBetweenVnics`;
  const labStarted = `-m connmark --mark ${LAB_CONNMARK}`;
  if (between) {
    for (const n of lab.isolated)
      mangle.add(
        'mangle.PREROUTING',
        `-i ${n.ifname} -m conntrack --ctstate NEW -j CONNMARK --set-xmark ${LAB_CONNMARK}`,
        rbv,
      );
    mangle.add('mangle.PREROUTING', `${labStarted} -j MARK --set-xmark ${LAB_MARK}`, rbv);
    output.add('mangle.OUTPUT', `${labStarted} -j MARK --set-xmark ${LAB_MARK}`, rbv);
  }
  const fromProduction = between ? `-m connmark ! --mark ${LAB_CONNMARK} ` : '';
  for (const n of lab.isolated) {
    for (const m of lab.mappings.filter((x) => x.network === n))
      post.add(
        'nat.POSTROUTING',
        `-o ${n.ifname} -d ${formatIpv4(m.isolatedIp)}/32 ${fromProduction}-j SNAT --to-source ${formatIpv4(n.vnic.addr)}`,
        `${m.path}.isolatedIp`,
      );
    post.add('nat.POSTROUTING', `-o ${n.ifname} ${fromProduction}-j MASQUERADE`, n.path);
    if (between)
      for (const o of lab.isolated)
        if (o !== n) fwd.add('filter.FORWARD', `-i ${n.ifname} -o ${o.ifname} -j ACCEPT`, rbv);
    fwd.add('filter.FORWARD', `-i ${n.ifname} -m conntrack ! --ctstate RELATED,ESTABLISHED -j DROP`, n.path);
    input.add('filter.INPUT', `-i ${n.ifname} -j DROP`, n.path);
  }

  return {
    id: app.id,
    name: app.name ?? app.id,
    kind: 'appliance',
    description: `Proxy appliance of virtual lab "${lab.design.name}" (generated from ${lp}).`,
    interfaces,
    sysctls,
    routes,
    rules: [{ fwmark: LAB_FWMARK, table: LAB_TABLE }],
    iptables: {
      mangle: { PREROUTING: mangle.list, ...(output.list.length ? { OUTPUT: output.list } : {}) },
      nat: { PREROUTING: pre.list, POSTROUTING: post.list },
      filter: { INPUT: input.list, FORWARD: fwd.list },
    },
  };
}
