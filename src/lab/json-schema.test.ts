/**
 * public/schema/natlab-lab-v2.schema.json: generated from the valibot schema by
 * scripts/gen-json-schema.ts, so it must be byte-for-byte what the script writes now (it cannot go
 * stale), and the seed lab must validate against it. No JSON Schema library: a small validator for the
 * keywords the generated schema uses, which fails if the schema starts using any other keyword.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LAB_SCHEMA_VERSION } from '../engine/lab/format.ts';
import { validateDocument } from './load.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCHEMA_PATH = new URL(
  `../../public/schema/natlab-lab-v${LAB_SCHEMA_VERSION}.schema.json`,
  import.meta.url,
);
const SCHEMA_TEXT = readFileSync(SCHEMA_PATH, 'utf8');
const SCHEMA = JSON.parse(SCHEMA_TEXT) as Schema;
const SEED_TEXT = readFileSync(
  new URL('../../public/labs/surebackup-basic.lab.json', import.meta.url),
  'utf8',
);
const seed = () => JSON.parse(SEED_TEXT);
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as unknown;

interface Schema {
  $schema?: string;
  $id?: string;
  title?: string;
  description?: string;
  type?: string;
  const?: unknown;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  maxItems?: number;
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  propertyNames?: Schema;
  items?: Schema;
  anyOf?: Schema[];
}
const KNOWN_KEYWORDS = new Set([
  '$schema',
  '$id',
  'title',
  'description',
  'type',
  'const',
  'enum',
  'pattern',
  'minimum',
  'maximum',
  'maxLength',
  'maxItems',
  'required',
  'properties',
  'additionalProperties',
  'propertyNames',
  'items',
  'anyOf',
]);

function keywords(s: Schema, out = new Set<string>()): Set<string> {
  for (const k of Object.keys(s)) out.add(k);
  for (const p of Object.values(s.properties ?? {})) keywords(p, out);
  for (const sub of [s.items, s.propertyNames, s.additionalProperties, ...(s.anyOf ?? [])])
    if (typeof sub === 'object') keywords(sub, out);
  return out;
}

const typeOf = (x: unknown): string =>
  x === null ? 'null' : Array.isArray(x) ? 'array' : typeof x === 'object' ? 'object' : typeof x;

/** JSON Schema (draft-07, the keywords above) validation: the list of problems, each with a path. */
function validate(s: Schema, x: unknown, path = '$'): string[] {
  const out: string[] = [];
  if (s.anyOf) {
    const ok = s.anyOf.some((sub) => validate(sub, x, path).length === 0);
    if (!ok) out.push(`${path}: matches none of anyOf`);
  }
  if (s.type !== undefined) {
    const t = typeOf(x);
    const ok =
      s.type === t ||
      (s.type === 'integer' && typeof x === 'number' && Number.isInteger(x)) ||
      (s.type === 'number' && typeof x === 'number');
    if (!ok) return [...out, `${path}: not ${s.type}`];
  }
  if ('const' in s && x !== s.const) out.push(`${path}: not ${JSON.stringify(s.const)}`);
  if (s.enum && !s.enum.includes(x)) out.push(`${path}: not one of ${JSON.stringify(s.enum)}`);
  if (typeof x === 'string') {
    if (s.pattern !== undefined && !new RegExp(s.pattern, 'u').test(x))
      out.push(`${path}: does not match ${s.pattern}`);
    if (s.maxLength !== undefined && [...x].length > s.maxLength)
      out.push(`${path}: longer than ${s.maxLength}`);
  }
  if (typeof x === 'number') {
    if (s.minimum !== undefined && x < s.minimum) out.push(`${path}: < ${s.minimum}`);
    if (s.maximum !== undefined && x > s.maximum) out.push(`${path}: > ${s.maximum}`);
  }
  if (Array.isArray(x) && s.maxItems !== undefined && x.length > s.maxItems)
    out.push(`${path}: more than ${s.maxItems} items`);
  if (Array.isArray(x) && s.items) x.forEach((v, i) => out.push(...validate(s.items!, v, `${path}[${i}]`)));
  if (typeOf(x) === 'object') {
    const o = x as Record<string, unknown>;
    for (const k of s.required ?? [])
      if (!Object.prototype.hasOwnProperty.call(o, k)) out.push(`${path}: no ${k}`);
    for (const [k, v] of Object.entries(o)) {
      if (s.propertyNames) out.push(...validate(s.propertyNames, k, `${path} key ${JSON.stringify(k)}`));
      const p = s.properties?.[k];
      if (p) out.push(...validate(p, v, `${path}.${k}`));
      else if (s.additionalProperties === false) out.push(`${path}: unknown ${JSON.stringify(k)}`);
      else if (typeof s.additionalProperties === 'object')
        out.push(...validate(s.additionalProperties, v, `${path}.${k}`));
    }
  }
  return out;
}

