/** Hostile strings and huge inputs: never a crash, never a runaway message. */
import { describe, expect, it } from 'vitest';
import { loadLab, loadLabValue } from './load.ts';
import {
  SEED_TEXT,
  seed,
  type Raw,
  loadEdited,
  errorsOf,
  errorsOfText,
  loadChecked,
  HOSTILE,
  UNKNOWN,
} from './load.test-support.ts';

describe('hostile strings', () => {
  it('display names and descriptions may contain anything (up to their length limits)', () => {
    for (const s of HOSTILE) {
      const r = loadEdited((d) => {
        d.name = s;
        d.description = s;
        d.segments[0].name = s;
        d.segments[0].description = s;
        d.devices[0].name = s;
        d.devices[0].description = s;
      });
      expect(r.ok, JSON.stringify(s)).toBe(true);
      if (r.ok) {
        expect(r.network.name).toBe(s);
        expect(r.network.byId.get('gateway')!.name).toBe(s);
        expect(r.network.segments.get('prod')!.name).toBe(s);
      }
    }
  });

  it('hostile strings in every other string field are refused, each at its path', () => {
    const fields: [string, (d: Raw, s: string) => void][] = [
      ['devices[0].id', (d, s) => (d.devices[0].id = s)],
      ['segments[0].id', (d, s) => (d.segments[0].id = s)],
      ['devices[0].interfaces[0].name', (d, s) => (d.devices[0].interfaces[0].name = s)],
      ['devices[0].interfaces[0].mac', (d, s) => (d.devices[0].interfaces[0].mac = s)],
      ['devices[0].interfaces[0].segment', (d, s) => (d.devices[0].interfaces[0].segment = s)],
      ['devices[0].interfaces[0].addresses[0]', (d, s) => (d.devices[0].interfaces[0].addresses = [s])],
      ['devices[1].routes[0].to', (d, s) => (d.devices[1].routes[0].to = s)],
      ['devices[1].routes[0].via', (d, s) => (d.devices[1].routes[0].via = s)],
      ['devices[1].routes[0].dev', (d, s) => (d.devices[1].routes[0].dev = s)],
      ['devices[3].rules[0].fwmark', (d, s) => (d.devices[3].rules[0].fwmark = s)],
      ['devices[3].rules[0].iif', (d, s) => (d.devices[3].rules[0].iif = s)],
      ['devices[0].listen[0]', (d, s) => (d.devices[0].listen = [s])],
      ['devices[0].sysctls', (d, s) => (d.devices[0].sysctls = { [s]: 1 })],
    ];
    for (const s of HOSTILE.filter((x) => x !== 'NATLAB_IPTABLES_EOF'))
      // a valid id
      for (const [path, edit] of fields) {
        const d = seed();
        edit(d, s);
        const r = loadChecked(d);
        expect(r.ok, `${path} = ${JSON.stringify(s)}`).toBe(false);
        if (!r.ok) expect(r.issues.some((i) => i.path.startsWith(path))).toBe(true);
      }
  });

  it('10 MB strings anywhere: refused or ignored quickly, with short messages', () => {
    const big = 'A'.repeat(10 * 1024 * 1024);
    const fields: [string, (d: Raw) => void][] = [
      ['name', (d) => (d.name = big)],
      ['description', (d) => (d.description = big)],
      ['devices[0].name', (d) => (d.devices[0].name = big)],
      ['devices[0].id', (d) => (d.devices[0].id = big)],
      ['devices[0].interfaces[0].name', (d) => (d.devices[0].interfaces[0].name = big)],
      ['devices[0].interfaces[0].mac', (d) => (d.devices[0].interfaces[0].mac = big)],
      ['devices[0].interfaces[0].addresses[0]', (d) => (d.devices[0].interfaces[0].addresses = [big])],
      ['devices[1].routes[0].to', (d) => (d.devices[1].routes[0].to = big)],
      ['devices[3].rules[0].fwmark', (d) => (d.devices[3].rules[0].fwmark = big)],
      ['devices[0].sysctls', (d) => (d.devices[0].sysctls = { [big]: 1 })],
      ['devices[3].iptables.nat', (d) => (d.devices[3].iptables.nat[big] = [])],
      ['devices[3].iptables.nat.PREROUTING[0]', (d) => (d.devices[3].iptables.nat.PREROUTING = [big])],
      ['layout', (d) => (d.layout[big] = { x: 0, y: 0 })],
      [`["${big.slice(0, 40)}`, (d) => (d[big] = 1)],
    ];
    for (const [path, edit] of fields) {
      const d = seed();
      edit(d);
      const r = loadChecked(d);
      const list = r.ok ? r.warnings : r.issues;
      expect(list.length, path).toBeGreaterThan(0);
      expect(list[0]!.path.startsWith(path.slice(0, 60)), `${path}: ${list[0]!.path.slice(0, 100)}`).toBe(
        true,
      );
    }
  });

  it('deeply nested junk', () => {
    const deep = `${'['.repeat(100000)}${']'.repeat(100000)}`;
    const deepObj = `${'{"a":'.repeat(100000)}1${'}'.repeat(100000)}`;
    expect(errorsOfText(deep)).toEqual(['a lab file is a JSON object, not an array']);
    expect(errorsOfText(SEED_TEXT.replace('"devices": [', `"junk": ${deepObj}, "devices": [`))).toEqual([
      `junk: ${UNKNOWN}`,
    ]);
    expect(errorsOfText(SEED_TEXT.replace('"interfaces": [', `"interfaces": [${deep}, `))[0]).toBe(
      'devices[0].interfaces[0]: expected Object, got an array',
    );
    expect(errorsOfText(SEED_TEXT.replace('"segments": [', `"segments": [${deepObj}, `))[0]).toMatch(
      /^segments\[0\]\.(id|kind|a): /,
    );
    expect(errorsOfText('['.repeat(500000))).toEqual([
      'not valid JSON: unexpected end of the file (expected a value) at line 1, column 500001',
    ]);
    let v: unknown = 1;
    for (let i = 0; i < 100000; i++) v = { a: [v] };
    const lab = { ...seed(), description: v };
    expect(errorsOf(loadLabValue(lab))).toEqual(['description: expected string, got an object']);
  });

  const longJumpChain = () => {
    const chains: Record<string, string[]> = { INPUT: ['-j C0'] };
    for (let i = 0; i < 20000; i++) chains[`C${i}`] = i + 1 < 20000 ? [`-j C${i + 1}`] : [];
    const d = seed();
    d.devices[0].iptables = { filter: chains };
    return JSON.stringify(d);
  };

  it('a jump chain thousands of chains long does not crash the loader', () => {
    const r = loadLab(longJumpChain());
    expect(r.ok || r.issues.length > 0).toBe(true);
  });

  it('a jump chain thousands of chains long is checked like any other ruleset (no recursion)', () => {
    const r = loadLab(longJumpChain());
    expect(r.ok).toBe(true);
  });

  it('thousands of routes on a device load (compile speed is measured by npm run bench, not here)', () => {
    const d = seed();
    d.devices[0].routes = Array.from({ length: 5000 }, (_, i) => ({
      to: `10.${i >> 8}.${i & 255}.0/24`,
      via: '192.168.149.9',
    }));
    expect(loadChecked(d).ok).toBe(true);
  });
});
