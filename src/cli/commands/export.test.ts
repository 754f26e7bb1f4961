import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli, DRAWN_SEED, SEED } from '../cli.test-support.ts';
import { EXPORT_HELP } from './export.ts';

const golden = (name: string) =>
  readFileSync(new URL(`../../engine/export/__golden__/${name}`, import.meta.url), 'utf8');
const GOLDEN = golden('surebackup-basic.netns.sh');
/** The seed design expanded: the drawn devices, then the generated appliance. */
const DEVICES = 'devices: gateway, vbs, sf0006, sf0006-copy, vlab';

describe('natlab export', () => {
  it('prints the namespace script of the lab (the exporter’s golden file, of the drawn seed)', () => {
    expect(cli(['export', DRAWN_SEED, '--format', 'netns-script'])).toEqual({
      code: 0,
      stdout: GOLDEN,
      stderr: '',
    });
    expect(cli(['export', DRAWN_SEED]).stdout).toBe(GOLDEN); // netns-script is the default
  });

  it('--prefix names the namespaces', () => {
    const r = cli(['export', SEED, '--prefix', 'ws1-']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'NSS=(ws1-prod ws1-iso ws1-gateway ws1-vbs ws1-sf0006 ws1-sf0006-copy ws1-vlab)',
    );
    expect(r.stdout).not.toContain('nl-');
  });

  it.each([
    ['iptables-save', 'vlab', 'surebackup-basic.vlab.iptables-save'],
    ['nft', 'vlab', 'surebackup-basic.vlab.nft'],
    ['ip', 'vlab', 'surebackup-basic.vlab.ip.sh'],
    ['ifupdown', 'vlab', 'surebackup-basic.vlab.interfaces'],
    ['linux-routes', 'vbs', 'surebackup-basic.vbs.routes.sh'],
    ['windows-routes', 'vbs', 'surebackup-basic.vbs.routes.cmd'],
  ])('--format %s --device %s prints the golden file', (format, device, file) => {
    expect(cli(['export', SEED, '--format', format, '--device', device])).toEqual({
      code: 0,
      stdout: golden(file),
      stderr: '',
    });
  });

  it('what a format cannot express goes to stderr as warnings (exit 0)', () => {
    const r = cli(['export', SEED, '--format', 'windows-routes', '--device', 'vlab']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('route -p add 0.0.0.0 mask 0.0.0.0 192.168.149.2 metric 1');
    expect(r.stderr).toBe(
      'natlab: warning: ip route add 192.168.149.0/24 dev eth1 table 2 scope link: not expressible on Windows: in routing table 2 (Windows has one routing table, and no policy rules)\n' +
        'natlab: warning: 1 policy rule (ip rule) not expressible on Windows\n',
    );
  });

  it.each([
    [
      ['export', SEED, '--format', 'yaml'],
      '--format yaml: expected one of netns-script, iptables-save, nft, ip',
    ],
    [
      ['export', SEED, '--format', 'nft'],
      `--format nft: this format is per device: name one with --device (${DEVICES})`,
    ],
    [
      ['export', SEED, '--format', 'ip', '--device', 'nope'],
      `--format ip: no device "nope" in lab "SureBackup basic virtual lab" (${DEVICES})`,
    ],
    [['export', SEED, '--device', 'vlab'], '--device applies to the per-device formats, not netns-script'],
    [
      ['export', SEED, '--format', 'nft', '--device', 'vlab', '--prefix', 'x'],
      '--prefix applies to --format netns-script only',
    ],
    [['export', SEED, '--prefix', 'x;reboot'], 'prefix'],
    [['export', SEED, '--prefix', '$(id)'], 'prefix'],
    [['export'], 'exactly one LAB'],
  ])('refuses %j with a usage error', (argv, msg) => {
    const r = cli(argv as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(msg);
    expect(r.stdout).toBe('');
  });

  it('an invalid lab exits 1 and prints no script', () => {
    const r = cli(['export', 'bad.lab.json'], { 'bad.lab.json': '{"schemaVersion": 1}' });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('bad.lab.json');
    const d = cli(['export', 'bad.lab.json', '--format', 'nft', '--device', 'x'], {
      'bad.lab.json': '{"schemaVersion": 1}',
    });
    expect(d.code).toBe(1);
  });

  it('--help lists every format', () => {
    const r = cli(['export', '--help']);
    expect(r).toEqual({ code: 0, stdout: EXPORT_HELP, stderr: '' });
    for (const f of [
      'netns-script',
      'iptables-save',
      'nft',
      'ip',
      'ifupdown',
      'linux-routes',
      'windows-routes',
    ])
      expect(r.stdout).toContain(`  ${f} `);
  });

  it('--format markdown: the design report, with lint problems', () => {
    const r = cli(['export', SEED, '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('## Virtual lab vLab');
    expect(r.stdout).toContain('| `-t nat -A POSTROUTING -o eth1 -j MASQUERADE` |');
    expect(r.stdout).toContain('None found by `natlab lint`.');
  });
  it('--format veeam-powershell: the cmdlets, static mapping included', () => {
    const r = cli([
      'export',
      'public/labs/surebackup-static-mapping.lab.json',
      '--format',
      'veeam-powershell',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('-IsolatedIPAddress 192.168.149.36 -AccessIPAddress 192.168.149.136');
    expect(r.stdout).toContain('Add-VBRViAdvancedVirtualLab -Server $esxi');
  });
  it.each(['markdown', 'veeam-powershell'])('--format %s needs a design', (format) => {
    const r = cli(['export', 'public/labs/dnat-redirect.lab.json', '--format', format]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('this lab has no virtual-lab design');
  });

  it('--format json: the document migrated and checked; json-expanded: the lab as compiled', () => {
    const doc = JSON.parse(cli(['export', SEED, '--format', 'json']).stdout) as Record<string, unknown>;
    expect(doc).toEqual(JSON.parse(readFileSync(SEED, 'utf8')));
    const exp = JSON.parse(cli(['export', SEED, '--format', 'json-expanded']).stdout) as {
      virtualLabs?: unknown;
      devices: { id: string }[];
    };
    expect(exp.virtualLabs).toBeUndefined();
    expect(exp.devices.map((d) => d.id)).toEqual(['gateway', 'vbs', 'sf0006', 'sf0006-copy', 'vlab']);
    // the expanded lab is itself a lab: it exports to the same appliance rules
    const v1 = cli(['export', SEED, '--format', 'iptables-save', '--device', 'vlab']).stdout;
    const again = cli(['export', 'x.lab.json', '--format', 'iptables-save', '--device', 'vlab'], {
      'x.lab.json': JSON.stringify(exp),
    }).stdout;
    expect(again).toBe(v1);
  });
});
