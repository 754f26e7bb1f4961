import { describe, expect, it } from 'vitest';
import { ipv4 } from '../addr/ipv4.ts';
import type { DeviceDoc, LabDocument } from '../lab/format.ts';
import { trace } from '../sim/trace.ts';
import { applyWhatIf, whatIfCompile } from './apply.ts';
import { loadPublic } from './whatif.test-support.ts';

const { expanded, network } = loadPublic('surebackup-static-mapping');
const vlabOf = (doc: LabDocument): DeviceDoc => doc.devices.find((d) => d.id === 'vlab')!;

function applied(...toggles: Parameters<typeof applyWhatIf>[1]): DeviceDoc {
  const r = applyWhatIf(expanded, toggles);
  if (!r.ok) throw new Error(r.error);
  return vlabOf(r.value);
}

describe('applyWhatIf', () => {
  it('no toggles: the lab itself', () => {
    expect(applyWhatIf(expanded, [])).toEqual({ ok: true, value: expanded });
  });

  it('leaves out iptables rules by their position in the lab, several in one chain', () => {
    const d = applied(
      { kind: 'rule-off', device: 'vlab', table: 'nat', chain: 'PREROUTING', index: 0 },
      { kind: 'rule-off', device: 'vlab', table: 'nat', chain: 'PREROUTING', index: 1 },
      { kind: 'rule-off', device: 'vlab', table: 'filter', chain: 'INPUT', index: 0 },
    );
    expect(d.iptables?.nat?.PREROUTING).toEqual([]);
    expect(d.iptables?.filter?.INPUT).toEqual([]);
    expect(d.iptables?.nat?.POSTROUTING).toEqual(vlabOf(expanded).iptables?.nat?.POSTROUTING);
  });

  it('leaves out a route or an ip rule', () => {
    const d = applied(
      { kind: 'route-off', device: 'vlab', index: 0 },
      { kind: 'ip-rule-off', device: 'vlab', index: 0 },
    );
    expect(d.routes).toEqual([{ to: '192.168.149.0/24', dev: 'eth1', table: 2 }]);
    expect(d.rules).toEqual([]);
  });

  it('writes a sysctl last, so that its value is the one the namespace keeps', () => {
    const d = applied({ kind: 'sysctl', device: 'vlab', key: 'net.ipv4.ip_forward', value: 0 });
    const keys = Object.keys(d.sysctls!);
    expect(keys.at(-1)).toBe('net.ipv4.ip_forward');
    expect(keys.filter((k) => k === 'net.ipv4.ip_forward')).toHaveLength(1);
    expect(d.sysctls!['net.ipv4.ip_forward']).toBe(0);
  });

  it('refuses what the lab does not have, and values the kernel refuses', () => {
    const bad = (t: Parameters<typeof applyWhatIf>[1][number]) => {
      const r = applyWhatIf(expanded, [t]);
      return r.ok ? 'ok' : r.error;
    };
    expect(bad({ kind: 'route-off', device: 'nobody', index: 0 })).toBe(
      'what-if: no device "nobody" in the lab',
    );
    expect(bad({ kind: 'route-off', device: 'vlab', index: 7 })).toBe('what-if: vlab has no route 7');
    expect(bad({ kind: 'rule-off', device: 'vlab', table: 'raw', chain: 'OUTPUT', index: 0 })).toBe(
      'what-if: vlab has no raw OUTPUT chain',
    );
    expect(bad({ kind: 'sysctl', device: 'vlab', key: 'net.ipv4.conf.all.rp_filter', value: 3 })).toBe(
      'what-if: vlab: net.ipv4.conf.all.rp_filter: value 3 is out of range 0..2',
    );
    expect(bad({ kind: 'sysctl', device: 'vlab', key: 'net.ipv4.conf.eth9.rp_filter', value: 1 })).toMatch(
      /no interface "eth9"/,
    );
  });
});

describe('whatIfCompile', () => {
  const to = ipv4('192.168.150.36');

  it('rp_filter=1 on the appliance: the reply dies at vlab with reason rp_filter', () => {
    const before = trace(network, { from: 'vbs', to });
    const net = whatIfCompile(expanded, [
      { kind: 'sysctl', device: 'vlab', key: 'net.ipv4.conf.all.rp_filter', value: 1 },
    ]);
    if (!net.ok || !before.ok) throw new Error('no network');
    const after = trace(net.value, { from: 'vbs', to });
    if (!after.ok) throw new Error(after.error);
    expect(before.value.outcome).toBe('answered');
    expect(after.value.outcome).toBe('reply-dropped');
    expect(after.value.reply?.drop).toMatchObject({ device: 'vlab', reason: 'rp_filter' });
  });

  it('ip_forward=0: the appliance stops forwarding into the lab', () => {
    const net = whatIfCompile(expanded, [
      { kind: 'sysctl', device: 'vlab', key: 'net.ipv4.ip_forward', value: 0 },
    ]);
    if (!net.ok) throw new Error(net.error);
    const r = trace(net.value, { from: 'vbs', to });
    if (!r.ok) throw new Error(r.error);
    expect(r.value.request.drop).toMatchObject({ device: 'vlab', reason: 'forwarding_disabled' });
  });

  it('a change the kernel refuses is an error, not an exception', () => {
    // without 10.0.0.0/8, the gateway of the next route is unreachable: `ip route add` refuses it
    const doc: LabDocument = {
      ...expanded,
      devices: expanded.devices.map((d) =>
        d.id === 'vbs'
          ? {
              ...d,
              routes: [
                { to: '10.0.0.0/8', via: '192.168.149.2' },
                { to: '10.1.0.0/16', via: '10.0.0.1' },
              ],
            }
          : d,
      ),
    };
    const r = whatIfCompile(doc, [{ kind: 'route-off', device: 'vbs', index: 0 }]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^what-if: devices\[\d\]\.routes\[0\]/);
  });
});
