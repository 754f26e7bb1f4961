/** `ip rule show` and `ip -j rule show`: the RPDB in evaluation order (`print_rule()`, ip/iprule.c). */
import { formatIpv4 } from '../addr/ipv4.ts';
import type { Device } from '../model/device.ts';
import type { PortRange } from '../model/netfilter.ts';
import { tableName } from '../model/route.ts';
import type { RpdbRule } from '../model/rpdb.ts';
import { IpPrinter, type OutputOptions } from './ip-print.ts';
import { protoName } from './ip-names.ts';

/** `print_rule_port_range()`: `sport 22` / `"sport":22`, `sport 1-2` / `"sport_start":1,"sport_end":2`. */
function printPortRange(p: IpPrinter, name: string, r: PortRange): void {
  if (r.min === r.max) {
    p.num('json', name, '', r.min);
    p.fp(` ${name} ${r.min}`);
  } else {
    p.num('json', `${name}_start`, '', r.min);
    p.num('json', `${name}_end`, '', r.max);
    p.fp(` ${name} ${r.min}-${r.max}`);
  }
}

/**
 * The kernel's FRA_FWMARK/FRA_FWMASK (`fib_nl_fill_rule()`): the mark is sent when non-zero, the mask
 * when either is non-zero, so `fwmark 0` (mask 0) prints nothing. A mask of 0xffffffff is not printed.
 */
function printFwmark(p: IpPrinter, fw: { readonly value: number; readonly mask: number }): void {
  if (fw.value === 0 && fw.mask === 0) return;
  p.hex('any', 'fwmark', ' fwmark %s', fw.value);
  if (fw.mask >>> 0 !== 0xffffffff) p.hex('any', 'fwmask', '/%s', fw.mask);
}

/**
 * `ifnames`: the device's interfaces; a rule naming another one is FIB_RULE_IIF_DETACHED /
 * FIB_RULE_OIF_DETACHED in the kernel and prints `[detached]` (checked on 6.18 with iproute2 6.1).
 */
function printRule(
  p: IpPrinter,
  r: RpdbRule,
  rules: readonly RpdbRule[],
  ifnames?: ReadonlySet<string>,
): void {
  p.openObject();
  p.num('any', 'priority', '%s:\t', r.pref);
  if (r.not) p.nul('any', 'not', 'not ');
  if (r.from !== undefined && r.from.len !== 0) {
    p.fp('from ');
    p.str('any', 'src', '%s', formatIpv4(r.from.addr));
    if (r.from.len !== 32) p.num('any', 'srclen', '/%s', r.from.len);
  } else {
    p.str('any', 'src', 'from %s', 'all');
  }
  if (r.to !== undefined && r.to.len !== 0) {
    p.fp(' to ');
    p.str('any', 'dst', '%s', formatIpv4(r.to.addr));
    if (r.to.len !== 32) p.num('any', 'dstlen', '/%s', r.to.len);
  }
  if (r.tos !== undefined && r.tos !== 0)
    p.str('any', 'tos', ' tos %s', `0x${r.tos.toString(16).padStart(2, '0')}`);
  if (r.fwmark !== undefined) printFwmark(p, r.fwmark);
  if (r.iif !== undefined) {
    p.fp(' iif ');
    p.str('any', 'iif', '%s', r.iif);
    if (ifnames && !ifnames.has(r.iif)) p.nul('any', 'iif_detached', ' [detached]');
  }
  if (r.oif !== undefined) {
    p.fp(' oif ');
    p.str('any', 'oif', '%s', r.oif);
    if (ifnames && !ifnames.has(r.oif)) p.nul('any', 'oif_detached', ' [detached]');
  }
  if (r.ipproto !== undefined) p.str('any', 'ipproto', ' ipproto %s', protoName(r.ipproto));
  if (r.sport !== undefined) printPortRange(p, 'sport', r.sport);
  if (r.dport !== undefined) printPortRange(p, 'dport', r.dport);
  if (r.action === 'lookup' && r.table !== undefined && r.table !== 0) {
    p.str('any', 'table', ' lookup %s', tableName(r.table));
    if (r.suppressPrefixlength !== undefined && r.suppressPrefixlength !== -1)
      p.num('any', 'suppress_prefixlen', ' suppress_prefixlength %s', r.suppressPrefixlength);
  }
  if (r.action === 'goto') {
    p.num('any', 'goto', ' goto %s', r.goto ?? 0);
    // FIB_RULE_UNRESOLVED: no rule has the target preference (fib_nl_fill_rule()).
    if (!rules.some((t) => t.pref === r.goto)) p.nul('any', 'unresolved', ' [unresolved]');
  } else if (r.action === 'nop') {
    p.nul('any', 'nop', ' nop');
  } else if (r.action !== 'lookup') {
    p.str('any', 'action', ' %s', r.action);
  }
  p.fp('\n');
  p.closeObject();
}

/** The output of `ip [-j] rule show`. */
export function formatRuleShow(device: Device, json = false, opts: OutputOptions = {}): string {
  const p = new IpPrinter({ ...opts, json });
  p.open();
  const names = new Set(device.ifaces.map((i) => i.name));
  for (const r of device.rules) printRule(p, r, device.rules, names);
  return p.close();
}

/** One rule as `ip rule show` prints it, without the `PREF:\t` prefix and the newline. */
export function formatRuleLine(r: RpdbRule, rules: readonly RpdbRule[] = [r]): string {
  const p = new IpPrinter({});
  p.open();
  printRule(p, r, rules);
  return p
    .close()
    .replace(/^\d+:\t/, '')
    .trimEnd();
}
