import { describe, expect, it } from 'vitest';
import { applyPatch, type Diagnostic } from '../../engine/vlab/lint/index.ts';
import { dmzDesign, host, seedDesign, type Doc } from '../../engine/vlab/lint/lint.test-support.ts';
import { cli, DRAWN_SEED, SEED, seedDoc } from '../cli.test-support.ts';
import { LINT_HELP } from './lint.ts';

const lintDoc = (doc: unknown, ...extra: string[]) =>
  cli(['lint', 'lab.lab.json', ...extra], { 'lab.lab.json': JSON.stringify(doc) });

/** The seed design with its masquerade network on top of the production network. */
function overlapping(): Doc {
  const d = seedDesign();
  d.virtualLabs[0]!.isolatedNetworks[0]!.masquerade = '192.168.149.0/24';
  return d;
}

describe('natlab lint', () => {
  it('a clean design: one summary line, exit 0', () => {
    expect(lintDoc(seedDesign())).toEqual({
      code: 0,
      stdout: 'lab.lab.json: no problems found\n',
      stderr: '',
    });
  });

  it('the example lab (a design) and the same lab drawn by hand are clean', () => {
    expect(cli(['lint', SEED])).toMatchObject({ code: 0, stdout: `${SEED}: no problems found\n` });
    expect(cli(['lint', DRAWN_SEED])).toMatchObject({
      code: 0,
      stdout: `${DRAWN_SEED}: no problems found\n`,
    });
  });

  it('prints one line per diagnostic, then why and the fix; exit 1 on errors', () => {
    const r = lintDoc(overlapping());
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(
      'error VL-05 virtualLabs[0].isolatedNetworks[0].masquerade: The masquerade network 192.168.149.0/24 of isolated network "vLab VM Network" overlaps production network "prod" (192.168.149.0/24).',
    );
    expect(lines[1]).toMatch(/^ {4}why: \[R0\] Dewin, SureBackup network deep dive: /);
    expect(lines.slice(2, 4)).toEqual([
      '    fix: Use 192.168.150.0/24 as the masquerade network (unused in this lab)',
      '      replace /virtualLabs/0/isolatedNetworks/0/masquerade "192.168.150.0/24"',
    ]);
    expect(lines.at(-2)).toBe('lab.lab.json: 1 error, 0 warnings, 0 infos');
  });

  it('warnings and infos alone exit 0', () => {
    const d = dmzDesign();
    d.devices[0]!.routes = [{ to: '192.168.161.0/24', via: '192.168.149.50' }];
    d.devices.push(host('ops', 'prod', '192.168.149.30/24') as never);
    d.virtualLabs[0]!.clients = ['ops'];
    const r = lintDoc(d);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter((l) => /^\S/.test(l))).toEqual([
      expect.stringMatching(/^warning VL-02 virtualLabs\[0\]\.clients\[0\]: Client ops has no route /),
      expect.stringMatching(/^info VL-24 virtualLabs\[0\]\.appliance\.productionNetwork: /),
      'lab.lab.json: 0 errors, 1 warning, 1 info',
    ]);
  });

  it('--json: the diagnostics with their fixes as JSON Patch; applying a fix removes the diagnostic', () => {
    const doc = overlapping();
    const r = lintDoc(doc, '--json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as {
      file: string;
      valid: boolean;
      summary: object;
      diagnostics: Diagnostic[];
    };
    expect(Object.keys(j)).toEqual(['file', 'valid', 'summary', 'diagnostics']);
    expect(j).toMatchObject({
      file: 'lab.lab.json',
      valid: true,
      summary: { error: 1, warning: 0, info: 0 },
    });
    const [d] = j.diagnostics;
    expect(Object.keys(d!)).toEqual(['code', 'severity', 'message', 'why', 'paths', 'fix']);
    const fixed = applyPatch(doc, d!.fix!.patch);
    expect(fixed.ok).toBe(true);
    if (fixed.ok) expect(lintDoc(fixed.value).code).toBe(0);
  });

  it('an invalid lab: the loader errors, and what the design rules say about it; exit 1', () => {
    const d = seedDesign();
    d.segments[1]!.kind = 'production';
    const r = lintDoc(d);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'error VL-22 virtualLabs[0].isolatedNetworks[0].segment: Isolated network "vLab VM Network" uses segment "iso", which is a production segment (one with uplinks).',
    );
    // the loader's own message for the same field is left out: the lint diagnostic explains it
    expect(r.stdout).not.toContain('LAB-01');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(
      'lab.lab.json: 1 error, 0 warnings, 0 infos (the lab is invalid)',
    );
    expect(JSON.parse(lintDoc(d, '--json').stdout).valid).toBe(false);
  });

  it('NETMAP in the mangle table: iptables refuses it, the linter says why (VL-23)', () => {
    const doc = seedDoc();
    const vlab = doc.devices.find((x) => x.id === 'vlab')! as unknown as {
      iptables: { mangle: { PREROUTING: string[] } };
    };
    vlab.iptables.mangle.PREROUTING.push('-i eth0 -d 192.168.150.0/24 -j NETMAP --to 192.168.149.0/24');
    const r = lintDoc(doc);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^error VL-23 devices\[3\]\.iptables\.mangle\.PREROUTING\[1\]: NETMAP outside the nat table: /,
    );
    expect(r.stdout).toContain('[L4]');
  });

  it('not JSON: LAB-01', () => {
    const r = cli(['lint', 'x.lab.json'], { 'x.lab.json': '{ nope' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^error LAB-01: not valid JSON/);
  });

  it('a missing file', () => {
    expect(cli(['lint', 'nope.lab.json'])).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'natlab: nope.lab.json: no such file\n',
    });
  });

  it.each([
    [['lint'], 'exactly one LAB'],
    [['lint', SEED, SEED], 'exactly one LAB'],
    [['lint', SEED, '--fix'], "Unknown option '--fix'"],
  ])('usage errors exit 2: %j', (argv, msg) => {
    const r = cli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(msg);
  });

  it('--help and natlab help lint', () => {
    expect(cli(['lint', '--help'])).toEqual({ code: 0, stdout: LINT_HELP, stderr: '' });
    expect(cli(['help', 'lint']).stdout).toBe(LINT_HELP);
    expect(cli(['--help']).stdout).toContain('natlab lint LAB [--json]');
  });
});
