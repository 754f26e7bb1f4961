/**
 * `natlab exec … --explain`: a tool's text output with each line the lab produced followed by
 * `  # PATH`, the document field (or virtual-lab design field) it came from. Lines are matched to the
 * compiled objects, never guessed from their text alone: iptables rules by table, chain and position;
 * `ip rule` and `ip route` lines by printing each rule and route as the tool does; addresses by
 * interface and address. Routes the kernel made for an address (`proto kernel`, table local) are
 * explained by that address. {@link explainLines} gives the same matching as data (one entry per line,
 * with its path and, for an iptables rule, the compiled rule) for the designer's Rules panel.
 */
import { formatIpv4 } from '../addr/ipv4.ts';
import { designPathOf } from '../lab/design-paths.ts';
import { keyPath } from '../lab/issues.ts';
import { parseSysctlName } from '../lab/sysctl.ts';
import {
  IFCONF_DEFAULTS,
  NETCONF_DEFAULTS,
  type Device,
  type IfAddr,
  type IfConfKey,
} from '../model/device.ts';
import type { Rule, TableName } from '../model/netfilter.ts';
import type { Route } from '../model/route.ts';
import type { RpdbRule } from '../model/rpdb.ts';
import type { DesignProvenance } from '../vlab/compile-design.ts';
import { IpPrinter } from './ip-print.ts';
import { routeMessage } from './ip-route-show.ts';
import { formatRuleLine } from './ip-rule-show.ts';
import { printRoute } from './rt-msg.ts';

/** Where compiled objects came from (`Provenance` of src/engine/lab/compile.ts). */
export interface ExplainSources {
  readonly routes: ReadonlyMap<Route, string>;
  readonly rules: ReadonlyMap<RpdbRule, string>;
  readonly iptables: ReadonlyMap<Rule, string>;
  readonly addresses: ReadonlyMap<IfAddr, string>;
}

export type ExplainResult =
  { readonly ok: true; readonly text: string } | { readonly ok: false; readonly error: string };

/** One line of a tool's output and what the lab says about it. */
export interface ExplainedLine {
  /** The line exactly as the tool printed it (no newline). */
  readonly text: string;
  /** The document (or design) field that produced it; absent for lines the lab did not make. */
  readonly path?: string;
  /** For an `-A CHAIN …` line: the compiled rule it prints, with its table and chain. */
  readonly rule?: { readonly table: TableName; readonly chain: string; readonly rule: Rule };
}

export type ExplainLinesResult =
  | { readonly ok: true; readonly lines: readonly ExplainedLine[] }
  | { readonly ok: false; readonly error: string };

const annotate = (l: ExplainedLine) => (l.path === undefined ? l.text : `${l.text.trimEnd()}  # ${l.path}`);
const plain = (text: string): ExplainedLine => ({ text });
const withPath = (text: string, path: string | undefined): ExplainedLine =>
  path === undefined ? { text } : { text, path };

/** `stdout` of `argv` run on `device`, annotated; an error for output it cannot annotate (JSON). */
export function explainOutput(
  device: Device,
  argv: readonly string[],
  stdout: string,
  sources: ExplainSources,
): ExplainResult {
  const r = explainLines(device, argv, stdout, sources);
  if (!r.ok) return r;
  const end = stdout.endsWith('\n') ? '\n' : '';
  return { ok: true, text: r.lines.map(annotate).join('\n') + end };
}

/**
 * The lines of `stdout` (the output of `argv` run on `device`; a final newline ends the last line),
 * each with the field that produced it; an error for output that has no lines to explain (JSON).
 */
