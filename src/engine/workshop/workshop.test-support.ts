/** The example labs compiled for the workshop's tests, and traces on them. */
import { readFileSync } from 'node:fs';
import { ipv4 } from '../addr/ipv4.ts';
import { compileLab } from '../lab/compile.ts';
import type { LabDocument } from '../lab/format.ts';
import type { Network } from '../model/network.ts';
import type { TraceResult } from '../sim/steps.ts';
import { trace, type Probe } from '../sim/trace.ts';

export function labNetwork(name: string): Network {
  const text = readFileSync(new URL(`../../../public/labs/${name}.lab.json`, import.meta.url), 'utf8');
  const c = compileLab(JSON.parse(text) as LabDocument);
  if (!c.network) throw new Error(`${name} does not compile`);
  return c.network;
}

export function traced(net: Network, from: string, to: string, extra: Partial<Probe> = {}): TraceResult {
  const r = trace(net, { from, to: ipv4(to), ...extra });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** The seed: vbs → 192.168.150.36 in surebackup-basic (MARK, NETMAP, table 2, MASQUERADE, de-NAT). */
export function seedTrace(): { net: Network; result: TraceResult } {
  const net = labNetwork('surebackup-basic');
  return { net, result: traced(net, 'vbs', '192.168.150.36') };
}
