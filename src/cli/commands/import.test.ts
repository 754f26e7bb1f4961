import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadLabValue } from '../../lab/load.ts';
import { cli, SEED } from '../cli.test-support.ts';
import { UsageError, type CliIo } from '../io.ts';
import { isLabScript } from '../load-lab.ts';
import { importCommand } from './import.ts';

const SELFTEST = readFileSync(
  new URL('../../engine/import/__fixtures__/selftest-style.sh', import.meta.url),
  'utf8',
);

function run(args: string[], files: Record<string, string>) {
  const out = { stdout: '', stderr: '' };
  const io: CliIo = {
    stdout: (s) => (out.stdout += s),
    stderr: (s) => (out.stderr += s),
    readFile: (p) => {
      if (p in files) return files[p]!;
      throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    },
    now: () => new Date(2026, 10, 21, 11, 19, 36),
  };
  return { code: importCommand(args, io), ...out };
}

describe('natlab import SCRIPT', () => {
  it('prints the lab document, pretty, with "$schema" first', () => {
    const r = run(['lab/nat-router.sh'], { 'lab/nat-router.sh': SELFTEST });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n').slice(0, 4)).toEqual([
      '{',
      '  "$schema": "../schema/natlab-lab-v2.schema.json",',
      '  "schemaVersion": 2,',
      '  "name": "nat-router",',
    ]);
    const doc: unknown = JSON.parse(r.stdout);
    const loaded = loadLabValue(doc);
    expect(loaded.ok && loaded.network.devices.map((d) => d.id)).toEqual(['ns1', 'r1', 'ns2', 'ns3']);
  });

  it('--name and --schema', () => {
    const r = run(['x.sh', '--name', 'Mine', '--schema', 'https://example.org/s.json'], { 'x.sh': SELFTEST });
    expect(JSON.parse(r.stdout)).toMatchObject({ $schema: 'https://example.org/s.json', name: 'Mine' });
  });

  it('exit 1 with SCRIPT:LINE: message and the command', () => {
    const r = run(['bad.sh'], {
      'bad.sh':
        'set -e\nip netns add a\nfor n in a b; do ip -n $n link set lo up; done\nip addr add 10.0.0.1/24 dev lo\n',
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      [
        'bad.sh:3: loops (for) are not supported: write each command out',
        '    for n in a b',
        'bad.sh:4: lab scripts must build namespaces; this command would change the host (run it with "ip -n NS …" or "ip netns exec NS …")',
        '    ip addr add 10.0.0.1/24 dev lo',
        '',
      ].join('\n'),
    );
  });

  it('warnings go to stderr, the document to stdout', () => {
    const r = run(['w.sh'], { 'w.sh': 'ip netns add a\nip -n a link set lo up\necho done\n' });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'w.sh:3: warning: skipped: echo only shows or waits, it builds nothing\n    echo done\n',
    );
  });

  it('exit 1 when the file cannot be read; usage errors are thrown for main (exit 2)', () => {
    expect(run(['missing.sh'], {})).toMatchObject({ code: 1, stderr: 'natlab: missing.sh: no such file\n' });
    expect(() => run([], {})).toThrow(UsageError);
    expect(() => run(['a.sh', 'b.sh'], {})).toThrow(UsageError);
    expect(() => run(['--bogus', 'a.sh'], {})).toThrow(/bogus/);
    expect(run(['--help'], {})).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('usage: natlab import SCRIPT'),
    });
  });
});

describe('every command accepts a script as LAB', () => {
  it('trace through a script, without converting it first', () => {
    const r = cli(
      ['trace', 'nat.sh', '--from', 'ns1', '--to', '203.0.113.10', '--proto', 'tcp', '--dport', '80'],
      {
        'nat.sh': SELFTEST,
      },
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('=> delivered to ns2, seen as 192.0.2.1 > 203.0.113.10');
  });

  it('a script that cannot be imported: FILE:LINE: message, exit 1', () => {
    const r = cli(['check', 'lab.sh'], { 'lab.sh': 'ip netns add a\nP=kt-\n' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('natlab: lab.sh: the script cannot be imported (1 problem):\n');
    expect(r.stderr).toContain(
      'lab.sh:2: variables are not supported: write the value itself where it is used (P=…)\n',
    );
  });

  it('what the kernel or the compiler refuses is reported on the script line', () => {
    const r = cli(['check', 'gw'], {
      gw: 'ip netns add a\nip -n a link add d0 type dummy\nip -n a link set d0 up\n\nip -n a route add 10.8.0.0/24 via 10.9.9.9\n',
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('gw:5: this command fails on Linux: Error: Nexthop has invalid gateway.\n');
    // the route is fine on Linux (its gateway was reachable then), but a lab document adds rules first
    const c = cli(['check', 'gw2'], {
      gw2: 'ip netns add a\nip -n a link add d0 type dummy\nip -n a link set d0 up\nip -n a addr add 10.9.9.1/24 dev d0\nip -n a route add 10.8.0.0/24 via 10.9.9.9\nip -n a rule add to 10.9.9.9 blackhole pref 5\n',
    });
    expect(c.code).toBe(1);
    expect(c.stderr).toContain('gw2:5: ip route add 10.8.0.0/24 via 10.9.9.9: natlab cannot hold this route');
  });

  it('JSON labs are read as before', () => {
    expect(cli(['check', SEED]).code).toBe(0);
  });

  it.each([
    ['lab.sh', '{', true],
    ['lab.json', '#!/bin/bash\n', true],
    ['lab', 'ip netns add a', true],
    ['lab.json', '\uFEFF\n  { "schemaVersion": 1 }', false],
    ['lab.lab.json', '', false],
  ])('isLabScript(%j, %j) = %j', (file, text, want) => {
    expect(isLabScript(file, text)).toBe(want);
  });
});
