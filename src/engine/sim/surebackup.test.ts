/**
 * Golden test: the seed lab's vbs → 192.168.150.36 exchange, step for step against what the kernel did
 * (shared/kernel-lab/kernel-trace-demo.sh, recorded in __golden__/kernel-trace-demo.out: `nft monitor
 * trace` at the appliance, observer chains at -350/-175/+350, fib tracepoint and `ip route get`).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatIpv4, ipv4 } from '../addr/ipv4.ts';
import type { LabDocument } from '../lab/format.ts';
import { compileLab } from '../lab/compile.ts';
import type { Network } from '../model/network.ts';
import type { Hop, Leg, Step } from './steps.ts';
import { trace } from './trace.ts';

/** The seed lab as it was drawn when the kernel trace was recorded (the appliance written out). */
const seedPath = new URL('../testing/fixtures/surebackup-drawn.lab.json', import.meta.url);
const seed = JSON.parse(readFileSync(seedPath, 'utf8')) as LabDocument;

function compile(doc: LabDocument): Network {
  const c = compileLab(doc);
  expect(c.issues.filter((i) => i.severity === 'error')).toEqual([]);
  return c.network!;
}

/** The kernel's HOPS table (one row per chain visit), iptables chains only. */
interface KernelRow {
  dir: string;
  hook: string;
  table: string;
  chain: string;
  iif: string;
  oif: string;
  saddr: string;
  daddr: string;
  ttl: number;
  mark: string;
  verdict: string;
  ct: string;
  rules: string;
}
function kernelRows(file: string): KernelRow[] {
  const text = readFileSync(new URL(`./__golden__/${file}`, import.meta.url), 'utf8');
  const hops = text.split('### HOPS\n')[1]!.split('\n###')[0]!;
  return hops
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [dir, , hook, , table, chain, iif, oif, saddr, daddr, ttl, mark, verdict, ct, rules] =
        l.split('\t');
      return {
        dir: dir!,
        hook: hook!,
        table: table!,
        chain: chain!,
        iif: iif!,
        oif: oif!,
        saddr: saddr!,
        daddr: daddr!,
        ttl: Number(ttl),
        mark: mark!,
        verdict: verdict!,
        ct: ct!,
        rules: rules!,
      };
    });
}

/** The engine's chain visits at one device, in the kernel table's terms. */
function engineRows(dir: string, hop: Hop): Omit<KernelRow, 'ct' | 'rules'>[] {
  const rows: (Omit<KernelRow, 'ct' | 'rules'> & { markN: number })[] = [];
  let cur: (Omit<KernelRow, 'ct' | 'rules'> & { markN: number }) | null = null;
  for (const s of hop.steps) {
    if (s.kind === 'chain') {
      if (cur) rows.push(cur);
      cur = {
        dir,
        hook: s.hook,
        table: s.table,
        chain: s.chain,
        iif: s.iif ?? '-',
        oif: s.oif ?? '-',
        saddr: formatIpv4(s.packet.src),
        daddr: formatIpv4(s.packet.dst),
        ttl: s.packet.ttl,
        mark: '',
        markN: s.packet.mark,
        verdict: '',
      };
    } else if (cur && s.kind === 'rule') {
      if (s.mark) cur.markN = s.mark.to;
      if (s.verdict === 'accept') cur.verdict = 'accept';
    } else if (cur && s.kind === 'policy') {
      cur.verdict = s.verdict;
    }
  }
  if (cur) rows.push(cur);
  return rows.map(({ markN, ...r }) => ({ ...r, mark: `0x${markN.toString(16).padStart(8, '0')}` }));
}

const hopAt = (leg: Leg, device: string): Hop => leg.hops.find((h) => h.device === device)!;
const stepsOf = <K extends Step['kind']>(hop: Hop, kind: K) =>
  hop.steps.filter((s): s is Extract<Step, { kind: K }> => s.kind === kind);

