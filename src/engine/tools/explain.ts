/**
 * `natlab exec … --explain`: a tool's text output with each line the lab produced followed by
 * `  # PATH`, the document field (or virtual-lab design field) it came from. Lines are matched to the
 * compiled objects, never guessed from their text alone: iptables rules by table, chain and position;
 * `ip rule` and `ip route` lines by printing each rule and route as the tool does; addresses by
 * interface and address. Routes the kernel made for an address (`proto kernel`, table local) are
 * explained by that address.
 */
import { formatIpv4 } from '../addr/ipv4.ts';
import type { Device, IfAddr } from '../model/device.ts';
import type { Rule, TableName } from '../model/netfilter.ts';
import type { Route } from '../model/route.ts';
import type { RpdbRule } from '../model/rpdb.ts';
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

const annotate = (line: string, path: string | undefined) =>
  path === undefined ? line : `${line.trimEnd()}  # ${path}`;

/** `stdout` of `argv` run on `device`, annotated; an error for output it cannot annotate (JSON). */
export function explainOutput(
  device: Device,
  argv: readonly string[],
  stdout: string,
  sources: ExplainSources,
): ExplainResult {
  const tool = (argv[0] ?? '').replace(/^.*\//, '');
  const args = argv.slice(1);
  const lines = stdout.split('\n');
  if (tool === 'iptables-save' || tool === 'iptables-nft-save')
    return { ok: true, text: explainIptables(device, lines, sources, undefined) };
  if (tool === 'iptables' || tool === 'iptables-nft') {
    const t = tableArg(args);
    return { ok: true, text: explainIptables(device, lines, sources, t) };
  }
  if (tool === 'ip') {
    if (args.some((a) => /^-j(son)?$/.test(a) || /^--?json$/.test(a)))
      return { ok: false, error: '--explain annotates the text output; leave out -j' };
    return { ok: true, text: explainIp(device, lines, sources) };
  }
  return { ok: true, text: stdout };
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
): string {
  let table = fixedTable;
  const seen = new Map<string, number>();
  return lines
    .map((line) => {
      const head = /^\*(\w+)$/.exec(line);
      if (head && fixedTable === undefined) table = head[1];
      const m = /^-A (\S+)/.exec(line);
      if (!m || table === undefined) return line;
      const key = `${table}/${m[1]}`;
      const k = seen.get(key) ?? 0;
      seen.set(key, k + 1);
      const rule = device.ruleset.get(table as TableName)?.chains.get(m[1]!)?.rules[k];
      return annotate(line, rule && sources.iptables.get(rule));
    })
    .join('\n');
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

function explainIp(device: Device, lines: readonly string[], sources: ExplainSources): string {
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
  return lines
    .map((line) => {
      const text = line.trimEnd();
      const link = /^\d+: ([^:@\s]+)[:@]/.exec(line);
      if (link) iface = link[1];
      const inet = /^ {4}inet (\d+\.\d+\.\d+\.\d+)\/(\d+) /.exec(line);
      if (inet && iface !== undefined) {
        const a = device.ifByName
          .get(iface)
          ?.addrs.find((x) => formatIpv4(x.local) === inet[1] && x.len === Number(inet[2]));
        return annotate(line, a && sources.addresses.get(a));
      }
      return annotate(line, rules.get(text) ?? routes.get(text));
    })
    .join('\n');
}