export function explainLines(
  device: Device,
  argv: readonly string[],
  stdout: string,
  sources: ExplainSources,
): ExplainLinesResult {
  const tool = (argv[0] ?? '').replace(/^.*\//, '');
  const args = argv.slice(1);
  const lines = stdout.split('\n');
  if (stdout.endsWith('\n') || stdout === '') lines.pop();
  if (tool === 'iptables-save' || tool === 'iptables-nft-save')
    return { ok: true, lines: explainIptables(device, lines, sources, undefined) };
  if (tool === 'iptables' || tool === 'iptables-nft')
    return { ok: true, lines: explainIptables(device, lines, sources, tableArg(args)) };
  if (tool === 'ip') {
    if (args.some((a) => /^-j(son)?$/.test(a) || /^--?json$/.test(a)))
      return { ok: false, error: '--explain annotates the text output; leave out -j' };
    return { ok: true, lines: explainIp(device, lines, sources) };
  }
  return { ok: true, lines: lines.map(plain) };
}

/** `-t T`, `-tT`, `--table T`, `--table=T`; filter by default. */
function tableArg(args: readonly string[]): string {
  for (let k = 0; k < args.length; k++) {
    const a = args[k]!;
    const inline = /^(?:-t|--table=)(.+)$/.exec(a)?.[1];
    if (inline !== undefined) return inline;
    if (a === '-t' || a === '--table') return args[k + 1] ?? 'filter';
  }
  return 'filter';
}

/** `-A CHAIN …` lines: the k-th of a chain is that chain's k-th rule (iptables-save and -S print in order). */
function explainIptables(
  device: Device,
  lines: readonly string[],
  sources: ExplainSources,
  fixedTable: string | undefined,
): ExplainedLine[] {
  let table = fixedTable;
  const seen = new Map<string, number>();
  return lines.map((line) => {
    const head = /^\*(\w+)$/.exec(line);
    if (head && fixedTable === undefined) table = head[1];
    const m = /^-A (\S+)/.exec(line);
    if (!m || table === undefined) return plain(line);
    const chain = m[1]!;
    const key = `${table}/${chain}`;
    const k = seen.get(key) ?? 0;
    seen.set(key, k + 1);
    const rule = device.ruleset.get(table as TableName)?.chains.get(chain)?.rules[k];
    if (!rule) return plain(line);
    return {
      ...withPath(line, sources.iptables.get(rule)),
      rule: { table: table as TableName, chain, rule },
    };
  });
}

/** The ways `ip route` prints a route: in its table or in a `table all` dump, with or without `dev`. */
function routeTexts(r: Route): string[] {
  const out: string[] = [];
  for (const tb of [0, r.table])
    for (const oif of [false, true]) {
      const p = new IpPrinter({});
      p.open();
      printRoute(p, routeMessage(r), { tb, oif });
      out.push(p.close().trimEnd());
    }
  return out;
}

/** The address a kernel route was made for (`fib_add_ifaddr`): its local address, or its primary. */
function addressOfKernelRoute(device: Device, r: Route): IfAddr | undefined {
  const iface = r.dev !== undefined ? device.ifByName.get(r.dev) : undefined;
  if (!iface) return undefined;
  const want = r.type === 'local' ? r.dst : r.prefsrc;
  return iface.addrs.find((a) => a.local === want);
}

function explainIp(device: Device, lines: readonly string[], sources: ExplainSources): ExplainedLine[] {
  const routes = new Map<string, string>();
  for (const table of device.tables.values())
    for (const r of table) {
      const path =
        sources.routes.get(r) ??
        (r.proto === 'kernel' ? sources.addresses.get(addressOfKernelRoute(device, r)!) : undefined);
      if (path !== undefined) for (const t of routeTexts(r)) if (!routes.has(t)) routes.set(t, path);
    }
  const rules = new Map<string, string>();
  for (const r of device.rules) {
    const path = sources.rules.get(r);
    if (path !== undefined) rules.set(`${r.pref}:\t${formatRuleLine(r, device.rules)}`, path);
  }
  let iface: string | undefined;
  return lines.map((line) => {
    const text = line.trimEnd();
    const link = /^\d+: ([^:@\s]+)[:@]/.exec(line);
    if (link) iface = link[1];
    const inet = /^ {4}inet (\d+\.\d+\.\d+\.\d+)\/(\d+) /.exec(line);
    if (inet && iface !== undefined) {
      const a = device.ifByName
        .get(iface)
        ?.addrs.find((x) => formatIpv4(x.local) === inet[1] && x.len === Number(inet[2]));
      return withPath(line, a && sources.addresses.get(a));
    }
    return withPath(line, rules.get(text) ?? routes.get(text));
  });
}

/** A sysctl name as sysctl(8) spells it: an interface name's dots become `/` (`conf.eth0/222.rp_filter`). */
const sysctlIface = (name: string) => name.replaceAll('.', '/');

/**
 * Every `net.ipv4` sysctl natlab models on `device`, in the order the namespace exporters write them:
 * `ip_forward`, the namespace-wide knobs, then `conf.all`, `conf.default` and each interface's.
 */
export function modelledSysctls(device: Device): string[] {
  const keys = Object.keys(IFCONF_DEFAULTS) as IfConfKey[];
  const conf = (who: string) => keys.map((k) => `net.ipv4.conf.${who}.${k}`);
  return [
    'net.ipv4.ip_forward',
    ...Object.keys(NETCONF_DEFAULTS).map((k) => `net.ipv4.${k}`),
    ...conf('all'),
    ...conf('default'),
    ...device.ifaces.flatMap((i) => conf(sysctlIface(i.name))),
  ];
}

/** The value the kernel reads back for a modelled sysctl (`ip_forward` is `conf/all/forwarding`). */
function sysctlValue(device: Device, name: string): number | undefined {
  const t = parseSysctlName(
    name,
    device.ifaces.map((i) => i.name),
  );
  if (!t.ok) return undefined;
  const v = t.value;
  if (v.kind === 'ip_forward') return device.confAll.forwarding;
  if (v.kind === 'net') return device.net[v.key];
  if (v.scope === 'all') return device.confAll[v.key];
  if (v.scope === 'default') return device.confDefault[v.key];
  return device.ifByName.get(v.iface!)?.rawConf[v.key];
}

/**
 * What `sysctl NAME…` prints on `device` (`net.ipv4.ip_forward = 1`, one line per name, current values),
 * each line with the field that set it: for the sysctls the device's document entry writes (`written`,
 * its `sysctls` object in the compiled — expanded — document), `devices[i].sysctls["NAME"]`, or the
 * design field behind it. Names: those written (in document order, `ip_forward` first when not), or with
 * `all`, every modelled one.
 */
export function explainSysctls(
  device: Device,
  written: Readonly<Record<string, number>> | undefined,
  design: DesignProvenance,
  all = false,
): ExplainedLine[] {
  const set = Object.keys(written ?? {});
  const every = all ? modelledSysctls(device) : [];
  const names = all
    ? [...every, ...set.filter((n) => !every.includes(n))]
    : set.includes('net.ipv4.ip_forward')
      ? set
      : ['net.ipv4.ip_forward', ...set];
  const out: ExplainedLine[] = [];
  for (const name of names) {
    const value = sysctlValue(device, name);
    if (value === undefined) continue;
    const path = set.includes(name)
      ? designPathOf(`devices[${device.docIndex}].sysctls${keyPath(name)}`, design)
      : undefined;
    out.push(withPath(`${name} = ${value}`, path));
  }
  return out;
}
