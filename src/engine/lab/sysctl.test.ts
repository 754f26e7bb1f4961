/**
 * sysctl names, ranges and propagation (net/ipv4/devinet.c). The propagation sequence was recorded on
 * Linux 6.18 in a fresh namespace holding lo, eth0 and eth1 (`sysctl -w` in this order, then `sysctl -n`).
 */
import { describe, expect, it } from 'vitest';
import { IFCONF_COMBINE, IFCONF_DEFAULTS, type IfConfKey } from '../model/device.ts';
import { compileLab } from './compile.ts';
import { checkSysctlValue, MODELLED_SYSCTLS, parseSysctlName, SysctlState } from './sysctl.ts';

const IFACES = ['lo', 'eth0', 'eth1'];

function write(s: SysctlState, name: string, value: number): void {
  const t = parseSysctlName(name, IFACES);
  if (!t.ok) throw new Error(t.error);
  expect(checkSysctlValue(t.value, value)).toBeNull();
  s.apply(t.value, value);
}
/** `all.K=… default.K=… lo.K=… eth0.K=… eth1.K=…`, raw values, as `sysctl -n` prints them. */
function show(s: SysctlState, k: IfConfKey): string {
  return [
    `all.${k}=${s.all[k]}`,
    `default.${k}=${s.dflt[k]}`,
    ...IFACES.map((i) => `${i}.${k}=${s.perIface.get(i)![k]}`),
  ].join(' ');
}

