/**
 * The generated netns script through bash itself: it parses (`bash -n`); `shq` quotes any string so bash
 * reads it back unchanged; and hostile labs, run with `ip` stubbed out and every top-level command
 * traced, run only the script's own commands and hand iptables-restore exactly their ruleset. When
 * root, a lab with interface names ip(8) would read as keywords is also built in real namespaces.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { netnsScript, restoreInput } from '../engine/export/netns-script.ts';
import { shComment, shq } from '../engine/export/shell.ts';
import type { Network } from '../engine/model/network.ts';
import { formatIptablesSave } from '../engine/netfilter/iptables-save.ts';
import { loadLab } from '../lab/load.ts';
import { deleteNamespaces, kernelUnavailable, namespacesWithPrefix, nsExec, runScript } from './host.ts';

/** The seed lab drawn by hand (the appliance `vlab` written out), whose appliance these tests edit. */
const SEED_TEXT = readFileSync(
  new URL('../engine/testing/fixtures/surebackup-drawn.lab.json', import.meta.url),
  'utf8',
);

function network(doc: unknown): Network {
  const r = loadLab(JSON.stringify(doc));
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return r.network;
}
/** bash without any startup file (bash reads ~/.bashrc when its stdin is a socket, as Node's pipes are). */
const bash = (args: string[], input?: string) =>
  spawnSync('bash', ['--norc', '--noprofile', ...args], {
    encoding: 'utf8',
    timeout: 20000,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    ...(input !== undefined ? { input } : { stdio: ['ignore', 'pipe', 'pipe'] }),
  });

/** Strings bash can receive as an argument (no NUL) and that survive UTF-8 (no lone surrogates). */
const argString = fc.string({ unit: 'binary' }).filter((s) => !s.includes('\0'));

describe('bash reads what natlab writes', () => {
  it('the seed lab’s script parses (bash -n)', () => {
    const r = bash(['-n'], netnsScript(network(JSON.parse(SEED_TEXT))));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('shq: bash -c "printf %s $(shq s)" prints s, for arbitrary strings (property)', () => {
    fc.assert(
      fc.property(argString, (s) => {
        const r = bash(['-c', `printf %s ${shq(s)}`]);
        expect(r.status).toBe(0);
        expect(r.stdout).toBe(s);
      }),
      { numRuns: 300 },
    );
  }, 60000);

  it('shq: several quoted words stay separate words (property)', () => {
    fc.assert(
      fc.property(fc.array(argString, { minLength: 1, maxLength: 4 }), (words) => {
        const r = bash(['-c', `printf '%s\\n' ${words.map((w) => shq(w.replaceAll('\n', ' '))).join(' ')}`]);
        expect(r.stdout).toBe(words.map((w) => `${w.replaceAll('\n', ' ')}\n`).join(''));
      }),
      { numRuns: 100 },
    );
  }, 60000);

  it('shComment: a comment line runs nothing and does not swallow the next line (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const r = bash(['-c', `${shComment(s)}\nprintf ok`]);
        expect(r.stdout).toBe('ok');
        expect(r.stderr).toBe('');
      }),
      { numRuns: 200 },
    );
  }, 60000);
});

// --- running hostile scripts with ip(8) stubbed out

/**
 * Put before the script: `ip` and `kill` record their arguments (and iptables-restore's stdin) instead
 * of doing anything, PATH leads nowhere (any other command fails), and the DEBUG trap logs every
 * top-level command bash runs, NUL-separated.
 */
const PRELUDE = `__nl_log=$NATLAB_TEST_LOG; __nl_calls=0
ip() {
  __nl_calls=$((__nl_calls + 1))
  printf '%s\\0' "$@" > "$__nl_log/call.$__nl_calls"
  if [[ " $* " == *" iptables-restore "* ]]; then IFS= read -r -d '' __nl_in || true; printf '%s' "$__nl_in" > "$__nl_log/stdin.$__nl_calls"; fi
}
kill() { printf 'kill %s\\n' "$*" >> "$__nl_log/kill"; }
PATH=/nonexistent
trap 'printf "%s\\0" "$BASH_COMMAND" >> "$__nl_log/trace"' DEBUG
`;

interface Run {
  code: number | null;
  stderr: string;
  trace: string[];
  calls: { argv: string[]; stdin?: string }[];
  pwned: boolean;
}

