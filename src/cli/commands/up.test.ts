/**
 * `natlab up` / `natlab down` on the real kernel (root, Linux; skipped loudly elsewhere): the lab is
 * left running so real tools work inside it, and down removes exactly that lab's namespaces.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { deleteNamespaces, kernelUnavailable, namespacesWithPrefix, nsExec, run } from '../../kernel/host.ts';
import { cli, SEED } from '../cli.test-support.ts';

const why = kernelUnavailable();
if (why) console.warn(`\n*** natlab up/down NOT TESTED (${why}) ***\n`);

describe('natlab up / down: usage', () => {
  it.each([
    [['up', SEED, '--prefix', 'a b'], '--prefix "a b"'],
    [['up', SEED, '--prefix', 'x;rm -rf /'], '--prefix'],
    [['down'], 'exactly one LAB'],
  ])('%j is a usage error', (argv, msg) => {
    const r = cli(argv as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(msg);
  });
});

describe.skipIf(why !== null)('natlab up / down on this kernel', () => {
  const prefix = `nlu${process.pid % 100000}-`;
  afterAll(() => {
    deleteNamespaces(prefix);
    expect(namespacesWithPrefix(prefix)).toEqual([]);
  });

  it('up leaves the lab running, prints how to enter each device, and down removes it', () => {
    const up = cli(['up', SEED, '--prefix', prefix]);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    expect(up.stdout).toContain(`vbs          ip netns exec ${prefix}vbs bash    # eth0 192.168.149.22/24`);
    expect(up.stdout).toContain(`tear it down with: natlab down ${SEED} --prefix ${prefix}`);
    expect(namespacesWithPrefix(prefix).sort()).toEqual(
      ['gateway', 'iso', 'prod', 'sf0006', 'sf0006-copy', 'vbs', 'vlab'].map((n) => prefix + n),
    );

    // the workshop's ping, for real: vbs reaches the lab copy through the masquerade network
    const ping = nsExec(`${prefix}vbs`, ['ping', '-n', '-c', '1', '-W', '2', '192.168.150.36']);
    expect(ping.stdout).toContain('64 bytes from 192.168.150.36');

    // up again is idempotent (the script tears down its own namespaces first)
    expect(cli(['up', SEED, '--prefix', prefix]).code).toBe(0);
    expect(namespacesWithPrefix(prefix)).toHaveLength(7);

    const down = cli(['down', SEED, '--prefix', prefix]);
    expect(down).toEqual({
      code: 0,
      stdout: 'lab "SureBackup basic virtual lab" is down (7 namespaces removed).\n',
      stderr: '',
    });
    expect(namespacesWithPrefix(prefix)).toEqual([]);
    expect(cli(['down', SEED, '--prefix', prefix]).stdout).toContain('was not up');
  }, 60000);

  it('down leaves other namespaces with the same prefix alone', () => {
    const other = `${prefix}not-this-lab`;
    expect(cli(['up', SEED, '--prefix', prefix]).code).toBe(0);
    expect(run('ip', ['netns', 'add', other]).code).toBe(0);
    expect(cli(['down', SEED, '--prefix', prefix]).code).toBe(0);
    expect(namespacesWithPrefix(prefix)).toEqual([other]);
  }, 60000);
});