describe('SureBackup seed lab: vbs → 192.168.150.36 matches the kernel trace (semantics §10.1)', () => {
  const net = compile(seed);
  const r = trace(net, { from: 'vbs', to: ipv4('192.168.150.36') });
  if (!r.ok) throw new Error(r.error);
  const t = r.value;
  const kernel = kernelRows('kernel-trace-demo.out').filter((k) => k.table !== 'kt_trace');

  it('visits the same iptables chains with the same headers, marks and verdicts at the appliance', () => {
    const rows = [
      ...engineRows('request', hopAt(t.request, 'vlab')),
      ...engineRows('reply', hopAt(t.reply!, 'vlab')),
    ];
    expect(rows).toEqual(kernel.map(({ ct: _ct, rules: _rules, ...k }) => k));
  });

  it('hits the same rules: MARK continues, NETMAP and MASQUERADE accept', () => {
    const rules = stepsOf(hopAt(t.request, 'vlab'), 'rule').map(
      (s) => `${s.table} ${s.chain} ${s.target} => ${s.verdict}`,
    );
    expect(rules).toEqual([
      'mangle PREROUTING MARK => continue',
      'nat PREROUTING NETMAP => accept',
      'nat POSTROUTING MASQUERADE => accept',
    ]);
    // the reply skips every nat chain (NAT is decided on the first packet only)
    expect(stepsOf(hopAt(t.reply!, 'vlab'), 'rule')).toEqual([]);
    expect(stepsOf(hopAt(t.reply!, 'vlab'), 'chain').map((c) => `${c.table} ${c.chain}`)).toEqual([
      'mangle PREROUTING',
    ]);
  });

  it('conntrack: new/original for the request, established/reply for the answer, as the -175 observer saw', () => {
    const req = stepsOf(hopAt(t.request, 'vlab'), 'conntrack')[0]!;
    const rep = stepsOf(hopAt(t.reply!, 'vlab'), 'conntrack')[0]!;
    expect([req.state, req.dir]).toEqual(['NEW', 'ORIGINAL']);
    expect([rep.state, rep.dir]).toEqual(['ESTABLISHED', 'REPLY']);
    // conntrack -L: src=.22 dst=150.36 … src=149.36 dst=149.2
    expect(req.orig).toBe('src=192.168.149.22 dst=192.168.150.36 type=8 code=0 id=4242');
    const nat = stepsOf(hopAt(t.request, 'vlab'), 'nat');
    expect(
      nat.map((n) => `${n.hook} ${n.manip} ${formatIpv4(n.after.src)} > ${formatIpv4(n.after.dst)}`),
    ).toEqual([
      'prerouting DNAT 192.168.149.22 > 192.168.149.36',
      'postrouting SNAT 192.168.149.2 > 192.168.149.36',
    ]);
    const rnat = stepsOf(hopAt(t.reply!, 'vlab'), 'nat');
    expect(
      rnat.map(
        (n) => `${n.hook} ${n.manip} ${formatIpv4(n.after.src)} > ${formatIpv4(n.after.dst)} [${n.cause}]`,
      ),
    ).toEqual([
      'prerouting DNAT 192.168.149.36 > 192.168.149.22 [conntrack]',
      'postrouting SNAT 192.168.150.36 > 192.168.149.22 [conntrack]',
    ]);
  });

  it('routing decisions equal `ip route get` on the kernel: table 2 for the marked request, main for the reply', () => {
    const req = stepsOf(hopAt(t.request, 'vlab'), 'route').find((s) => s.purpose === 'input')!;
    const rep = stepsOf(hopAt(t.reply!, 'vlab'), 'route').find((s) => s.purpose === 'input')!;
    // 192.168.149.36 from 192.168.149.22 dev eth1 table 2 mark 6
    expect([req.route?.dev, req.route?.table, req.flow.mark, req.result]).toEqual(['eth1', 2, 6, 'forward']);
    expect(
      req.rules.filter((x) => x.outcome !== 'no-match').map((x) => `${x.pref} ${x.text} ${x.outcome}`),
    ).toEqual(['0 from all lookup local miss', '32765 from all fwmark 0x2/0x2 lookup 2 hit']);
    // 192.168.149.22 from 192.168.149.36 dev eth0 (mark 0: replies are not marked)
    expect([rep.route?.dev, rep.route?.table, rep.flow.mark]).toEqual(['eth0', 254, 0]);
  });

  it('the copy sees 192.168.149.2 → 192.168.149.36; vbs gets the answer from 192.168.150.36', () => {
    expect(t.outcome).toBe('answered');
    expect(t.request.receiver).toBe('sf0006-copy');
    expect([formatIpv4(t.request.seen!.src), formatIpv4(t.request.seen!.dst)]).toEqual([
      '192.168.149.2',
      '192.168.149.36',
    ]);
    expect(t.reply!.receiver).toBe('vbs');
    expect([formatIpv4(t.reply!.seen!.src), formatIpv4(t.reply!.seen!.dst)]).toEqual([
      '192.168.150.36',
      '192.168.149.22',
    ]);
    expect(t.reply!.seen!.ttl).toBe(63);
  });
});