function runStubbed(script: string): Run {
  const dir = mkdtempSync(join(tmpdir(), 'natlab-stub-'));
  try {
    const log = join(dir, 'log');
    spawnSync('mkdir', [log]);
    writeFileSync(join(dir, 'lab.sh'), PRELUDE + script);
    const r = spawnSync('bash', ['--norc', '--noprofile', 'lab.sh'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 30000,
      env: { NATLAB_TEST_LOG: log },
    });
    const files = readdirSync(log);
    const calls = files
      .filter((f) => f.startsWith('call.'))
      .map((f) => Number(f.slice(5)))
      .sort((a, b) => a - b)
      .map((n) => {
        const argv = readFileSync(join(log, `call.${n}`), 'utf8')
          .split('\0')
          .slice(0, -1);
        const stdin = files.includes(`stdin.${n}`)
          ? readFileSync(join(log, `stdin.${n}`), 'utf8')
          : undefined;
        return stdin !== undefined ? { argv, stdin } : { argv };
      });
    const trace = existsSync(join(log, 'trace'))
      ? readFileSync(join(log, 'trace'), 'utf8').split('\0').slice(0, -1)
      : [];
    return {
      code: r.status,
      stderr: r.stderr,
      trace,
      calls,
      pwned: readdirSync(dir).some((f) => f.includes('pwned')),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The first word of each top-level command the script may run. */
const OWN_COMMANDS = new Set(['set', 'NSS', '[', 'down', 'ip', 'nsx']);

function checkRun(net: Network, prefix: string, run: Run): void {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.pwned).toBe(false);
  for (const cmd of run.trace)
    expect(OWN_COMMANDS.has(/^[^\s=(]*/.exec(cmd)![0]), JSON.stringify(cmd.slice(0, 200))).toBe(true);
  const namespaces = new Set(
    [...net.segments.keys(), ...net.devices.map((d) => d.id)].map((id) => `${prefix}${id}`),
  );
  const restores: string[] = [];
  for (const { argv, stdin } of run.calls) {
    if (argv[0] === '-n') expect(namespaces.has(argv[1]!), argv.join(' ')).toBe(true);
    else if (argv[0] === 'netns')
      expect(
        namespaces.has(
          argv[argv[1] === 'exec' || argv[1] === 'pids' || argv[1] === 'del' || argv[1] === 'add' ? 2 : 1]!,
        ),
        argv.join(' '),
      ).toBe(true);
    else throw new Error(`unexpected ip call: ${argv.join(' ')}`);
    if (stdin !== undefined) restores.push(stdin);
  }
  // iptables-restore gets each device's ruleset, exactly (as bash reads it: NULs dropped)
  expect(restores).toEqual(
    net.devices
      .map((d) => restoreInput(d.ruleset).replaceAll('\0', ''))
      .filter((t) => t !== '')
      .map((t) => `${t}\n`),
  );
}

const HOSTILE = [
  `"; touch pwned; #`,
  '$(touch pwned)',
  '`touch pwned`',
  "'; touch pwned; '",
  '\ntouch pwned\n',
  '\r\ntouch pwned\r\n',
  '\nNATLAB_IPTABLES_EOF\ntouch pwned\n',
  '\nNATLAB\0_IPTABLES_EOF\ntouch pwned\n',
  'NATLAB_IPTABLES_EOF',
  '\u0000\u0007\u001b[31m\u007f',
  '\u2028\u2029\u0085 ☃ 💥 \u202e',
  '${IFS}$((1+1))!!\\',
  "'",
];
const hostile = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary', maxLength: 30 }));
const id = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/);
const ifname = fc
  .stringMatching(/^[A-Za-z0-9_.-]{1,15}$/)
  .filter((n) => n !== '.' && n !== '..' && n !== 'lo');

const hostileLabJson = fc
  .record({
    text: hostile,
    comment: hostile,
    segIds: fc.uniqueArray(id, { minLength: 1, maxLength: 2, selector: (s) => s.toLowerCase() }),
    devIds: fc.uniqueArray(id, { minLength: 1, maxLength: 2, selector: (s) => s.toLowerCase() }),
    ifnames: fc.uniqueArray(
      fc.oneof(ifname, fc.constantFrom('up', 'down', 'help', 'dev', 'name', '-x', 'type')),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .filter((r) => !r.segIds.some((s) => r.devIds.some((d) => d.toLowerCase() === s.toLowerCase())))
  .map((r) => ({
    schemaVersion: 2,
    name: r.text,
    description: r.text,
    segments: r.segIds.map((sid) => ({ id: sid, kind: 'link', name: r.text, description: r.text })),
    devices: r.devIds.map((did, di) => ({
      id: did,
      kind: 'router',
      name: r.text,
      description: r.text,
      interfaces: r.ifnames.map((n, k) => ({
        name: n,
        ...(k === 0 ? { segment: r.segIds[di % r.segIds.length] } : {}),
        addresses: [`10.${di}.${k}.1/24`],
      })),
      sysctls: { [`net.ipv4.conf.${r.ifnames[0]!.replaceAll('.', '/')}.rp_filter`]: 1 },
      rules: [{ iif: r.ifnames[0], table: 5 }],
      routes: [{ to: '172.16.0.0/12', via: `10.${di}.0.9`, dev: r.ifnames[0] }],
      proxyNeighbours: [{ address: `10.${di}.0.77`, dev: r.ifnames[0] }],
      iptables: { filter: { INPUT: [`-m comment --comment ${shq(r.comment)} -j ACCEPT`] } },
    })),
  }));

describe('hostile labs run only the script’s own commands (bash, ip stubbed)', () => {
  it('the seed lab', () => {
    const net = network(JSON.parse(SEED_TEXT));
    const run = runStubbed(netnsScript(net));
    checkRun(net, 'nl-', run);
    expect(run.calls.length).toBeGreaterThan(50);
  });

  it('a comment that tries to end the here-document early is refused before it reaches a script', () => {
    const doc = JSON.parse(SEED_TEXT);
    doc.devices[3].iptables.filter = {
      INPUT: [`-m comment --comment ${shq('a\nNATLAB_IPTABLES_EOF\ntouch pwned\n')} -j ACCEPT`],
    };
    const r = loadLab(JSON.stringify(doc));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]!.message).toContain('newlines and NUL are not allowed in --comment');
  });

  it('the here-document delimiter never occurs in the rules it carries', () => {
    const doc = JSON.parse(SEED_TEXT);
    doc.devices[3].iptables.raw = {
      PREROUTING: [
        '-m comment --comment NATLAB_IPTABLES_EOF -j ACCEPT',
        '-m comment --comment NATLAB_IPTABLES_EOF_2 -j ACCEPT',
      ],
    };
    const net = network(doc);
    const script = netnsScript(net);
    expect(script).toContain("iptables-restore <<'NATLAB_IPTABLES_EOF_3'");
    checkRun(net, 'nl-', runStubbed(script));
  });

  it('random hostile labs (property)', () => {
    let ran = 0;
    fc.assert(
      fc.property(hostileLabJson, (doc) => {
        const r = loadLab(JSON.stringify(doc));
        if (!r.ok) return;
        ran++;
        const script = netnsScript(r.network, { prefix: 'nlx-' });
        const syntax = bash(['-n'], script);
        expect(syntax.stderr).toBe('');
        checkRun(r.network, 'nlx-', runStubbed(script));
      }),
      { numRuns: 60 },
    );
    expect(ran).toBeGreaterThan(20);
  }, 120000);
});

// --- the real kernel

const why = kernelUnavailable();

describe.skipIf(why !== null)('on the kernel: interface names ip(8) would read as keywords', () => {
  const prefix = `nlk${process.pid % 100000}-`;
  afterAll(() => {
    deleteNamespaces(prefix);
    expect(namespacesWithPrefix(prefix)).toEqual([]);
  });

  it('builds, and every interface gets its name, MAC and address', () => {
    const names = ['up', 'help', 'dev', '-x', 'name'];
    const doc = {
      schemaVersion: 2,
      name: 'keywords\n$(touch pwned)',
      segments: [{ id: 'seg', kind: 'link' }],
      devices: [
        {
          id: 'kw',
          kind: 'host',
          interfaces: [
            ...names.map((n, k) => ({ name: n, segment: 'seg', addresses: [`10.0.${k}.1/24`] })),
            { name: 'down', addresses: ['10.9.0.1/24'] },
          ],
          iptables: {
            filter: { INPUT: [`-m comment --comment ${shq("NATLAB_IPTABLES_EOF ' $(id)")} -j ACCEPT`] },
          },
        },
      ],
    };
    const net = network(doc);
    const r = runScript(netnsScript(net, { prefix }));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const links = nsExec(`${prefix}kw`, ['ip', '-br', '-4', 'addr', 'show']).stdout;
    for (const [k, n] of names.entries())
      expect(links).toMatch(new RegExp(`^${n.replace('-', '\\-')}@\\S+ +UP +10\\.0\\.${k}\\.1/24`, 'm'));
    expect(links).toMatch(/^down@\S+ +\S+ +10\.9\.0\.1\/24/m);
    // what iptables-save prints is what natlab printed (here-document intact, quotes escaped alike)
    const saved = nsExec(`${prefix}kw`, ['iptables-save', '-t', 'filter']).stdout.split('\n');
    const want = formatIptablesSave(net.byId.get('kw')!.ruleset)
      .split('\n')
      .filter((l) => l.startsWith('-A '));
    expect(want).toEqual([`-A INPUT -m comment --comment "NATLAB_IPTABLES_EOF \\' $(id)" -j ACCEPT`]);
    for (const l of want) expect(saved).toContain(l);
    const down = runScript(netnsScript(net, { prefix }), ['--down']);
    expect(down.code).toBe(0);
    expect(namespacesWithPrefix(prefix)).toEqual([]);
  }, 60000);
});
