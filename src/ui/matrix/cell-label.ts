import { formatIpv4 } from '../../engine/addr/ipv4.ts';
import type { ReachCell } from '../../engine/vlab/reach-matrix.ts';

/** The trace bar's label for a cell: `vbs → sf0006-copy via masquerade 192.168.150.36`. */
export function cellLabel(c: ReachCell): string {
  return c.dir === 'forward'
    ? `${c.from} → ${c.target} via ${c.path} ${formatIpv4(c.addr)}`
    : `${c.from} → ${c.target} at ${formatIpv4(c.addr)}`;
}