describe('rp_filter=1 on the appliance (demo RPF=1, semantics §6)', () => {
  const doc = structuredClone(seed) as unknown as {
    devices: { id: string; sysctls?: Record<string, number> }[];
  };
  const vlab = doc.devices.find((d) => d.id === 'vlab')!;
  vlab.sysctls = { ...vlab.sysctls, 'net.ipv4.conf.all.rp_filter': 1 };
  const net = compile(doc as unknown as LabDocument);
  const t = trace(net, { from: 'vbs', to: ipv4('192.168.150.36') });
  if (!t.ok) throw new Error(t.error);
  const kernel = kernelRows('kernel-trace-demo-rpf1.out').filter((k) => k.table !== 'kt_trace');

  it('forwards the request and drops the reply with reason rp_filter', () => {
    expect(t.value.request.receiver).toBe('sf0006-copy');
    expect(t.value.outcome).toBe('reply-dropped');
    expect(t.value.reply!.drop).toMatchObject({ device: 'vlab', reason: 'rp_filter' });
  });
  it('the reply dies after PREROUTING, as in the kernel trace (last seen at prerouting +350)', () => {
    const rows = [
      ...engineRows('request', hopAt(t.value.request, 'vlab')),
      ...engineRows('reply', hopAt(t.value.reply!, 'vlab')),
    ];
    expect(rows).toEqual(kernel.map(({ ct: _ct, rules: _rules, ...k }) => k));
    const hop = hopAt(t.value.reply!, 'vlab');
    expect(
      hop.steps.some((s) => s.kind === 'forward' || (s.kind === 'chain' && s.hook !== 'prerouting')),
    ).toBe(false);
    const rpf = stepsOf(hop, 'rp_filter')[0]!;
    expect(rpf).toMatchObject({ mode: 1, ok: false });
  });
});

describe('from sf0006 and to the production address', () => {
  const net = compile(seed);
  it('vbs → 192.168.149.36 reaches the production twin sf0006, not the copy', () => {
    const t = trace(net, { from: 'vbs', to: ipv4('192.168.149.36') });
    expect(t.ok && t.value.request.receiver).toBe('sf0006');
    expect(t.ok && t.value.outcome).toBe('answered');
  });
  it('sf0006 → 192.168.149.36 is its own address (delivered over lo)', () => {
    const t = trace(net, { from: 'sf0006', to: ipv4('192.168.149.36') });
    expect(t.ok && t.value.request.receiver).toBe('sf0006');
    expect(t.ok && t.value.request.hops.length).toBe(1);
  });
  it('sf0006 → 192.168.150.36: the appliance answers ARP for the gateway address (weak host) and wins', () => {
    // vlab owns 192.168.149.2 on eth1 but answers ARP for it on eth0 too (arp_ignore=0); the production
    // gateway answers as well. On a Linux bridge the port added last is flooded first: vlab's reply wins,
    // and the packet is NETMAPed into the lab (confirmed on the kernel in src/kernel/seed-lab.test.ts).
    const t = trace(net, { from: 'sf0006', to: ipv4('192.168.150.36') });
    if (!t.ok) throw new Error(t.error);
    const arp = stepsOf(t.value.request.hops[0]!, 'neighbour')[0]!;
    expect(arp.answeredBy).toMatchObject({ device: 'vlab', iface: 'eth0', why: 'local' });
    expect(arp.alsoAnswered).toEqual([{ device: 'gateway', iface: 'eth0', why: 'local' }]);
    expect(t.value.request.receiver).toBe('sf0006-copy');
  });
  it('with arp_ignore=1 on the appliance only the gateway answers, and it drops the packet (no route to the lab)', () => {
    const doc = structuredClone(seed) as unknown as {
      devices: { id: string; sysctls?: Record<string, number> }[];
    };
    const vlab = doc.devices.find((d) => d.id === 'vlab')!;
    vlab.sysctls = { ...vlab.sysctls, 'net.ipv4.conf.all.arp_ignore': 1 };
    const t = trace(compile(doc as unknown as LabDocument), { from: 'sf0006', to: ipv4('192.168.150.36') });
    if (!t.ok) throw new Error(t.error);
    const arp = stepsOf(t.value.request.hops[0]!, 'neighbour')[0]!;
    expect(arp.answeredBy?.device).toBe('gateway');
    expect(arp.silent).toEqual([{ device: 'vlab', why: 'arp_ignore=1 on eth0' }]);
    expect(t.value.request.drop).toMatchObject({ device: 'gateway', reason: 'forwarding_disabled' });
    expect(t.value.reply).toBe(null);
  });
});
