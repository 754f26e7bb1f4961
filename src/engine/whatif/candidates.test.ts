import { describe, expect, it } from 'vitest';
import { applyWhatIf, whatIfCompile } from './apply.ts';
import { ipRuleText, routeText, whatIfCandidates } from './candidates.ts';
import { loadPublic } from './whatif.test-support.ts';

describe('whatIfCandidates', () => {
  const { expanded } = loadPublic('surebackup-basic');
  const groups = whatIfCandidates(expanded);
  const vlab = groups.find((g) => g.device === 'vlab')!;
  const labels = (kind: string) => vlab.candidates.filter((c) => c.kind === kind).map((c) => c.label);

  it('groups by device, in the lab order', () => {
    expect(groups.map((g) => g.device)).toEqual(['gateway', 'vbs', 'sf0006', 'sf0006-copy', 'vlab']);
    expect(vlab).toMatchObject({ name: 'vLab proxy appliance', kind: 'appliance' });
  });

  it("labels the appliance's generated lines in kernel words", () => {
    expect(labels('rule-off')).toEqual([
      '-A PREROUTING -d 192.168.150.0/24 -i eth0 -j MARK --set-xmark 0x6/0xffffffff',
      '-A PREROUTING -d 192.168.150.0/24 -i eth0 -j NETMAP --to 192.168.149.0/24',
      '-A POSTROUTING -o eth1 -j MASQUERADE',
      '-A INPUT -i eth1 -j DROP',
      '-A FORWARD -i eth1 -m conntrack ! --ctstate RELATED,ESTABLISHED -j DROP',
    ]);
    expect(vlab.candidates.filter((c) => c.kind === 'rule-off').map((c) => c.table)).toEqual([
      'mangle',
      'nat',
      'nat',
      'filter',
      'filter',
    ]);
    expect(labels('ip-rule-off')).toEqual(['ip rule fwmark 0x2/0x2 lookup 2']);
    expect(labels('route-off')).toEqual([
      'ip route default via 192.168.149.2 dev eth0',
      'ip route 192.168.149.0/24 dev eth1 table 2',
    ]);
  });

  it('offers forwarding, rp_filter and proxy_arp, with the value the lab gives them', () => {
    const rpf = vlab.candidates.find((c) => c.label === 'net.ipv4.conf.all.rp_filter')!;
    expect(rpf.sysctl).toEqual({ key: 'net.ipv4.conf.all.rp_filter', current: 0, values: [0, 1, 2] });
    expect(rpf.toggle).toEqual({
      kind: 'sysctl',
      device: 'vlab',
      key: 'net.ipv4.conf.all.rp_filter',
      value: 1,
    });
    const fwd = vlab.candidates.find((c) => c.label === 'net.ipv4.ip_forward')!;
    expect(fwd.sysctl?.current).toBe(1);
    expect(fwd.toggle).toMatchObject({ value: 0 });
    expect(labels('sysctl')).toContain('net.ipv4.conf.eth1.proxy_arp');
    // ip_default_ttl takes 1..255: not a choice for a select
    expect(labels('sysctl').some((l) => l.endsWith('ip_default_ttl'))).toBe(false);
  });

  it('every candidate applies and compiles on every example lab', () => {
    for (const name of [
      'surebackup-basic',
      'surebackup-multi-network',
      'policy-routing-vrf',
      'dnat-redirect',
    ]) {
      const lab = loadPublic(name).expanded;
      const all = whatIfCandidates(lab).flatMap((g) => g.candidates);
      expect(new Set(all.map((c) => c.key)).size).toBe(all.length);
      for (const c of all) {
        expect(applyWhatIf(lab, [c.toggle]).ok, c.key).toBe(true);
        const net = whatIfCompile(lab, [c.toggle]);
        // a route the lab's later routes depend on may be refused by the kernel: then an error, not a throw
        if (!net.ok) expect(c.kind, `${name} ${c.key}: ${net.error}`).toBe('route-off');
      }
    }
  });
});

describe('labels', () => {
  it('write ip rules and routes as ip(8) takes them', () => {
    expect(ipRuleText({ pref: 100, not: true, from: '10.0.0.0/8', iif: 'eth0', action: 'prohibit' })).toBe(
      'ip rule pref 100 not from 10.0.0.0/8 iif eth0 prohibit',
    );
    expect(ipRuleText({ to: '10.1.0.0/16', table: 'main', suppressPrefixlength: 0 })).toBe(
      'ip rule to 10.1.0.0/16 lookup main suppress_prefixlength 0',
    );
    expect(routeText({ to: '10.0.0.0/8', type: 'blackhole', metric: 5, table: 7 })).toBe(
      'ip route blackhole 10.0.0.0/8 metric 5 table 7',
    );
  });
});
