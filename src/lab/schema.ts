/**
 * The lab document schema (valibot). Structure and formats are checked here, with messages that point
 * at the field; cross-references and kernel semantics (does the segment exist, would the kernel accept
 * this route) are checked by the engine's compiler. `InferOutput` of this schema must equal the engine's
 * {@link LabDocument} type (asserted at the bottom), so the two cannot drift apart.
 */
import * as v from 'valibot';
import { canonical, formatCidr, parseCidr, parseIpv4, sameCidr } from '../engine/addr/ipv4.ts';
import { parseMac } from '../engine/addr/mac.ts';
import { LAB_SCHEMA_VERSION, type LabDocument } from '../engine/lab/format.ts';
import { TABLES } from '../engine/model/netfilter.ts';
import { ROUTE_TYPES } from '../engine/model/route.ts';

const ipv4 = v.pipe(
  v.string(),
  v.check(
    (s) => parseIpv4(s).ok,
    (i) => `"${String(i.input)}" is not an IPv4 address`,
  ),
  v.description('IPv4 address, dotted quad'),
);
const prefixWithLen = v.pipe(
  v.string(),
  v.check(
    (s) => parseCidr(s).ok,
    (i) => {
      const r = parseCidr(String(i.input));
      return r.ok
        ? ''
        : /is not an IPv4 address$/.test(r.error)
          ? `"${String(i.input)}" is not an IPv4 address`
          : r.error;
    },
  ),
  v.description('IPv4 address with prefix length, e.g. 192.168.149.2/24'),
);
/** A network: a prefix with its host bits clear (`192.168.150.0/24`). */
const networkPrefix = v.pipe(
  v.string(),
  v.check(
    (s) => {
      const r = parseCidr(s);
      return r.ok && sameCidr(r.value, canonical(r.value));
    },
    (i) => {
      const text = String(i.input);
      const r = parseCidr(text);
      return r.ok
        ? `"${text}" is not a network: its host bits are set (the network is ${formatCidr(canonical(r.value))})`
        : `"${text}" is not a prefix (a.b.c.d/len with len 0..32)`;
    },
  ),
  v.description('IPv4 network, e.g. 192.168.150.0/24'),
);
const prefixOrAddress = v.pipe(
  v.string(),
  v.check(
    (s) => s === 'default' || s === 'all' || parseCidr(s, true).ok,
    (i) => `"${String(i.input)}" is not an IPv4 prefix`,
  ),
);
const id = v.pipe(
  v.string(),
  v.regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/,
    (i) =>
      `"${String(i.input)}" is not a valid id (1..32 characters of A-Z a-z 0-9 _ . -, starting with a letter or digit)`,
  ),
);
const ifname = v.pipe(
  v.string(),
  v.regex(
    /^[A-Za-z0-9_.-]{1,15}$/,
    (i) => `"${String(i.input)}" is not a valid interface name (1..15 characters of A-Z a-z 0-9 _ . -)`,
  ),
);
/** Arrays have a size cap so that a hostile file cannot make the compiler run for minutes. */
const capped = <T extends v.GenericSchema>(item: T, max: number) =>
  v.pipe(
    v.array(item),
    v.maxLength(max, (i) => `${(i.input as unknown[]).length} items; at most ${max} are allowed here`),
  );
const u32 = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(0xffffffff));
const tableRef = v.union([v.string(), u32]);

const address = v.union([
  prefixWithLen,
  v.strictObject({
    address: prefixWithLen,
    noprefixroute: v.optional(v.boolean()),
    broadcast: v.optional(ipv4),
  }),
]);

const iface = v.strictObject({
  name: ifname,
  mac: v.optional(
    v.pipe(
      v.string(),
      v.check(
        (s) => parseMac(s).ok,
        (i) => `"${String(i.input)}" is not a MAC address (aa:bb:cc:dd:ee:ff)`,
      ),
    ),
  ),
  segment: v.optional(v.nullable(id)),
  addresses: v.optional(capped(address, 1024)),
});

const route = v.strictObject({
  to: prefixOrAddress,
  type: v.optional(v.picklist(ROUTE_TYPES)),
  via: v.optional(ipv4),
  dev: v.optional(v.union([ifname, v.literal('lo')])),
  src: v.optional(ipv4),
  metric: v.optional(u32),
  table: v.optional(tableRef),
  onlink: v.optional(v.boolean()),
  scope: v.optional(v.picklist(['global', 'site', 'link', 'host', 'nowhere'])),
});

const rule = v.strictObject({
  pref: v.optional(u32),
  not: v.optional(v.boolean()),
  from: v.optional(prefixOrAddress),
  to: v.optional(prefixOrAddress),
  iif: v.optional(v.union([ifname, v.literal('lo')])),
  oif: v.optional(v.union([ifname, v.literal('lo')])),
  fwmark: v.optional(v.union([v.string(), u32])),
  ipproto: v.optional(v.union([v.string(), u32])),
  sport: v.optional(v.union([v.string(), u32])),
  dport: v.optional(v.union([v.string(), u32])),
  action: v.optional(v.picklist(['lookup', 'blackhole', 'unreachable', 'prohibit', 'goto', 'nop'])),
  table: v.optional(tableRef),
  goto: v.optional(u32),
  suppressPrefixlength: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(32))),
});

