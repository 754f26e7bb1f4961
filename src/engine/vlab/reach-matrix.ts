/**
 * The reachability matrix of a lab's virtual-lab designs: every production client (the backup server
 * first) × every lab VM, by the VM's masquerade address and by each of its access IPs (static IP
 * mappings), and the reverse — every lab VM → every production client's real address, which the
 * isolation should stop. Each cell is a trace on the given network (the design's, or a what-if of it)
 * reduced to ✓/✗ and a reason. Cells the network cannot tell apart (alike clients, alike VMs:
 * src/engine/whatif/symmetry.ts) share one trace, so a lab of 100 clients × 1 000 alike VMs needs a
 * handful of traces. docs/reachability.md.
 */
import { formatIpv4, parseCidr, parseIpv4, type Ipv4 } from '../addr/ipv4.ts';
import { netmapAddress } from '../conntrack/netmap.ts';
import type { LabDocument } from '../lab/format.ts';
import type { Network } from '../model/network.ts';
import { trace, type ProbeProto } from '../sim/trace.ts';
import { err, ok, type Result } from '../util/result.ts';
import {
  cellCore,
  reachCell,
  swapCore,
  type CellCore,
  type CellMeta,
  type MatrixDirection,
  type MatrixPathKind,
  type ReachCell,
} from '../whatif/reach-cell.ts';
import { disjoint, NetworkSymmetry, swapAddr, type SymmetryClass } from '../whatif/symmetry.ts';
import { compileDesign, type DesignResult } from './compile-design.ts';

export type { CellDrop, MatrixDirection, MatrixPathKind, ReachCell } from '../whatif/reach-cell.ts';

/** A production address a client names a lab VM by. */
export interface MatrixPath {
  readonly kind: Exclude<MatrixPathKind, 'real'>;
  readonly addr: Ipv4;
}

/** A lab VM: a device on an isolated network of a design (not the appliance). */
export interface MatrixVm {
  readonly id: string;
  readonly name: string;
  /** The virtual lab's id. */
  readonly lab: string;
  readonly segment: string;
  /** Its address in the isolated network (its production address). */
  readonly addr: Ipv4;
  /** The masquerade address first, then the access IPs of its static mappings. */
  readonly via: readonly MatrixPath[];
}

/** A production client: a host or router on a design's production network, or one the design lists. */
export interface MatrixClient {
  readonly id: string;
  readonly name: string;
  /** Its real address (on a production network of the design). */
  readonly addr: Ipv4;
  readonly backupServer: boolean;
}

/** A column of the forward table: one path to one VM. */
export interface MatrixColumn {
  readonly vm: string;
  readonly kind: Exclude<MatrixPathKind, 'real'>;
  readonly addr: Ipv4;
}

export interface ReachMatrix {
  /** Rows of the forward table, columns of the reverse one: backup servers first, then by name. */
  readonly clients: readonly MatrixClient[];
  readonly vms: readonly MatrixVm[];
  readonly columns: readonly MatrixColumn[];
  /** `forward[client][column]`. */
  readonly forward: readonly (readonly ReachCell[])[];
  /** `reverse[vm][client]`. */
  readonly reverse: readonly (readonly ReachCell[])[];
  /** Cells, and the traces actually run for them (alike cells share one). */
  readonly stats: { readonly cells: number; readonly traces: number };
}

export interface ReachOptions {
  /** The probe: ICMP echo by default; TCP and UDP need `dport`. */
  readonly proto?: ProbeProto;
  readonly dport?: number;
  /** Called as cells are filled (at most ~100 times, and once at the end). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Trace every cell, none shared (what the sharing is checked against). */
  readonly exhaustive?: boolean;
  /** The design compiler's result for `doc`, if the caller has it. */
  readonly design?: DesignResult;
}

/**
 * The matrix of `doc`'s virtual-lab designs, traced on `net` (the compiled lab, or a what-if network of
 * its expansion: the rows and columns come from the designs, the answers from `net`).
 */
