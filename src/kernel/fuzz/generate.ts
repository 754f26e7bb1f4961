/**
 * Random but meaningful labs, deterministic per (seed, index): 1–4 routers/appliances joining 2–5
 * segments, hosts with default routes, static routes computed over the topology (some left out on
 * purpose), duplicated and overlapping subnets, sometimes an isolated copy behind a SureBackup-style NAT
 * appliance; then random routing features, netfilter rules and sysctls (gen-features.ts) and probes
 * (gen-probes.ts).
 */
import { ipv4 } from '../../engine/addr/ipv4.ts';
import type { LabDocument } from '../../engine/lab/format.ts';
import type { ProbeSpec } from '../probe.ts';
import { extraAddresses } from './gen-addresses.ts';
import { addAppliance } from './gen-appliance.ts';
import { addFeatures } from './gen-features.ts';
import { generateProbes } from './gen-probes.ts';
import { cidrText, ip, LabBuilder, type Dev, type Seg } from './lab-builder.ts';
import { Rng } from './prng.ts';

export interface FuzzCase {
  /** `S<seed>-<index>`. */
  readonly id: string;
  readonly seed: number;
  readonly index: number;
  readonly doc: LabDocument;
  readonly probes: readonly ProbeSpec[];
}

const FRESH = ['10.1.0.0', '10.2.0.0', '10.3.0.0', '10.4.0.0', '10.5.0.0', '192.168.10.0', '192.168.20.0'];

function newSubnet(b: LabBuilder): [number, number] {
  const rng = b.rng;
  const kind = rng.weighted([
    [6, 'fresh'],
    [1.5, 'dup'],
    [1.5, 'overlap'],
    [1, 'small'],
  ] as const);
  if (kind === 'dup' && b.segs.length) {
    const s = rng.pick(b.segs);
    return [s.net, s.len];
  }
  if (kind === 'overlap') {
    const has16 = b.segs.some((s) => s.len === 16);
    return has16 ? [ipv4('172.16.5.0'), 24] : [ipv4('172.16.0.0'), 16];
  }
  if (kind === 'small') return [ipv4(`10.255.${b.segs.length}.0`), 29];
  const used = new Set(b.segs.map((s) => cidrText(s.net, s.len)));
  const fresh = FRESH.filter((n) => !used.has(`${n}/24`));
  return [ipv4(fresh.length ? rng.pick(fresh) : `10.9.${b.segs.length}.0`), 24];
}

function plugRouter(b: LabBuilder, r: Dev, seg: Seg): void {
  b.plug(r, seg, b.freeHost(seg, 1));
}

function topology(b: LabBuilder, nRouters: number): Dev[] {
  const rng = b.rng;
  b.segment('link', ...newSubnet(b));
  const routers: Dev[] = [];
  for (let i = 0; i < nRouters; i++) {
    const r = b.device(`r${i + 1}`, 'router');
    r.forwarding = rng.chance(0.95);
    const a = rng.pick(b.segs);
    plugRouter(b, r, a);
    const others = b.segs.filter((s) => s !== a);
    const s =
      b.segs.length < 5 && (rng.chance(0.85) || !others.length)
        ? b.segment('link', ...newSubnet(b))
        : rng.pick(others);
    plugRouter(b, r, s);
    const free = b.segs.filter((x) => !r.ports.some((p) => p.seg === x));
    if (free.length && rng.chance(0.2)) plugRouter(b, r, rng.pick(free));
    routers.push(r);
  }
  return routers;
}

const SERVICES = ['tcp/22', 'tcp/80', 'tcp/443', 'udp/53', 'udp/123'];

function hosts(b: LabBuilder): void {
  const rng = b.rng;
  let n = 0;
  for (const seg of [...b.segs]) {
    if (seg.len > 28) continue;
    const count = rng.weighted([
      [2, 0],
      [6, 1],
      [2, 2],
    ] as const);
    for (let k = 0; k < count && n < 5; k++) {
      const h = b.device(`h${++n}`, 'host');
      const hostNum = rng.chance(0.7) ? b.freeHost(seg, 10) : b.freeHost(seg, rng.int(10, 60));
      b.plug(h, seg, hostNum);
      const gws = b.on(seg).filter((x) => x.dev.kind !== 'host' && x.port.addr !== null);
      if (gws.length && rng.chance(0.92)) b.route(h, { to: 'default', via: ip(rng.pick(gws).port.addr!) });
      h.listen.push(
        ...rng.shuffle(SERVICES).slice(
          0,
          rng.weighted([
            [2, 0],
            [4, 1],
            [3, 2],
            [1, 3],
          ] as const),
        ),
      );
    }
  }
}

/** Static routes from each router to each segment it is not on, via the first router on a BFS path. */
function staticRoutes(b: LabBuilder, routers: readonly Dev[]): void {
  const rng = b.rng;
  for (const r of routers) {
    const first = new Map<Seg, { via: number; dev: string }>();
    const queue: Seg[] = [];
    for (const p of r.ports) {
      if (first.has(p.seg)) continue;
      first.set(p.seg, { via: 0, dev: p.name });
      queue.push(p.seg);
    }
    const direct = new Set(queue);
    while (queue.length) {
      const seg = queue.shift()!;
      for (const { dev, port } of b.on(seg)) {
        if (dev === r || dev.kind !== 'router' || port.addr === null) continue;
        const hop = direct.has(seg)
          ? { via: port.addr, dev: r.ports.find((p) => p.seg === seg)!.name }
          : first.get(seg)!;
        for (const q of dev.ports)
          if (!first.has(q.seg)) {
            first.set(q.seg, hop);
            queue.push(q.seg);
          }
      }
    }
    for (const [seg, hop] of first) {
      if (direct.has(seg) || !rng.chance(0.85)) continue;
      b.route(r, {
        to: cidrText(seg.net, seg.len),
        via: ip(hop.via),
        ...(rng.chance(0.5) ? { dev: hop.dev } : {}),
      });
    }
    const nbrs = r.ports.flatMap((p) =>
      b.on(p.seg).filter((x) => x.dev !== r && x.dev.kind === 'router' && x.port.addr !== null),
    );
    if (nbrs.length && rng.chance(0.25)) b.route(r, { to: 'default', via: ip(rng.pick(nbrs).port.addr!) });
  }
}

export function generateCase(seed: number, index: number): FuzzCase {
  const rng = new Rng(seed, index);
  const b = new LabBuilder(rng);
  const appliance = rng.chance(0.45);
  const nRouters = appliance
    ? rng.weighted([
        [5, 1],
        [4, 2],
        [1, 3],
      ] as const)
    : rng.weighted([
        [3, 1],
        [4, 2],
        [3, 3],
      ] as const);
  const routers = topology(b, nRouters);
  hosts(b);
  extraAddresses(b, routers);
  if (appliance) addAppliance(b, routers);
  staticRoutes(b, routers);
  for (const r of routers) if (r.forwarding) r.sysctls['net.ipv4.ip_forward'] = 1;
  addFeatures(b, routers);
  const id = `S${seed}-${index}`;
  const doc = b.document(`fuzz ${id}`);
  return { id, seed, index, doc, probes: generateProbes(b) };
}
