/**
 * The lab as a bash script (network namespaces): the seed lab's script is a golden file, and no lab,
 * however hostile its text, gets user text executed. Static checks here (the engine may not run
 * processes); src/kernel/netns-script.test.ts runs bash on the same kind of scripts.
 *
 * Regenerate the golden file after an intended change: UPDATE_GOLDEN=1 npx vitest run src/engine/export
 */
import { readFileSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileLab, ID_PATTERN, ifnameProblem } from '../lab/compile.ts';
import type { DeviceDoc, LabDocument } from '../lab/format.ts';
import type { Network } from '../model/network.ts';
import { heredocDelimiter, netnsScript, nsName, portName, restoreInput } from './netns-script.ts';
import { shComment, shq } from './shell.ts';

const GOLDEN = new URL('./__golden__/surebackup-basic.netns.sh', import.meta.url);
const SEED = JSON.parse(
  readFileSync(new URL('../testing/fixtures/surebackup-drawn.lab.json', import.meta.url), 'utf8'),
) as LabDocument;

function compiled(doc: LabDocument): Network {
  const c = compileLab(doc);
  const errors = c.issues.filter((i) => i.severity === 'error');
  if (errors.length) throw new Error(errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return c.network!;
}

describe('the seed lab’s script', () => {
  it('matches __golden__/surebackup-basic.netns.sh', () => {
    const script = netnsScript(compiled(SEED), { prefix: 'nl-' });
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, script);
    expect(script).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('defaults to the nl- prefix', () => {
    expect(netnsScript(compiled(SEED))).toBe(netnsScript(compiled(SEED), { prefix: 'nl-' }));
  });
});

describe('the namespace prefix option', () => {
  it.each(['$(id)', '`id`', 'a b', 'a;b', "a'", 'a\nb', 'ä', '/', 'a'.repeat(21), 'nl-*'])(
    'refuses %j',
    (prefix) => {
      expect(() => netnsScript(compiled(SEED), { prefix })).toThrow(
        /namespace prefix .* must be up to 20 characters of A-Z a-z 0-9 _ \. -/,
      );
    },
  );

  it.each(['', 'x', 'nl_1.', 'test-12345-', 'a'.repeat(20)])('accepts %j', (prefix) => {
    const s = netnsScript(compiled(SEED), { prefix });
    expect(s).toContain(`ip netns add ${prefix}gateway\n`);
  });
});

// --- a tiny shell lexer: the words of a generated command line, or null if anything in it is not a
// plain word or a single-quoted string (an unquoted $ ` ( ) ; & | < > " \ * ? [ ] { } ~ # ! …)

function shellWords(line: string): string[] | null {
  const words: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ') i++;
    if (i >= line.length) break;
    let w = '';
    while (i < line.length && line[i] !== ' ') {
      if (line[i] === "'") {
        const end = line.indexOf("'", i + 1);
        if (end < 0) return null;
        w += line.slice(i + 1, end);
        i = end + 1;
      } else if (line[i] === '"' && line[i + 1] === "'" && line[i + 2] === '"') {
        w += "'"; // "'" inside shq's '…'"'"'…'
        i += 3;
      } else if (/[A-Za-z0-9_./:=+@%^,-]/.test(line[i]!)) w += line[i++];
      else return null;
    }
    words.push(w);
  }
  return words;
}

/** The lines bash would run, with here-document bodies read the way bash reads them (NULs dropped). */
function parseScript(script: string): { commands: string[]; comments: string[]; heredocs: string[] } {
  const lines = script.split('\n');
  const commands: string[] = [];
  const comments: string[] = [];
  const heredocs: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const m = /<<'([A-Za-z0-9_]+)'$/.exec(line);
    if (m) {
      const body: string[] = [];
      let j = i + 1;
      while (j < lines.length && lines[j]!.replaceAll('\0', '') !== m[1])
        body.push(lines[j++]!.replaceAll('\0', ''));
      heredocs.push(body.join('\n'));
      commands.push(line.slice(0, m.index).trimEnd());
      i = j;
    } else if (line.startsWith('#')) comments.push(line);
    else if (line !== '') commands.push(line);
  }
  return { commands, comments, heredocs };
}

const TEMPLATE = new Set([
  'set -euo pipefail',
  'nsx() { local n=$1; shift; ip netns exec "$n" "$@"; }',
  'down() {',
  '  local n',
  '  for n in "${NSS[@]}"; do',
  '    for pid in $(ip netns pids "$n" 2>/dev/null); do kill "$pid" 2>/dev/null || true; done',
  '  done',
  '  for n in "${NSS[@]}"; do ip netns del "$n" 2>/dev/null || true; done',
  '}',
  'if [ "${1:-}" = "--down" ]; then down; exit 0; fi',
  'down',
]);

/** Every command line is template text or a command whose words are all literal (no expansion at all). */
function commandWords(script: string): string[][] {
  const out: string[][] = [];
  for (const line of parseScript(script).commands) {
    if (TEMPLATE.has(line)) continue;
    const body = line.replace(/^NSS=\((.*)\)$/, '$1').replace(/ 2>\/dev\/null \|\| true$/, '');
    const words = shellWords(body);
    if (!words) throw new Error(`not literal: ${JSON.stringify(line)}`);
    out.push(words);
  }
  return out;
}