describe('parseSysctlName', () => {
  it('knows ip_forward, the namespace knobs and conf.{all,default,IFACE}.KNOB', () => {
    expect(parseSysctlName('net.ipv4.ip_forward', IFACES)).toEqual({
      ok: true,
      value: { kind: 'ip_forward' },
    });
    expect(parseSysctlName('net.ipv4.ip_default_ttl', IFACES)).toEqual({
      ok: true,
      value: { kind: 'net', key: 'ip_default_ttl' },
    });
    expect(parseSysctlName('net.ipv4.conf.default.proxy_arp', IFACES)).toEqual({
      ok: true,
      value: { kind: 'conf', scope: 'default', key: 'proxy_arp' },
    });
    expect(parseSysctlName('net.ipv4.conf.eth1.rp_filter', IFACES)).toEqual({
      ok: true,
      value: { kind: 'conf', scope: 'iface', iface: 'eth1', key: 'rp_filter' },
    });
  });

  it('an interface with dots is written with slashes, as sysctl(8) does', () => {
    expect(parseSysctlName('net.ipv4.conf.eth0/100.arp_ignore', ['eth0.100'])).toEqual({
      ok: true,
      value: { kind: 'conf', scope: 'iface', iface: 'eth0.100', key: 'arp_ignore' },
    });
    // natlab also takes the dotted form (sysctl(8) would not find it); it is applied, never ignored
    expect(parseSysctlName('net.ipv4.conf.eth0.100.arp_ignore', ['eth0.100'])).toMatchObject({
      ok: true,
      value: { iface: 'eth0.100' },
    });
  });

  it.each([
    [
      'net.ipv4.tcp_syncookies',
      /^unknown or unmodelled sysctl "net\.ipv4\.tcp_syncookies" \(natlab models: /,
    ],
    [
      'net.ipv4.conf.all.bc_forwarding',
      /^unknown or unmodelled interface sysctl "bc_forwarding" \(natlab models: forwarding, /,
    ],
    [
      'net.ipv4.conf.eth9.rp_filter',
      /^no interface "eth9" on this device \(sysctl net\.ipv4\.conf\.eth9\.rp_filter\)$/,
    ],
    ['net.ipv6.conf.all.forwarding', /^unknown or unmodelled sysctl/],
    ['net/ipv4/ip_forward', /^unknown or unmodelled sysctl/],
    ['NET.IPV4.IP_FORWARD', /^unknown or unmodelled sysctl/],
    ['', /^unknown or unmodelled sysctl ""/],
  ])('%j is refused', (name, message) => {
    const r = parseSysctlName(name, IFACES);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it('every modelled name is listed', () => {
    expect(MODELLED_SYSCTLS).toContain('net.ipv4.ip_forward');
    for (const k of Object.keys(IFCONF_DEFAULTS))
      expect(MODELLED_SYSCTLS).toContain(`net.ipv4.conf.{all,default,IFACE}.${k}`);
  });
});

describe('checkSysctlValue', () => {
  it.each<[string, number, string | null]>([
    ['net.ipv4.ip_forward', 1, null],
    ['net.ipv4.ip_forward', 2, 'value 2 is out of range 0..1'],
    ['net.ipv4.conf.all.rp_filter', 2, null],
    ['net.ipv4.conf.all.rp_filter', 3, 'value 3 is out of range 0..2'],
    ['net.ipv4.conf.eth0.arp_ignore', 8, null],
    ['net.ipv4.conf.eth0.arp_ignore', 9, 'value 9 is out of range 0..8'],
    ['net.ipv4.conf.default.arp_announce', -1, 'value -1 is out of range 0..2'],
    ['net.ipv4.ip_default_ttl', 0, 'value 0 is out of range 1..255'],
    ['net.ipv4.ip_default_ttl', 255, null],
    ['net.ipv4.icmp_echo_ignore_all', 0.5, 'value 0.5 is out of range 0..1'],
  ])('%s = %d', (name, value, problem) => {
    const t = parseSysctlName(name, IFACES);
    if (!t.ok) throw new Error(t.error);
    expect(checkSysctlValue(t.value, value)).toBe(problem);
  });
});

describe('SysctlState: propagation as Linux does it', () => {
  it('replays the recorded sequence', () => {
    const s = new SysctlState(IFACES);
    expect(show(s, 'rp_filter')).toBe(
      'all.rp_filter=0 default.rp_filter=0 lo.rp_filter=0 eth0.rp_filter=0 eth1.rp_filter=0',
    );
    expect(show(s, 'accept_redirects')).toBe(
      'all.accept_redirects=1 default.accept_redirects=1 lo.accept_redirects=1 eth0.accept_redirects=1 eth1.accept_redirects=1',
    );

    // conf.default.X is copied to every interface that did not set X itself
    write(s, 'net.ipv4.conf.eth0.rp_filter', 2);
    write(s, 'net.ipv4.conf.default.rp_filter', 1);
    expect(show(s, 'rp_filter')).toBe(
      'all.rp_filter=0 default.rp_filter=1 lo.rp_filter=1 eth0.rp_filter=2 eth1.rp_filter=1',
    );
    write(s, 'net.ipv4.conf.default.rp_filter', 0);
    expect(show(s, 'rp_filter')).toBe(
      'all.rp_filter=0 default.rp_filter=0 lo.rp_filter=0 eth0.rp_filter=2 eth1.rp_filter=0',
    );

    // ip_forward sets every interface, conf.default.forwarding, and clears conf.all.accept_redirects
    write(s, 'net.ipv4.ip_forward', 1);
    expect(show(s, 'forwarding')).toBe(
      'all.forwarding=1 default.forwarding=1 lo.forwarding=1 eth0.forwarding=1 eth1.forwarding=1',
    );
    expect(show(s, 'accept_redirects')).toBe(
      'all.accept_redirects=0 default.accept_redirects=1 lo.accept_redirects=1 eth0.accept_redirects=1 eth1.accept_redirects=1',
    );

    // conf.default.forwarding is not copied to interfaces
    write(s, 'net.ipv4.conf.default.forwarding', 0);
    expect(show(s, 'forwarding')).toBe(
      'all.forwarding=1 default.forwarding=0 lo.forwarding=1 eth0.forwarding=1 eth1.forwarding=1',
    );

    // writing the value all.forwarding already has changes nothing (inet_forward_change only on change)
    write(s, 'net.ipv4.conf.eth1.forwarding', 0);
    write(s, 'net.ipv4.conf.all.forwarding', 1);
    expect(show(s, 'forwarding')).toBe(
      'all.forwarding=1 default.forwarding=0 lo.forwarding=1 eth0.forwarding=1 eth1.forwarding=0',
    );

    write(s, 'net.ipv4.ip_forward', 0);
    expect(show(s, 'forwarding')).toBe(
      'all.forwarding=0 default.forwarding=0 lo.forwarding=0 eth0.forwarding=0 eth1.forwarding=0',
    );
    expect(show(s, 'accept_redirects')).toBe(
      'all.accept_redirects=1 default.accept_redirects=1 lo.accept_redirects=1 eth0.accept_redirects=1 eth1.accept_redirects=1',
    );

    write(s, 'net.ipv4.conf.eth0.arp_ignore', 1);
    write(s, 'net.ipv4.conf.default.arp_ignore', 2);
    expect(show(s, 'arp_ignore')).toBe(
      'all.arp_ignore=0 default.arp_ignore=2 lo.arp_ignore=2 eth0.arp_ignore=1 eth1.arp_ignore=2',
    );
  });

  it('an interface that set X keeps it even when it set the default value', () => {
    const s = new SysctlState(IFACES);
    write(s, 'net.ipv4.conf.eth0.send_redirects', 1);
    write(s, 'net.ipv4.conf.default.send_redirects', 0);
    expect(show(s, 'send_redirects')).toBe(
      'all.send_redirects=1 default.send_redirects=0 lo.send_redirects=0 eth0.send_redirects=1 eth1.send_redirects=0',
    );
  });

  it('ip_forward=0 on a fresh namespace leaves a per-interface forwarding=1 alone', () => {
    const s = new SysctlState(IFACES);
    write(s, 'net.ipv4.conf.eth0.forwarding', 1);
    write(s, 'net.ipv4.ip_forward', 0);
    expect(show(s, 'forwarding')).toBe(
      'all.forwarding=0 default.forwarding=0 lo.forwarding=0 eth0.forwarding=1 eth1.forwarding=0',
    );
  });

  it('namespace-wide knobs are just set', () => {
    const s = new SysctlState(IFACES);
    write(s, 'net.ipv4.icmp_echo_ignore_all', 1);
    write(s, 'net.ipv4.ip_default_ttl', 32);
    expect(s.net).toMatchObject({
      icmp_echo_ignore_all: 1,
      ip_default_ttl: 32,
      icmp_echo_ignore_broadcasts: 1,
    });
  });
});

describe('SysctlState.effective: conf/all and conf/IF combined per knob (IN_DEV_* macros)', () => {
  const twoValues: Record<IfConfKey, [number, number]> = {
    forwarding: [0, 1],
    rp_filter: [1, 2],
    proxy_arp: [0, 1],
    send_redirects: [0, 1],
    accept_redirects: [0, 1],
    shared_media: [0, 1],
    arp_ignore: [1, 8],
    arp_announce: [1, 2],
    arp_filter: [0, 1],
    src_valid_mark: [0, 1],
    accept_local: [0, 1],
    route_localnet: [0, 1],
    log_martians: [0, 1],
  };

  for (const k of Object.keys(IFCONF_COMBINE) as IfConfKey[]) {
    if (k === 'forwarding' || k === 'accept_redirects') continue;
    it(`${k}: ${IFCONF_COMBINE[k]}`, () => {
      const [lo, hi] = twoValues[k];
      for (const [all, dev] of [
        [lo, lo],
        [lo, hi],
        [hi, lo],
        [hi, hi],
      ] as const) {
        const s = new SysctlState(IFACES);
        s.all[k] = all;
        s.perIface.get('eth0')![k] = dev;
        const want = IFCONF_COMBINE[k] === 'max' ? Math.max(all, dev) : all || dev ? 1 : 0;
        expect(s.effective('eth0')[k], `all=${all} eth0=${dev}`).toBe(want);
      }
    });
  }

  it('forwarding is the interface’s own value', () => {
    const s = new SysctlState(IFACES);
    s.all.forwarding = 1;
    expect(s.effective('eth0').forwarding).toBe(0);
    s.perIface.get('eth0')!.forwarding = 1;
    s.all.forwarding = 0;
    expect(s.effective('eth0').forwarding).toBe(1);
  });

  it('accept_redirects: and when the interface forwards, or when it does not', () => {
    for (const fwd of [0, 1])
      for (const all of [0, 1])
        for (const dev of [0, 1]) {
          const s = new SysctlState(IFACES);
          const c = s.perIface.get('eth0')!;
          c.forwarding = fwd;
          c.accept_redirects = dev;
          s.all.accept_redirects = all;
          const want = fwd ? all & dev : all | dev;
          expect(s.effective('eth0').accept_redirects, `fwd=${fwd} all=${all} dev=${dev}`).toBe(want);
        }
  });
});

describe('sysctls through compileLab', () => {
  it('document order matters, and the device keeps raw, effective, all and default values', () => {
    const c = compileLab({
      schemaVersion: 2,
      name: 't',
      segments: [],
      devices: [
        {
          id: 'r',
          kind: 'router',
          interfaces: [{ name: 'eth0' }, { name: 'eth1' }],
          sysctls: {
            'net.ipv4.conf.eth0.rp_filter': 2,
            'net.ipv4.conf.default.rp_filter': 1,
            'net.ipv4.conf.all.rp_filter': 1,
            'net.ipv4.conf.eth1.forwarding': 1,
            'net.ipv4.ip_forward': 0,
            'net.ipv4.conf.all.arp_ignore': 2,
          },
        },
      ],
    });
    expect(c.issues).toEqual([]);
    const d = c.network!.byId.get('r')!;
    const eth0 = d.ifByName.get('eth0')!;
    const eth1 = d.ifByName.get('eth1')!;
    expect([eth0.rawConf.rp_filter, eth0.conf.rp_filter]).toEqual([2, 2]);
    expect([eth1.rawConf.rp_filter, eth1.conf.rp_filter]).toEqual([1, 1]);
    expect([eth1.rawConf.forwarding, d.confAll.forwarding]).toEqual([1, 0]);
    expect([eth0.rawConf.arp_ignore, eth0.conf.arp_ignore, d.confAll.arp_ignore]).toEqual([0, 2, 2]);
    expect(d.confDefault.rp_filter).toBe(1);
    expect(d.ifByName.get('lo')!.rawConf.rp_filter).toBe(1);
  });
});