export function reachMatrix(doc: LabDocument, net: Network, opts: ReachOptions = {}): Result<ReachMatrix> {
  if (opts.proto !== undefined && opts.proto !== 'icmp' && opts.dport === undefined)
    return err(`a ${opts.proto} probe needs a destination port`);
  const design = opts.design ?? compileDesign(doc);
  const bad = design.issues.find((i) => i.severity === 'error');
  if (bad) return err(`${bad.path}: ${bad.message}`);
  const vms = labVms(doc, net, design);
  const clients = productionClients(doc, net, new Set(vms.map((v) => v.id)));
  const columns = vms.flatMap((v) => v.via.map((p) => ({ vm: v.id, kind: p.kind, addr: p.addr })));
  const total = clients.length * columns.length + vms.length * clients.length;

  const sym = opts.exhaustive ? null : new NetworkSymmetry(net);
  const noClass = (id: string): SymmetryClass => ({ rep: id, swap: null });
  const clientClass = sym?.classes(clients.map((c) => c.id));
  const vmVia = new Map(vms.map((v) => [v.id, v.via.map((p) => p.addr)]));
  const vmClass = sym?.classes(
    vms.map((v) => v.id),
    (id) => vmVia.get(id) ?? [],
  );
  const classOf = (id: string) => clientClass?.get(id) ?? vmClass?.get(id) ?? noClass(id);

  const l4 = opts.proto && opts.proto !== 'icmp' ? { proto: opts.proto, dport: opts.dport! } : {};
  /** Each probe traced once: sender → destination → what the matrix keeps of the trace. */
  const traced = new Map<string, Map<number, { core: CellCore; key: string | null }>>();
  let traces = 0;
  let done = 0;
  let reported = 0;
  const step = Math.max(1, Math.floor(total / 100));
  const run = (m: CellMeta, from: string, to: Ipv4, target: string) => {
    let byTo = traced.get(from);
    if (!byTo) traced.set(from, (byTo = new Map()));
    const hit = byTo.get(to);
    if (hit) return ok(hit);
    const r = trace(net, { ...m.probe, from, to });
    if (!r.ok) return r;
    traces++;
    const entry = { core: cellCore(r.value), key: cellKey(m.dir, from, target, m.path, to) };
    byTo.set(to, entry);
    return ok(entry);
  };
  const cell = (m: CellMeta): Result<ReachCell> => {
    const a = classOf(m.probe.from);
    const b = classOf(m.target);
    let out: ReachCell | null = null;
    if ((a.swap || b.swap) && disjoint(a.swap, b.swap)) {
      const s = [a.swap, b.swap];
      const rep = run(m, a.rep, swapAddr(s, m.probe.to), b.rep);
      if (!rep.ok) return rep;
      if (rep.value.core.portable)
        out = reachCell(net, m, swapCore(s, rep.value.core), rep.value.key ?? undefined);
    }
    if (!out) {
      const own = run(m, m.probe.from, m.probe.to, m.target);
      if (!own.ok) return own;
      out = reachCell(net, m, own.value.core);
    }
    done++;
    if (opts.onProgress && done - reported >= step) {
      reported = done;
      opts.onProgress(done, total);
    }
    return ok(out);
  };

  const vmById = new Map(vms.map((v) => [v.id, v]));
  const forward: ReachCell[][] = [];
  for (const c of clients) {
    const row: ReachCell[] = [];
    for (const col of columns) {
      const vm = vmById.get(col.vm)!;
      const r = cell({
        key: cellKey('forward', c.id, col.vm, col.kind, col.addr),
        dir: 'forward',
        target: col.vm,
        targetAddr: vm.addr,
        path: col.kind,
        probe: { from: c.id, to: col.addr, ...l4 },
      });
      if (!r.ok) return r;
      row.push(r.value);
    }
    forward.push(row);
  }
  const reverse: ReachCell[][] = [];
  for (const v of vms) {
    const row: ReachCell[] = [];
    for (const c of clients) {
      const r = cell({
        key: cellKey('reverse', v.id, c.id, 'real', c.addr),
        dir: 'reverse',
        target: c.id,
        targetAddr: c.addr,
        path: 'real',
        probe: { from: v.id, to: c.addr, ...l4 },
      });
      if (!r.ok) return r;
      row.push(r.value);
    }
    reverse.push(row);
  }
  opts.onProgress?.(total, total);
  return ok({ clients, vms, columns, forward, reverse, stats: { cells: total, traces } });
}