describe('the seed script’s structure', () => {
  it('only template lines, comments, one here-document, and commands of literal words', () => {
    const net = compiled(SEED);
    const script = netnsScript(net);
    const { comments, heredocs } = parseScript(script);
    expect(comments[0]).toBe('#!/bin/bash');
    expect(heredocs).toEqual([restoreInput(net.byId.get('vlab')!.ruleset)]);
    const words = commandWords(script);
    expect(words.every((w) => w[0] === 'ip' || w[0] === 'nsx' || w[0]!.startsWith('nl-'))).toBe(true);
  });

  it('names of veth ports come from positions only', () => {
    expect(portName(1, 2)).toBe('p1x2');
    expect(portName(9999, 99).length).toBeLessThanOrEqual(15);
    expect(nsName('nl-', 'vlab')).toBe('nl-vlab');
  });
});

describe('unplugged interfaces', () => {
  it('the veth peer that stays behind never takes the name of one of the device’s interfaces', () => {
    const doc: LabDocument = {
      schemaVersion: 2,
      name: 'names',
      segments: [],
      devices: [
        {
          id: 'h',
          kind: 'host',
          interfaces: [{ name: 'p1x2', addresses: ['10.0.0.1/24'] }, { name: 'p1x1' }, { name: 'p1x1_' }],
        },
      ],
    };
    const script = netnsScript(compiled(doc), { prefix: 'nl-' });
    const made = [...script.matchAll(/link add name (\S+) type veth peer name (\S+)/g)].flatMap((m) => [
      m[1],
      m[2],
    ]);
    expect(made).toHaveLength(6);
    expect(new Set(made).size).toBe(6);
    expect(made).toEqual(expect.arrayContaining(['p1x1', 'p1x2', 'p1x1_']));
  });
});

describe('route tables ip(8) would pick by itself', () => {
  it('local and broadcast routes name table main (ip puts them in local otherwise), and only then', () => {
    const doc: LabDocument = {
      schemaVersion: 2,
      name: 'tables',
      segments: [],
      devices: [
        {
          id: 'r',
          kind: 'router',
          interfaces: [{ name: 'eth0', addresses: ['10.0.0.1/24'] }],
          routes: [
            { to: '192.0.2.1', type: 'local', dev: 'lo', table: 'main' },
            { to: '192.0.2.2', type: 'local', dev: 'lo' },
            { to: '192.0.2.3', type: 'broadcast', dev: 'lo', table: 'main' },
            { to: '192.0.2.4', type: 'local', dev: 'lo', table: 7 },
            { to: '198.51.100.0/24', dev: 'eth0', table: 'main' },
          ],
        },
      ],
    };
    const routes = netnsScript(compiled(doc), { prefix: 'nl-' })
      .split('\n')
      .filter((l) => l.includes(' route add '));
    expect(routes).toEqual([
      'ip -n nl-r route add local 192.0.2.1/32 dev lo table main scope host',
      'ip -n nl-r route add local 192.0.2.2/32 dev lo scope host',
      'ip -n nl-r route add broadcast 192.0.2.3/32 dev lo table main scope link',
      'ip -n nl-r route add local 192.0.2.4/32 dev lo table 7 scope host',
      'ip -n nl-r route add 198.51.100.0/24 dev eth0 scope link',
    ]);
  });
});

describe('heredocDelimiter', () => {
  it('is NATLAB_IPTABLES_EOF unless the body contains it anywhere, NULs ignored', () => {
    expect(heredocDelimiter('*filter\nCOMMIT')).toBe('NATLAB_IPTABLES_EOF');
    expect(heredocDelimiter('-A INPUT -m comment --comment "x NATLAB_IPTABLES_EOF"')).toBe(
      'NATLAB_IPTABLES_EOF_2',
    );
    expect(heredocDelimiter('a\nNATLAB_IPTABLES_EOF\nNATLAB_IPTABLES_EOF_2')).toBe('NATLAB_IPTABLES_EOF_3');
    expect(heredocDelimiter('a\nNATLAB\0_IPTABLES_EOF\nb')).toBe('NATLAB_IPTABLES_EOF_2');
  });
});

// --- hostile labs

const DISPLAY_MARK = 'NL@DISPLAY'; // cannot be part of an id or an interface name ('@')
const HOSTILE = [
  `"; touch pwned; #`,
  '$(touch pwned)',
  '`touch pwned`',
  "'; touch pwned; '",
  '\ntouch pwned\n',
  '\r\ntouch pwned\r\n',
  '\nNATLAB_IPTABLES_EOF\ntouch pwned\n',
  'NATLAB_IPTABLES_EOF',
  'NATLAB\0_IPTABLES_EOF',
  '\u0000\u0007\u001b[31m\u007f',
  '\u2028\u2029\u0085',
  '☃ 💥 \u202e',
  '${IFS}$((1+1))!!\\',
  "'",
  '"',
];
const hostile = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary', maxLength: 30 }));
const displayText = hostile.map((s) => `${DISPLAY_MARK}${s}${DISPLAY_MARK}`);
const id = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/);
const ifname = fc
  .stringMatching(/^[A-Za-z0-9_.-]{1,15}$/)
  .filter((n) => n !== '.' && n !== '..' && n !== 'lo');

