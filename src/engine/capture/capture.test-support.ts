/** Labs and traces for the capture tests (the example labs, compiled; one probe traced). */
import { readFileSync } from 'node:fs';
import { parseIpv4 } from '../addr/ipv4.ts';
import type { LabDocument } from '../lab/format.ts';
import type { Network } from '../model/network.ts';
import { trace, type Probe } from '../sim/trace.ts';
import type { TraceResult } from '../sim/steps.ts';
import { compileOrThrow } from '../testing/kernel-lab.ts';

export function exampleLab(name: string): Network {
  const url = new URL(`../../../public/labs/${name}.lab.json`, import.meta.url);
  return compileOrThrow(JSON.parse(readFileSync(url, 'utf8')) as LabDocument);
}

export function traced(
  net: Network,
  from: string,
  to: string,
  more: Omit<Probe, 'from' | 'to'> = {},
): TraceResult {
  const addr = parseIpv4(to);
  if (!addr.ok) throw new Error(addr.error);
  const r = trace(net, { from, to: addr.value, ...more });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** The seed lab's exchange: vbs pings the masquerade address of SF0006's copy. */
export function seedPing(): { net: Network; result: TraceResult } {
  const net = exampleLab('surebackup-basic');
  return { net, result: traced(net, 'vbs', '192.168.150.36') };
}
