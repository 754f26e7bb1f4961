/**
 * The seed lab on the real kernel: built in network namespaces from the same document, pinged, and the
 * receiver's tcpdump compared with the engine's `seen` (issue 2 acceptance). Runs as root on Linux (CI
 * does); elsewhere it is skipped with a loud message.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatIpv4, ipv4 } from '../engine/addr/ipv4.ts';
import { netnsScript } from '../engine/export/netns-script.ts';
import type { LabDocument } from '../engine/lab/format.ts';
import { compileLab } from '../engine/lab/compile.ts';
import type { Network } from '../engine/model/network.ts';
import { trace } from '../engine/sim/trace.ts';
import { deleteNamespaces, kernelUnavailable, namespacesWithPrefix, runScript } from './host.ts';
import { kernelPing } from './probe.ts';

const why = kernelUnavailable();
if (why)
  console.warn(
    `\n*** KERNEL TESTS SKIPPED (${why}): the engine was NOT compared with the Linux kernel ***\n`,
  );

/** The seed lab drawn by hand (the appliance `vlab` written out), whose appliance these tests edit. */
const seed = JSON.parse(
  readFileSync(new URL('../engine/testing/fixtures/surebackup-drawn.lab.json', import.meta.url), 'utf8'),
) as LabDocument;

function withRpFilter(doc: LabDocument, value: number): LabDocument {
  const d = structuredClone(doc) as unknown as {
    devices: { id: string; sysctls?: Record<string, number> }[];
  };
  const vlab = d.devices.find((x) => x.id === 'vlab')!;
  vlab.sysctls = { ...vlab.sysctls, 'net.ipv4.conf.all.rp_filter': value };
  return d as unknown as LabDocument;
}

function build(doc: LabDocument, prefix: string): Network {
  const c = compileLab(doc);
  expect(c.issues.filter((i) => i.severity === 'error')).toEqual([]);
  const r = runScript(netnsScript(c.network!, { prefix }));
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return c.network!;
}

describe.skipIf(why !== null)('the seed lab in network namespaces agrees with the engine', () => {
  const prefix = `nlt${process.pid % 100000}-`;
  let net: Network;
  beforeAll(() => {
    net = build(seed, prefix);
  }, 60000);
  afterAll(() => {
    deleteNamespaces(prefix);
    expect(namespacesWithPrefix(prefix)).toEqual([]);
  });

  const cases: [string, string][] = [
    ['vbs', '192.168.150.36'],
    ['vbs', '192.168.149.36'],
    ['vbs', '192.168.149.50'],
    ['sf0006', '192.168.149.36'],
    ['sf0006', '192.168.150.36'],
    ['sf0006-copy', '192.168.149.50'],
    ['sf0006-copy', '192.168.149.22'],
  ];
  it.each(cases)(
    '%s pings %s',
    async (from, to) => {
      const engine = trace(net, { from, to: ipv4(to) });
      if (!engine.ok) throw new Error(engine.error);
      const e = engine.value;
      const k = await kernelPing(net, prefix, from, ipv4(to));
      expect({ receiver: k.receiver, seen: k.seen && `${k.seen.src} > ${k.seen.dst}` }).toEqual({
        receiver: e.request.receiver,
        seen: e.request.seen && `${formatIpv4(e.request.seen.src)} > ${formatIpv4(e.request.seen.dst)}`,
      });
      const engineReply = e.outcome === 'answered' ? formatIpv4(e.reply!.socket!.src) : null;
      expect(k.replyFrom, k.pingOutput).toBe(engineReply);
    },
    30000,
  );
});

describe.skipIf(why !== null)('rp_filter=1 on the appliance: predicted and confirmed', () => {
  const prefix = `nlr${process.pid % 100000}-`;
  let net: Network;
  beforeAll(() => {
    net = build(withRpFilter(seed, 1), prefix);
  }, 60000);
  afterAll(() => deleteNamespaces(prefix));

  it('the copy receives the request, vbs never gets the reply, the engine says rp_filter', async () => {
    const e = trace(net, { from: 'vbs', to: ipv4('192.168.150.36') });
    if (!e.ok) throw new Error(e.error);
    expect(e.value.reply?.drop?.reason).toBe('rp_filter');
    const k = await kernelPing(net, prefix, 'vbs', ipv4('192.168.150.36'));
    expect(k.receiver).toBe('sf0006-copy');
    expect(k.seen && `${k.seen.src} > ${k.seen.dst}`).toBe('192.168.149.2 > 192.168.149.36');
    expect(k.replyFrom).toBe(null);
  }, 30000);
});
