/**
 * A device's whole kernel state as text: links and their segments, addresses, every sysctl value,
 * policy rules, routes, proxy neighbours, listening sockets and `iptables-save`. Two devices whose
 * texts are equal once their own addresses are written as placeholders are configured alike; the
 * addresses the text names are what the network can tell apart (symmetry.ts).
 */
import type { Ipv4 } from '../addr/ipv4.ts';
import {
  addressesArgs,
  customRules,
  labAddresses,
  proxyArgs,
  routeAddArgs,
  ruleAddArgs,
  ruleDelArgs,
  userRoutes,
} from '../export/ip-commands.ts';
import type { Device } from '../model/device.ts';
import { formatIptablesSave } from '../netfilter/iptables-save.ts';

/** Every line of the device's state, in a fixed order (the device's id and name are left out). */
export function deviceConfigLines(d: Device): string[] {
  const lines: string[] = [`kind ${d.kind}`];
  for (const i of d.ifaces)
    lines.push(`link ${i.name} ${i.segment ?? '-'} ${JSON.stringify(i.conf)} ${JSON.stringify(i.rawConf)}`);
  lines.push(`conf ${JSON.stringify(d.confAll)} ${JSON.stringify(d.confDefault)} ${JSON.stringify(d.net)}`);
  for (const a of addressesArgs(d)) lines.push(a.join(' '));
  for (const a of ruleDelArgs(d)) lines.push(a.join(' '));
  for (const r of customRules(d)) lines.push(ruleAddArgs(r).join(' '));
  for (const r of userRoutes(d)) lines.push(routeAddArgs(r).join(' '));
  for (const a of proxyArgs(d)) lines.push(a.join(' '));
  for (const s of d.services) lines.push(`listen ${s.proto}/${s.port}`);
  lines.push(...formatIptablesSave(d.ruleset).split('\n'));
  return lines;
}

/** The device's own addresses (what `ip addr add` gave it), in interface and lab order. */
export function ownAddresses(d: Device): Ipv4[] {
  return d.ifaces.flatMap((i) => labAddresses(i).map((a) => a.local));
}

/** A dotted quad, optionally with `/len` or `-last` (a prefix or an `iprange` / NAT range). */
export const ADDRESS_TOKEN =
  /(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(?:\/(\d{1,2})|-(\d{1,3}(?:\.\d{1,3}){3}))?(?!\d|\.\d)/g;

/** A dotted quad alone. */
const DOTTED = /(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?!\d|\.\d)/g;

/** A dotted quad as a number, or null (`300.1.1.1`). */
export function dottedValue(text: string): number | null {
  const parts = text.split('.');
  let v = 0;
  for (const p of parts) {
    const n = Number(p);
    if (n > 255) return null;
    v = v * 256 + n;
  }
  return v >>> 0;
}

/**
 * The device's text with its own addresses written as `@0`, `@1`, … (by their position in
 * {@link ownAddresses}): equal fingerprints mean the same configuration up to the addresses.
 */
export function fingerprint(lines: readonly string[], own: readonly Ipv4[]): string {
  const index = new Map<number, number>();
  own.forEach((a, k) => index.has(a) || index.set(a, k));
  return lines.join('\n').replace(DOTTED, (q) => {
    const v = dottedValue(q);
    const k = v === null ? undefined : index.get(v);
    return k === undefined ? q : `@${k}`;
  });
}
