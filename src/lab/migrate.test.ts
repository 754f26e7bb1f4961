/**
 * The migration mechanism (docs/lab-format.md, "Versions"): the chain is tested with a synthetic
 * registry; the real registry must load the frozen fixture of every version.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LAB_SCHEMA_VERSION } from '../engine/lab/format.ts';
import { loadLab } from './load.ts';
import { migrate, migrate1to2, MIGRATIONS, type JsonObject, type Migration } from './migrate.ts';

const FIXTURES = new URL('./__fixtures__/', import.meta.url);
const V1_TEXT = readFileSync(new URL('surebackup-basic.v1.lab.json', FIXTURES), 'utf8');

/** v1 → v2 renames `name` to `title`; v2 → v3 wraps devices in `{ nodes }`. Each logs its call. */
function syntheticRegistry(log: string[]): Record<number, Migration> {
  return {
    1: (d) => {
      log.push(`1→2 saw v${String(d.schemaVersion)}`);
      const { name, ...rest } = d;
      return { ...rest, title: name };
    },
    2: (d) => {
      log.push(`2→3 saw v${String(d.schemaVersion)}`);
      return { ...d, devices: { nodes: d.devices } };
    },
  };
}

const v1 = (): JsonObject => ({ schemaVersion: 1, name: 'lab', segments: [], devices: [{ id: 'a' }] });

describe('migrate (synthetic v1 → v2 → v3 registry)', () => {
  it('applies every step in order and stamps each version', () => {
    const log: string[] = [];
    const r = migrate(v1(), 3, syntheticRegistry(log));
    expect(log).toEqual(['1→2 saw v1', '2→3 saw v2']);
    expect(r).toEqual({
      ok: true,
      from: 1,
      doc: { schemaVersion: 3, title: 'lab', segments: [], devices: { nodes: [{ id: 'a' }] } },
    });
  });

  it('starts from the version the file has', () => {
    const log: string[] = [];
    const r = migrate({ schemaVersion: 2, title: 't', devices: [] }, 3, syntheticRegistry(log));
    expect(log).toEqual(['2→3 saw v2']);
    expect(r).toEqual({ ok: true, from: 2, doc: { schemaVersion: 3, title: 't', devices: { nodes: [] } } });
  });

  it('a file at the current version is passed through untouched', () => {
    const log: string[] = [];
    const doc = { schemaVersion: 3, anything: [1, 2] };
    const r = migrate(doc, 3, syntheticRegistry(log));
    expect(log).toEqual([]);
    expect(r).toEqual({ ok: true, from: 3, doc });
  });

  it('the version is stamped even when a migration forgets or gets it wrong', () => {
    const r = migrate({ schemaVersion: 1 }, 3, {
      1: ({ schemaVersion: _, ...d }) => d,
      2: (d) => ({ ...d, schemaVersion: 99 }),
    });
    expect(r.ok && r.doc.schemaVersion).toBe(3);
  });

  it('does not change the input document', () => {
    const doc = v1();
    const copy = structuredClone(doc);
    migrate(doc, 3, syntheticRegistry([]));
    expect(doc).toEqual(copy);
  });

  it('a missing step is a clear error, not a half-migrated document', () => {
    const log: string[] = [];
    const { 1: first } = syntheticRegistry(log);
    expect(migrate(v1(), 3, { 1: first! })).toEqual({
      ok: false,
      issue: { path: 'schemaVersion', message: 'no migration from schema version 2 to 3', severity: 'error' },
    });
    expect(migrate(v1(), 3, {})).toEqual({
      ok: false,
      issue: { path: 'schemaVersion', message: 'no migration from schema version 1 to 2', severity: 'error' },
    });
  });

  it('a newer version is refused, with a message saying so', () => {
    expect(migrate({ schemaVersion: 4 }, 3, syntheticRegistry([]))).toEqual({
      ok: false,
      issue: {
        path: 'schemaVersion',
        message:
          'this lab was written by a newer natlab (schema version 4; this natlab reads up to 3): update natlab to open it',
        severity: 'error',
      },
    });
  });

  it.each<[unknown, string, string]>([
    [[], '', 'a lab file is a JSON object, not an array'],
    [null, '', 'a lab file is a JSON object, not null'],
    ['x', '', 'a lab file is a JSON object, not string'],
    [{}, 'schemaVersion', 'missing: this does not look like a natlab lab file (it needs "schemaVersion")'],
    [{ schemaVersion: 0 }, 'schemaVersion', '0 is not a schema version (a positive integer)'],
    [{ schemaVersion: -1 }, 'schemaVersion', '-1 is not a schema version (a positive integer)'],
    [{ schemaVersion: 1.5 }, 'schemaVersion', '1.5 is not a schema version (a positive integer)'],
    [{ schemaVersion: '2' }, 'schemaVersion', '"2" is not a schema version (a positive integer)'],
    [{ schemaVersion: [1] }, 'schemaVersion', '[1] is not a schema version (a positive integer)'],
  ])('refuses %j', (input, path, message) => {
    expect(migrate(input, 3, syntheticRegistry([]))).toEqual({
      ok: false,
      issue: { path, message, severity: 'error' },
    });
  });
});