describe(`public/schema/natlab-lab-v${LAB_SCHEMA_VERSION}.schema.json`, () => {
  it('is exactly what scripts/gen-json-schema.ts generates (run `npm run schema` after changing src/lab/schema.ts)', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/gen-json-schema.ts', '--stdout'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout === SCHEMA_TEXT, 'the committed schema is stale: run npm run schema').toBe(true);
  }, 60000);

  it('says what it is', () => {
    expect(SCHEMA.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(SCHEMA.$id).toBe(`urn:natlab:lab:v${LAB_SCHEMA_VERSION}`);
    expect(SCHEMA.title).toMatch(/natlab lab file/);
    expect(SCHEMA.description).toMatch(/docs\/lab-format\.md/);
  });

  it('uses only keywords this test understands', () => {
    expect([...keywords(SCHEMA)].filter((k) => !KNOWN_KEYWORDS.has(k))).toEqual([]);
  });

  it('keeps the structure, enums, patterns and ranges of the valibot schema', () => {
    expect(SCHEMA.required).toEqual(['schemaVersion', 'name', 'segments', 'devices']);
    expect(SCHEMA.additionalProperties).toBe(false);
    expect(SCHEMA.properties!.schemaVersion).toEqual({ const: 2 });
    const segment = SCHEMA.properties!.segments!.items!;
    expect(segment.required).toEqual(['id', 'kind']);
    expect(segment.properties!.kind!.enum).toEqual(['production', 'isolated', 'link']);
    expect(segment.properties!.vlan).toEqual({ type: 'integer', minimum: 0, maximum: 4094 });
    const device = SCHEMA.properties!.devices!.items!;
    expect(device.required).toEqual(['id', 'kind', 'interfaces']);
    expect(device.properties!.id!.pattern).toBe('^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$');
    expect(device.properties!.kind!.enum).toEqual(['host', 'router', 'appliance']);
    const iface = device.properties!.interfaces!.items!;
    expect(iface.properties!.name!.pattern).toBe('^[A-Za-z0-9_.-]{1,15}$');
    expect(device.properties!.routes!.items!.properties!.metric).toEqual({
      type: 'integer',
      minimum: 0,
      maximum: 4294967295,
    });
    expect(Object.keys(device.properties!.iptables!.properties!)).toEqual([
      'raw',
      'mangle',
      'nat',
      'filter',
      'security',
    ]);
    // schema v2: production network parameters and the virtual-lab design
    expect(Object.keys(segment.properties!)).toEqual([
      'id',
      'name',
      'kind',
      'vlan',
      'description',
      'subnet',
      'gateway',
      'dns',
    ]);
    const lab = SCHEMA.properties!.virtualLabs!.items!;
    expect(lab.required).toEqual(['id', 'name', 'mode', 'appliance', 'isolatedNetworks', 'backupServer']);
    expect(lab.properties!.mode!.enum).toEqual([
      'basic-single-host',
      'advanced-single-host',
      'advanced-multi-host',
    ]);
    expect(lab.properties!.clientRoutes!.enum).toEqual(['report', 'add']);
    expect(lab.properties!.appliance!.required).toEqual(['id', 'productionNetwork', 'ip']);
    const iso = lab.properties!.isolatedNetworks!;
    expect(iso.maxItems).toBe(64);
    expect(iso.items!.required).toEqual(['segment', 'name', 'productionNetwork']);
    expect(iso.items!.properties!.vlan).toEqual({ type: 'integer', minimum: 0, maximum: 4094 });
    expect(lab.properties!.staticMappings!.items!.required).toEqual([
      'productionNetwork',
      'isolatedIp',
      'accessIp',
    ]);
  });

  it('the seed lab and the frozen fixture of this version validate against it', () => {
    expect(validate(SCHEMA, seed())).toEqual([]);
    expect(validate(SCHEMA, fixture(`surebackup-basic.v${LAB_SCHEMA_VERSION}.lab.json`))).toEqual([]);
    expect(validate(SCHEMA, { ...seed(), $schema: '../schema/natlab-lab-v2.schema.json' })).toEqual([]);
  });

  it('the JSON Schema of version 1 stays, for files that still point at it, and fits the v1 fixture', () => {
    const v1 = JSON.parse(
      readFileSync(new URL('../../public/schema/natlab-lab-v1.schema.json', import.meta.url), 'utf8'),
    ) as Schema;
    expect(validate(v1, fixture('surebackup-basic.v1.lab.json'))).toEqual([]);
    expect(validate(v1, seed())).toContain('$: unknown "virtualLabs"');
  });

  it('refuses what it can express: unknown fields, missing fields, bad enums, ids, ranges', () => {
    const broken = (edit: (d: ReturnType<typeof seed>) => void) => {
      const d = seed();
      edit(d);
      return validate(SCHEMA, d);
    };
    expect(broken((d) => (d.extra = 1))).toEqual(['$: unknown "extra"']);
    expect(broken((d) => delete d.devices)).toEqual(['$: no devices']);
    expect(broken((d) => (d.schemaVersion = 1))).toEqual(['$.schemaVersion: not 2']);
    expect(broken((d) => (d.devices[0].kind = 'toaster'))).toEqual([
      '$.devices[0].kind: not one of ["host","router","appliance"]',
    ]);
    expect(broken((d) => (d.devices[0].id = 'bad id'))).toEqual([
      '$.devices[0].id: does not match ^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$',
    ]);
    expect(broken((d) => (d.devices[0].interfaces[0].name = 'abcdefghijklmnop'))).toEqual([
      '$.devices[0].interfaces[0].name: does not match ^[A-Za-z0-9_.-]{1,15}$',
    ]);
    expect(broken((d) => (d.segments[0].vlan = 4095))).toEqual(['$.segments[0].vlan: > 4094']);
    expect(broken((d) => (d.devices[0].sysctls = { 'net.ipv4.ip_forward': 0.5 }))).toEqual([
      '$.devices[0].sysctls.net.ipv4.ip_forward: not integer',
    ]);
    expect(broken((d) => (d.virtualLabs[0].mode = 'basic'))).toEqual([
      '$.virtualLabs[0].mode: not one of ["basic-single-host","advanced-single-host","advanced-multi-host"]',
    ]);
    expect(broken((d) => (d.virtualLabs[0].isolatedNetworks[0].vlan = 4095))).toEqual([
      '$.virtualLabs[0].isolatedNetworks[0].vlan: > 4094',
    ]);
    expect(broken((d) => delete d.virtualLabs[0].appliance.ip)).toEqual([
      '$.virtualLabs[0].appliance: no ip',
    ]);
  });

  it('never refuses a lab natlab accepts (property, over mutated seed labs)', () => {
    const edits = fc.array(
      fc.tuple(
        fc.constantFrom('devices', 'segments', 'layout', 'sysctls', 'routes', 'addresses', 'design'),
        fc.jsonValue({ maxDepth: 2 }),
      ),
      { maxLength: 3 },
    );
    let accepted = 0;
    fc.assert(
      fc.property(edits, (es) => {
        const d = seed();
        for (const [where, value] of es) {
          if (where === 'devices') d.devices[0].description = value;
          if (where === 'segments') d.segments[0].vlan = value;
          if (where === 'layout') d.layout.prod.width = value;
          if (where === 'sysctls') d.devices[0].sysctls = { 'net.ipv4.conf.all.rp_filter': value };
          if (where === 'routes') d.devices[1].routes[0].metric = value;
          if (where === 'addresses') d.devices[0].interfaces[0].addresses = [value];
          if (where === 'design') d.virtualLabs[0].isolatedNetworks[0].vlan = value;
        }
        if (validateDocument(d).ok) {
          accepted++;
          expect(validate(SCHEMA, d)).toEqual([]);
        }
      }),
      { numRuns: 1000 },
    );
    expect(accepted).toBeGreaterThan(10);
  });
});