export function cellKey(
  dir: MatrixDirection,
  from: string,
  target: string,
  path: MatrixPathKind,
  addr: Ipv4,
): string {
  return `${dir}|${from}|${target}|${path}|${formatIpv4(addr)}`;
}

/**
 * Every lab VM of the designs (the devices on their isolated networks, appliances left out; a device
 * on two isolated networks counts once) and the production addresses it is reached by: its
 * masquerade address (NETMAP keeps the host bits) and the access IPs of its static mappings.
 */
export function labVms(
  doc: LabDocument,
  net: Network,
  design: DesignResult = compileDesign(doc),
): MatrixVm[] {
  const out: MatrixVm[] = [];
  const seen = new Set<string>();
  const appliances = new Set((doc.virtualLabs ?? []).map((l) => l.appliance.id));
  (doc.virtualLabs ?? []).forEach((lab, i) =>
    lab.isolatedNetworks.forEach((n, j) => {
      const at = `virtualLabs[${i}].isolatedNetworks[${j}].masquerade`;
      const masqText = n.masquerade ?? design.proposals.find((p) => p.path === at)?.value;
      const masq = masqText === undefined ? null : parseCidr(masqText);
      for (const port of net.segments.get(n.segment)?.ports ?? []) {
        const d = net.byId.get(port.device);
        const addr = d?.ifByName.get(port.iface)?.addrs[0]?.local;
        if (!d || addr === undefined || appliances.has(d.id) || d.kind === 'appliance' || seen.has(d.id))
          continue;
        seen.add(d.id);
        const via: MatrixPath[] = [];
        if (masq?.ok) via.push({ kind: 'masquerade', addr: netmapAddress(addr, masq.value) });
        for (const m of lab.staticMappings ?? []) {
          const access = parseIpv4(m.accessIp);
          if (m.productionNetwork === n.productionNetwork && m.isolatedIp === formatIpv4(addr) && access.ok)
            via.push({ kind: 'access', addr: access.value });
        }
        out.push({ id: d.id, name: d.name, lab: lab.id, segment: n.segment, addr, via });
      }
    }),
  );
  return out;
}

/**
 * The production clients: hosts and routers with an address on a production network of a design
 * (the appliance's, or one an isolated network mirrors), and the machines a design names (backup
 * server, clients) wherever they are; lab VMs and appliances left out. Backup servers first (in
 * design order), then by name.
 */
export function productionClients(
  doc: LabDocument,
  net: Network,
  vms: ReadonlySet<string> = new Set(labVms(doc, net).map((v) => v.id)),
): MatrixClient[] {
  const labs = doc.virtualLabs ?? [];
  const prod = new Set(
    labs.flatMap((l) => [
      l.appliance.productionNetwork,
      ...l.isolatedNetworks.map((n) => n.productionNetwork),
    ]),
  );
  const appliances = new Set(labs.map((l) => l.appliance.id));
  const backup = labs.map((l) => l.backupServer);
  const named = new Set([...backup, ...labs.flatMap((l) => l.clients ?? [])]);
  const out: MatrixClient[] = [];
  for (const d of net.devices) {
    if (d.kind === 'appliance' || appliances.has(d.id) || vms.has(d.id)) continue;
    const onProd = d.ifaces.find((i) => i.segment !== null && prod.has(i.segment) && i.addrs.length);
    const addr =
      onProd?.addrs[0]?.local ?? d.ifaces.find((i) => !i.loopback && i.addrs.length)?.addrs[0]?.local;
    if (addr === undefined || (!onProd && !named.has(d.id))) continue;
    out.push({ id: d.id, name: d.name, addr, backupServer: backup.includes(d.id) });
  }
  const rank = (c: MatrixClient) => (c.backupServer ? backup.indexOf(c.id) : backup.length);
  return out.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}