const ruleText = v.pipe(v.string(), v.maxLength(4096));
const chain = v.union([
  capped(ruleText, 100000),
  v.strictObject({
    policy: v.optional(v.picklist(['ACCEPT', 'DROP'])),
    rules: v.optional(capped(ruleText, 100000)),
  }),
]);
const chains = v.record(v.string(), chain);

const device = v.strictObject({
  id,
  name: v.optional(v.pipe(v.string(), v.maxLength(200))),
  kind: v.picklist(['host', 'router', 'appliance']),
  role: v.optional(v.picklist(['backup-server', 'production-gateway'])),
  description: v.optional(v.pipe(v.string(), v.maxLength(4000))),
  interfaces: capped(iface, 1024),
  sysctls: v.optional(v.record(v.string(), v.pipe(v.number(), v.integer()))),
  routes: v.optional(capped(route, 100000)),
  rules: v.optional(capped(rule, 10000)),
  defaultRules: v.optional(
    v.strictObject({
      local: v.optional(v.boolean()),
      main: v.optional(v.boolean()),
      default: v.optional(v.boolean()),
    }),
  ),
  iptables: v.optional(
    v.strictObject({
      raw: v.optional(chains),
      mangle: v.optional(chains),
      nat: v.optional(chains),
      filter: v.optional(chains),
      security: v.optional(chains),
    }),
  ),
  proxyNeighbours: v.optional(v.array(v.strictObject({ address: ipv4, dev: ifname }))),
  listen: v.optional(
    v.array(
      v.pipe(
        v.string(),
        v.regex(
          /^(tcp|udp)\/\d{1,5}$/,
          (i) => `"${String(i.input)}" is not a listening socket like "tcp/443" or "udp/53"`,
        ),
      ),
    ),
  ),
});

const vlan = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(4094));
const name = v.pipe(v.string(), v.maxLength(200));

const segment = v.strictObject({
  id,
  name: v.optional(name),
  kind: v.picklist(['production', 'isolated', 'link']),
  vlan: v.optional(vlan),
  description: v.optional(v.pipe(v.string(), v.maxLength(4000))),
  // ProductionNetworkParams (schema v2)
  subnet: v.optional(networkPrefix),
  gateway: v.optional(ipv4),
  dns: v.optional(capped(ipv4, 16)),
});

// --- the virtual-lab design (schema v2): src/engine/vlab/design.ts
const appliance = v.strictObject({
  id,
  name: v.optional(name),
  productionNetwork: id,
  ip: prefixWithLen,
  gateway: v.optional(ipv4),
  dns: v.optional(capped(ipv4, 16)),
  internetProxy: v.optional(
    v.strictObject({
      port: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65535))),
      productionProxy: v.optional(name),
    }),
  ),
  routingBetweenVnics: v.optional(v.boolean()),
});

const isolatedNetwork = v.strictObject({
  segment: id,
  name,
  productionNetwork: id,
  vlan: v.optional(vlan),
  vnicIp: v.optional(prefixWithLen),
  masquerade: v.optional(networkPrefix),
  dhcp: v.optional(v.boolean()),
  dns: v.optional(capped(ipv4, 16)),
});

const staticMapping = v.strictObject({
  productionNetwork: id,
  isolatedIp: ipv4,
  accessIp: ipv4,
  note: v.optional(v.pipe(v.string(), v.maxLength(4000))),
});

const virtualLab = v.strictObject({
  id,
  name,
  mode: v.picklist(['basic-single-host', 'advanced-single-host', 'advanced-multi-host']),
  appliance,
  isolatedNetworks: capped(isolatedNetwork, 64),
  staticMappings: v.optional(capped(staticMapping, 1024)),
  backupServer: id,
  clients: v.optional(capped(id, 1024)),
  clientRoutes: v.optional(v.picklist(['report', 'add'])),
});

/** The lab document of the current schema version (older files are migrated first: migrate.ts). */
export const labSchema = v.strictObject({
  $schema: v.optional(v.string()),
  schemaVersion: v.literal(LAB_SCHEMA_VERSION),
  name,
  description: v.optional(v.pipe(v.string(), v.maxLength(10000))),
  segments: capped(segment, 10000),
  devices: capped(device, 25000),
  virtualLabs: v.optional(capped(virtualLab, 256)),
  layout: v.optional(
    v.record(v.string(), v.strictObject({ x: v.number(), y: v.number(), width: v.optional(v.number()) })),
  ),
});

/** The table names in the schema and the engine agree. */
export const SCHEMA_TABLES = TABLES;

// --- the schema's output type and the engine's document type are the same shape
type Out = v.InferOutput<typeof labSchema>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type DeepMutable<T> = T extends readonly (infer U)[]
  ? DeepMutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: DeepMutable<T[K]> }
    : T;
const _docMatchesSchema: Same<DeepMutable<Out>, DeepMutable<LabDocument>> = true;
void _docMatchesSchema;
