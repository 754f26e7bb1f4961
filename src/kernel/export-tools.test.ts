/**
 * The per-device exports through the real tools, in scratch namespaces (`nlX1<pid>-…`, always deleted):
 * `iptables-restore --test` accepts the iptables-save export, and after a real restore `iptables-save`
 * prints it back; `nft -c -f` accepts the nft export, which then loads over iptables-nft's own tables
 * with the same tables, base chains (type, hook, priority, policy) and chains; the ip script, run in a
 * namespace holding veths named like the device's interfaces, leaves `ip route show table all`, `ip rule
 * show` and every modelled sysctl exactly as the engine prints and models them. The nft keyword list is
 * checked against nft itself. Skipped, loudly, where there is no root or no tools.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { exportLab } from '../engine/export/formats.ts';
import { NFT_CHAIN_KEYWORDS } from '../engine/export/nft-names.ts';
import { restoreInput } from '../engine/export/netns-script.ts';
import { rawLabArb, repair } from '../engine/import/lab-arbitrary.test-support.ts';
import { IFCONF_DEFAULTS, NETCONF_DEFAULTS, type Device } from '../engine/model/device.ts';
import type { Network } from '../engine/model/network.ts';
import { formatRouteShow } from '../engine/tools/ip-route-show.ts';
import { formatRuleShow } from '../engine/tools/ip-rule-show.ts';
import { loadLab } from '../lab/load.ts';
import {
  deleteNamespace,
  deleteNamespaces,
  kernelUnavailable,
  namespacesWithPrefix,
  nsExec,
  run,
} from './host.ts';

const PREFIX = `nlX1${process.pid % 100000}-`;
const why =
  kernelUnavailable() ??
  (spawnSync('sh', ['-c', 'command -v nft'], { encoding: 'utf8' }).status !== 0
    ? 'nft is not installed'
    : null);
if (why)
  console.warn(
    `\n*** KERNEL TESTS SKIPPED (${why}): the exports were NOT checked with iptables, nft and ip ***\n`,
  );

const labFile = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
function network(text: string): Network {
  const r = loadLab(text);
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return r.network;
}
const SEED = () => network(labFile('../../public/labs/surebackup-basic.lab.json'));
const RICH = () => network(labFile('../engine/export/__golden__/rich.lab.json'));

function text(net: Network, format: 'iptables-save' | 'nft' | 'ip', device: string): string {
  const r = exportLab(net, format, { device });
  if (!r.ok) throw new Error(r.error);
  return r.value.text;
}

/** Runs a command in the namespace with `input` on stdin. */
function nsRun(ns: string, args: readonly string[], input: string) {
  const r = spawnSync('ip', ['netns', 'exec', ns, ...args], { encoding: 'utf8', input, timeout: 30000 });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

let counter = 0;
/** A fresh namespace (no IPv6, lo up) for `fn`, deleted afterwards whatever happens. */
function withNs<T>(fn: (ns: string) => T): T {
  const ns = `${PREFIX}${counter++}`;
  expect(run('ip', ['netns', 'add', ns]).code).toBe(0);
  try {
    nsExec(ns, ['sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1']);
    return fn(ns);
  } finally {
    deleteNamespace(ns);
  }
}

/** The device's interfaces as veths whose peers (up, in the same namespace) give them a carrier. */
function addInterfaces(ns: string, d: Device): void {
  d.ifaces
    .filter((i) => !i.loopback)
    .forEach((i, k) => {
      const peer = `nlxp${k}`;
      const add = run('ip', ['-n', ns, 'link', 'add', 'name', i.name, 'type', 'veth', 'peer', 'name', peer]);
      expect(add.stderr).toBe('');
      expect(run('ip', ['-n', ns, 'link', 'set', 'dev', peer, 'up']).code).toBe(0);
    });
}

/** Every modelled sysctl of the device, as `sysctl -n` would print them, and as the engine holds them. */
function sysctls(d: Device): { names: string[]; values: string[] } {
  const keys = Object.keys(IFCONF_DEFAULTS) as (keyof typeof IFCONF_DEFAULTS)[];
  const pairs: [string, number][] = [['net.ipv4.ip_forward', d.confAll.forwarding]];
  for (const k of keys) pairs.push([`net.ipv4.conf.all.${k}`, d.confAll[k]]);
  for (const k of keys) pairs.push([`net.ipv4.conf.default.${k}`, d.confDefault[k]]);
  for (const i of d.ifaces)
    for (const k of keys) pairs.push([`net.ipv4.conf.${i.name.replaceAll('.', '/')}.${k}`, i.rawConf[k]]);
  for (const k of Object.keys(NETCONF_DEFAULTS) as (keyof typeof NETCONF_DEFAULTS)[])
    pairs.push([`net.ipv4.${k}`, d.net[k]]);
  return { names: pairs.map(([n]) => n), values: pairs.map(([, v]) => String(v)) };
}

function checkIpScript(net: Network, d: Device): void {
  withNs((ns) => {
    addInterfaces(ns, d);
    const dir = mkdtempSync(join(tmpdir(), 'natlab-export-'));
    try {
      const file = join(dir, 'device.sh');
      writeFileSync(file, text(net, 'ip', d.id));
      const r = nsExec(ns, ['bash', file]);
      expect(r.stderr, `${d.id}: the ip script failed`).toBe('');
      expect(r.code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(
      nsExec(ns, ['ip', 'route', 'show', 'table', 'all']).stdout,
      `${d.id}: ip route show table all`,
    ).toBe(formatRouteShow(d, { table: 'all' }));
    // a rule naming an absent interface is `[detached]` on both sides
    expect(nsExec(ns, ['ip', 'rule', 'show']).stdout, `${d.id}: ip rule show`).toBe(formatRuleShow(d));
    const { names, values } = sysctls(d);
    const got = nsExec(ns, ['sysctl', '-n', ...names])
      .stdout.trimEnd()
      .split('\n');
    expect(names.map((n, k) => `${n}=${got[k]}`)).toEqual(names.map((n, k) => `${n}=${values[k]}`));
  });
}

/** Tables (sorted: iptables-nft creates them in restore order), chains, base chain specs and rule counts. */
function shape(listing: string): string[] {
  const tables: string[][] = [];
  let rules = 0;
  const flush = () => {
    if (rules) tables[tables.length - 1]!.push(`  ${rules} rules`);
    rules = 0;
  };
  for (const line of listing.split('\n')) {
    const t = line.trim();
    if (t.startsWith('table ')) {
      flush();
      tables.push([t]);
    } else if (t.startsWith('chain ')) {
      flush();
      tables[tables.length - 1]!.push(t);
    } else if (t.startsWith('type ')) tables[tables.length - 1]!.push(`  ${t}`);
    else if (t !== '' && t !== '}' && !t.startsWith('#')) rules++;
  }
  flush();
  return tables.sort((a, b) => (a[0]! < b[0]! ? -1 : 1)).flat();
}

/**
 * `nft list ruleset` as `TABLE CHAIN` → its rules, counters left out and spelled alike (nft prints marks
 * as 0x00000006 in iptables-nft's tables, `meta l4proto` where a translation says `ip protocol`, and
 * flag lists in either order).
 */
function chainRules(listing: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let table = '';
  let chain: string[] | null = null;
  for (const line of listing.split('\n')) {
    const t = /^table ip (\S+)/.exec(line);
    const c = /^\tchain (\S+)/.exec(line);
    if (t) table = t[1]!;
    else if (c) out.set(`${table} ${c[1]}`, (chain = []));
    else if (chain && line.startsWith('\t\t') && !line.includes(' hook '))
      chain.push(
        line
          .trim()
          .replace(/ packets \d+ bytes \d+/, '')
          .replace(/0x0+([0-9a-f])/g, '0x$1')
          .replace(/meta l4proto (\w+)/g, 'ip protocol $1')
          .replace(
            /(ct (?:state|status) (?:! )?)([a-z,-]+)/g,
            (_, k: string, l: string) => k + l.split(',').sort().join(','),
          ),
      );
  }
  return out;
}

function checkRuleset(net: Network, d: Device): void {
  withNs((ns) => {
    const save = text(net, 'iptables-save', d.id);
    const nft = text(net, 'nft', d.id);
    const test = nsRun(ns, ['iptables-restore', '--test'], save);
    expect(test.stderr, `${d.id}: iptables-restore --test`).toBe('');
    expect(test.code).toBe(0);
    const check = nsRun(ns, ['nft', '-c', '-f', '-'], nft);
    expect(check.stderr, `${d.id}: nft -c -f`).toBe('');
    expect(check.code).toBe(0);
    // iptables-save gives the restored rules back
    expect(nsRun(ns, ['iptables-restore'], save).code).toBe(0);
    const saved = nsExec(ns, ['iptables-save']).stdout.replace(/^#.*\n/gm, '');
    expect(saved, `${d.id}: iptables-save after iptables-restore`).toBe(save);
    // what iptables-nft installs for the namespace script's input, and what the nft file installs over it
    nsExec(ns, ['nft', 'flush', 'ruleset']);
    const restore = restoreInput(d.ruleset);
    if (restore) expect(nsRun(ns, ['iptables-restore'], `${restore}\n`).code).toBe(0);
    const byIptables = nsExec(ns, ['nft', 'list', 'ruleset']).stdout;
    const load = nsRun(ns, ['nft', '-f', '-'], nft);
    expect(load.stderr, `${d.id}: nft -f over iptables-nft's tables`).toBe('');
    const byNft = nsExec(ns, ['nft', 'list', 'ruleset']).stdout;
    const untranslatable = nft
      .split('\n')
      .filter((l) => /^\t+# untranslatable:/.test(l) && !/chain \S+ \(/.test(l));
    if (untranslatable.length === 0 && !nft.includes('# untranslatable: chain'))
      expect(shape(byNft), `${d.id}: nft ruleset vs iptables-nft's`).toEqual(shape(byIptables));
  });
}

describe.skipIf(why !== null)('the exports through iptables, nft and ip (scratch namespaces)', () => {
  afterAll(() => {
    deleteNamespaces(PREFIX);
    expect(namespacesWithPrefix(PREFIX)).toEqual([]);
  });

  it('the seed lab: every device', () => {
    const net = SEED();
    for (const d of net.devices) {
      checkRuleset(net, d);
      checkIpScript(net, d);
    }
  }, 120_000);

  it('the rich lab of the exporters', () => {
    const net = RICH();
    for (const d of net.devices) {
      checkRuleset(net, d);
      checkIpScript(net, d);
    }
  }, 120_000);

  it('the seed appliance’s nft rules are iptables-nft’s own, rule for rule', () => {
    const net = SEED();
    withNs((ns) => {
      expect(nsRun(ns, ['iptables-restore'], `${restoreInput(net.byId.get('vlab')!.ruleset)}\n`).code).toBe(
        0,
      );
      const byIptables = chainRules(nsExec(ns, ['nft', 'list', 'ruleset']).stdout);
      nsExec(ns, ['nft', 'flush', 'ruleset']);
      expect(nsRun(ns, ['nft', '-f', '-'], text(net, 'nft', 'vlab')).code).toBe(0);
      const byNft = chainRules(nsExec(ns, ['nft', 'list', 'ruleset']).stdout);
      expect([...byNft.keys()].sort()).toEqual([...byIptables.keys()].sort());
      let compared = 0;
      for (const [chain, ours] of byNft) {
        const theirs = byIptables.get(chain)!;
        expect(ours.length, chain).toBe(theirs.length);
        // iptables-nft keeps some targets and matches as xt expressions (NETMAP, CONNMARK…); the rest is
        // native nft on both sides and must be the same expression
        theirs.forEach((t, k) => {
          if (/\bxt (target|match)\b/.test(t)) return;
          expect(ours[k], `${chain} rule ${k + 1}`).toBe(t);
          compared++;
        });
      }
      expect(compared).toBeGreaterThan(0);
      expect(byNft.get('nat PREROUTING')).toContain(
        'iifname "eth0" ip daddr 192.168.150.0/24 counter dnat to ip daddr & 192.168.149.255 | 192.168.149.0',
      );
    });
  }, 60_000);

  it('generated labs (property, a few)', () => {
    let devices = 0;
    fc.assert(
      fc.property(rawLabArb, (raw) => {
        const fixed = repair(raw);
        fc.pre(fixed !== null);
        for (const d of fixed!.network.devices) {
          checkRuleset(fixed!.network, d);
          checkIpScript(fixed!.network, d);
          devices++;
        }
      }),
      { numRuns: Number(process.env.EXPORT_TOOLS_RUNS ?? 15), seed: 20261121 },
    );
    expect(devices).toBeGreaterThan(5);
  }, 300_000);

  it('nft refuses every word of the keyword list as a chain name, and takes ordinary names', () => {
    withNs((ns) => {
      const load = (name: string) =>
        nsRun(
          ns,
          ['nft', '-c', '-f', '-'],
          `table ip t {\n\tchain ${name} {\n\t}\n\tchain x {\n\t\tjump ${name}\n\t}\n}\n`,
        );
      for (const w of NFT_CHAIN_KEYWORDS) expect(load(w).code, w).not.toBe(0);
      for (const w of [
        'LOG-DROP',
        'f2b-sshd',
        'DOCKER-USER',
        'cali-INPUT',
        'a.b',
        '_x',
        'x/y',
        'logs',
        'Counter',
      ])
        expect(load(w).stderr, w).toBe('');
    });
  }, 60_000);
});
