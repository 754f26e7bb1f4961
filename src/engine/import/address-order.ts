/**
 * Routes to the same prefix from addresses on different interfaces: the kernel keeps them in the order
 * it inserted them (`fib_magic` appends) and the first one wins a lookup. It inserts an address's local
 * route when the address is added, its prefix route once the address exists and its link is up — so
 * in the order of the script's `ip addr add` and `ip link set up` commands. A lab document adds the
 * addresses interface by interface (lo first, then the interfaces in order). When the two orders would
 * make a different route win, the document cannot say what the script builds: that is an error naming
 * the address, never a silently different lab.
 */
import { formatIpv4 } from '../addr/ipv4.ts';
import { tableName } from '../model/route.ts';
import type { ScriptIssue } from './issues.ts';
import { kernelRoutes } from './kernel-routes.ts';
import type { Addr, Link, Ns } from './model.ts';

interface Entry {
  readonly link: Link;
  readonly addr: Addr;
  /** When the kernel inserted the route. */
  readonly kernel: number;
  /** Where the compiler inserts it: [interface position, address position]. */
  readonly doc: readonly [number, number];
}

const before = (a: Entry, b: Entry) => a.doc[0] - b.doc[0] || a.doc[1] - b.doc[1];

/** `ifaces`: the namespace's interfaces in document order (lo is always first in the compiler). */
export function addressOrderProblems(ns: Ns, ifaces: readonly Link[]): ScriptIssue[] {
  const pos = new Map<Link, number>(ifaces.map((l, i) => [l, i + 1]));
  for (const l of ns.links) if (l.kind === 'lo') pos.set(l, 0);
  const byKey = new Map<string, Entry[]>();
  for (const k of kernelRoutes(ns)) {
    const p = pos.get(k.dev);
    if (p === undefined) continue;
    const addr =
      k.prefixOf ??
      (k.type === 'local' && k.len === 32 ? k.dev.addrs.find((a) => a.cidr.addr === k.dst) : undefined);
    if (!addr) continue;
    const up = k.prefixOf && k.dev.kind !== 'lo' ? k.dev.upSeq : 0;
    const key = `${k.table} ${k.dst} ${k.len}`;
    const e: Entry = {
      link: k.dev,
      addr,
      kernel: Math.max(addr.seq, up),
      doc: [p, k.dev.addrs.indexOf(addr)],
    };
    const list = byKey.get(key);
    if (list) list.push(e);
    else byKey.set(key, [e]);
  }
  const out: ScriptIssue[] = [];
  for (const [key, list] of byKey) {
    if (list.length < 2) continue;
    const first = list.reduce((a, b) => (b.kernel < a.kernel ? b : a));
    const docFirst = list.reduce((a, b) => (before(b, a) < 0 ? b : a));
    if (first.link === docFirst.link) continue;
    const [table, dst, len] = key.split(' ').map(Number) as [number, number, number];
    const what = `the route to ${formatIpv4(dst)}/${len} (table ${tableName(table)})`;
    out.push({
      line: docFirst.addr.line,
      command: '',
      message: `on Linux ${what} through ${first.link.name} (line ${first.addr.line}) comes first and wins, but a lab document adds addresses interface by interface, so the one through ${docFirst.link.name} would: add the addresses (and bring the links up) in the order of the interfaces, ${[...ifaces.map((l) => l.name)].join(', ')}`,
    });
  }
  return out.sort((a, b) => a.line - b.line);
}