/** A lab with hostile display text, iptables comments and rule interfaces, and random valid ids/names. */
const hostileLab: fc.Arbitrary<LabDocument> = fc
  .record({
    name: displayText,
    description: displayText,
    segIds: fc.uniqueArray(id, { minLength: 1, maxLength: 3, selector: (s) => s.toLowerCase() }),
    devIds: fc.uniqueArray(id, { minLength: 1, maxLength: 3, selector: (s) => s.toLowerCase() }),
    ifnames: fc.uniqueArray(ifname, { minLength: 1, maxLength: 3 }),
    segName: displayText,
    devName: displayText,
    comment: hostile,
    ruleIf: fc.oneof({ arbitrary: ifname, weight: 3 }, { arbitrary: hostile, weight: 1 }),
  })
  .filter((r) => !r.segIds.some((s) => r.devIds.some((d) => d.toLowerCase() === s.toLowerCase())))
  .map((r) => ({
    schemaVersion: 2 as const,
    name: r.name,
    description: r.description,
    segments: r.segIds.map((sid) => ({
      id: sid,
      kind: 'link' as const,
      name: r.segName,
      description: r.segName,
    })),
    devices: r.devIds.map((did, di): DeviceDoc => ({
      id: did,
      kind: 'router',
      name: r.devName,
      description: r.devName,
      interfaces: r.ifnames.map((n, k) => ({
        name: n,
        segment: k === 0 ? r.segIds[di % r.segIds.length]! : null,
        addresses: [`10.${di}.${k}.1/24`],
      })),
      rules: [{ iif: r.ruleIf, table: 5 }],
      iptables: {
        filter: {
          INPUT: [`-m comment --comment ${shq(r.comment)} -j ACCEPT`, '-j LOG --log-prefix "x: "'],
        },
      },
    })),
  }));

/** The lab compiled, or null when the engine refuses it (e.g. a comment iptables would not take). */
function compiledOrNull(doc: LabDocument): Network | null {
  const c = compileLab(doc);
  return c.issues.some((i) => i.severity === 'error') ? null : c.network!;
}

describe('no lab gets user text executed by its script (property)', () => {
  it('ids and interface names reaching the script are valid; display text only in comments; here-documents intact', () => {
    let checked = 0;
    fc.assert(
      fc.property(hostileLab, (doc) => {
        const net = compiledOrNull(doc);
        if (!net) return;
        checked++;
        const script = netnsScript(net, { prefix: 'nl-' });
        // every id and interface name that reaches the script passed the validators
        for (const sid of net.segments.keys()) expect(ID_PATTERN.test(sid), sid).toBe(true);
        for (const d of net.devices) {
          expect(ID_PATTERN.test(d.id), d.id).toBe(true);
          for (const i of d.ifaces) expect(ifnameProblem(i.name), i.name).toBeNull();
        }
        // display names and descriptions appear only inside comment lines
        const { comments, heredocs } = parseScript(script);
        for (const line of script.split('\n'))
          if (line.includes(DISPLAY_MARK)) expect(line.startsWith('# '), JSON.stringify(line)).toBe(true);
        for (const c of comments) expect(c).toBe(c.startsWith('#!') ? c : shComment(c.slice(2)));
        // each here-document holds exactly its ruleset: nothing after it is ever read as commands
        expect(heredocs).toEqual(
          net.devices.map((d) => restoreInput(d.ruleset).replaceAll('\0', '')).filter((t) => t !== ''),
        );
        // and every command is made of literal words only
        const words = commandWords(script);
        for (const w of words) expect(w.join(' ')).not.toContain(DISPLAY_MARK);
      }),
      { numRuns: 500 },
    );
    expect(checked).toBeGreaterThan(100);
  });
});

describe('shComment', () => {
  it('is one line starting with "# " whatever the text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const c = shComment(s);
        expect(c.startsWith('# ')).toBe(true);
        expect(c).not.toMatch(/[\n\r\0]/);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('shq', () => {
  it('leaves safe words bare and quotes everything else', () => {
    expect(shq('nl-vlab')).toBe('nl-vlab');
    expect(shq('net.ipv4.conf.eth0/100.rp_filter=1')).toBe('net.ipv4.conf.eth0/100.rp_filter=1');
    expect(shq('')).toBe("''");
    expect(shq('a b')).toBe("'a b'");
    expect(shq("it's")).toBe(`'it'"'"'s'`);
    expect(shq('$(id)')).toBe("'$(id)'");
    expect(shq('~')).toBe("'~'");
  });

  it('round-trips through the lexer for any string (property; bash itself in src/kernel/netns-script.test.ts)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }).filter((s) => !s.includes('\n') && !s.includes(' ')),
        (s) => {
          expect(shellWords(shq(s))).toEqual([s]);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