describe('the real registry', () => {
  it('has a migration from every older version to the next', () => {
    for (let v = 1; v < LAB_SCHEMA_VERSION; v++)
      expect(MIGRATIONS[v], `migration ${v} → ${v + 1}`).toBeDefined();
    expect(Object.keys(MIGRATIONS).map(Number).sort()).toEqual(
      Array.from({ length: LAB_SCHEMA_VERSION - 1 }, (_, i) => i + 1),
    );
  });

  it('every registered migration has a frozen fixture of the version it upgrades from', () => {
    const fixtures = readdirSync(FIXTURES);
    for (let v = 1; v <= LAB_SCHEMA_VERSION; v++)
      expect(
        fixtures.some((f) => f.endsWith(`.v${v}.lab.json`)),
        `src/lab/__fixtures__/*.v${v}.lab.json`,
      ).toBe(true);
  });

  it('loads the frozen v1 seed lab: the same document at version 2', () => {
    const frozen = JSON.parse(V1_TEXT) as JsonObject;
    expect(frozen.schemaVersion).toBe(1);
    const m = migrate(structuredClone(frozen));
    expect(m).toEqual({
      ok: true,
      from: 1,
      doc: { ...frozen, schemaVersion: 2 },
    });
    const r = loadLab(V1_TEXT);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.fromVersion).toBe(1);
    expect(r.warnings).toEqual([]);
    expect(r.doc).toEqual(m.ok && m.doc);
    expect(r.expanded).toBe(r.doc);
    expect(r.network.devices.map((d) => d.id)).toEqual(['gateway', 'vbs', 'sf0006', 'vlab', 'sf0006-copy']);
  });

  it('loads the frozen v2 seed lab (a virtual-lab design) unchanged, and expands it', () => {
    const text = readFileSync(new URL('surebackup-basic.v2.lab.json', FIXTURES), 'utf8');
    const frozen = JSON.parse(text) as JsonObject;
    expect(migrate(structuredClone(frozen))).toEqual({ ok: true, from: 2, doc: frozen });
    const r = loadLab(text);
    if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
    expect(r.fromVersion).toBe(2);
    expect(r.doc).toEqual(frozen);
    expect(r.expanded.virtualLabs).toBeUndefined();
    expect(r.network.devices.map((d) => d.id)).toEqual(['gateway', 'vbs', 'sf0006', 'sf0006-copy', 'vlab']);
  });
});

describe('migration 1 → 2', () => {
  it('keeps every field: version 2 only adds optional ones', () => {
    const doc = { schemaVersion: 1, name: 'x', segments: [{ id: 's', kind: 'link' }], devices: [] };
    expect(migrate1to2(doc)).toEqual(doc);
    expect(migrate1to2(doc)).not.toBe(doc);
  });

  it.each([
    ['../schema/natlab-lab-v1.schema.json', '../schema/natlab-lab-v2.schema.json'],
    ['natlab-lab-v1.schema.json', 'natlab-lab-v2.schema.json'],
    ['https://example.org/s/natlab-lab-v1.schema.json', 'https://example.org/s/natlab-lab-v2.schema.json'],
    ['./my-own-schema.json', './my-own-schema.json'],
    ['../schema/not-natlab-lab-v1.schema.json', '../schema/not-natlab-lab-v1.schema.json'],
  ])('$schema %s → %s', (from, to) => {
    expect(migrate1to2({ schemaVersion: 1, $schema: from }).$schema).toBe(to);
  });

  it('a $schema that is not a string is left for validation to refuse', () => {
    expect(migrate1to2({ $schema: 5 }).$schema).toBe(5);
  });
});
