/**
 * More addresses than one per interface: secondary addresses and second subnets on router interfaces
 * (source selection, MASQUERADE's choice, `ip route get … src`), and hosts plugged into two segments
 * (the weak host model, rp_filter on hosts).
 */
import { cidrText, ip, type Dev, type LabBuilder } from './lab-builder.ts';

export function extraAddresses(b: LabBuilder, routers: readonly Dev[]): void {
  const rng = b.rng;
  routers.forEach((r, i) => {
    if (!rng.chance(0.2)) return;
    const k = rng.int(0, r.ports.length - 1);
    const port = r.ports[k]!;
    if (rng.chance(0.6) && port.seg.len <= 28) {
      // same subnet: becomes a secondary address
      const h = b.freeHost(port.seg, 5);
      if (h === null) return;
      port.seg.used.add(h);
      r.addrs[k]!.push({ address: cidrText(port.seg.net + h, port.seg.len) });
    } else r.addrs[k]!.push({ address: `10.${60 + i}.0.1/24` });
  });
  const hosts = b.devs.filter((d) => d.kind === 'host');
  for (const h of hosts) {
    if (!rng.chance(0.1)) continue;
    const segs = b.segs.filter((s) => s.len <= 28 && !h.ports.some((p) => p.seg === s));
    if (!segs.length) continue;
    const seg = rng.pick(segs);
    b.plug(h, seg, b.freeHost(seg, 30));
  }
}

/** A range of `n` addresses from `first` (`A-B` as iptables writes it). */
export function range(first: number, n: number): string {
  return `${ip(first)}-${ip(first + n - 1)}`;
}
