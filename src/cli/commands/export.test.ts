import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli, SEED } from '../cli.test-support.ts';

const GOLDEN = readFileSync(
  new URL('../../engine/export/__golden__/surebackup-basic.netns.sh', import.meta.url),
  'utf8',
);

describe('natlab export', () => {
  it('prints the namespace script of the lab (the exporter’s golden file)', () => {
    expect(cli(['export', SEED, '--format', 'netns-script'])).toEqual({
      code: 0,
      stdout: GOLDEN,
      stderr: '',
    });
    expect(cli(['export', SEED]).stdout).toBe(GOLDEN); // netns-script is the default
  });

  it('--prefix names the namespaces', () => {
    const r = cli(['export', SEED, '--prefix', 'ws1-']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'NSS=(ws1-prod ws1-iso ws1-gateway ws1-vbs ws1-sf0006 ws1-vlab ws1-sf0006-copy)',
    );
    expect(r.stdout).not.toContain('nl-');
  });

  it.each([
    [['export', SEED, '--format', 'nft'], '--format nft: expected one of netns-script'],
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
  });
});
