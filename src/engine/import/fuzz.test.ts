/**
 * The importer against random and mutated scripts (fast-check, thousands of cases): it never throws,
 * never fails internally, never takes long, and every rejection says where (a line of the script) and
 * what, naming the command when the line has one.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { netnsScript } from '../export/netns-script.ts';
import { compileLab } from '../lab/compile.ts';
import type { LabDocument } from '../lab/format.ts';
import { importScript, MAX_SCRIPT_CHARS } from './import-script.ts';

const here = (p: string) => new URL(p, import.meta.url);
const SEED = JSON.parse(
  readFileSync(here('../../../public/labs/surebackup-basic.lab.json'), 'utf8'),
) as LabDocument;
const CORPUS = [
  readFileSync(here('./__fixtures__/selftest-style.sh'), 'utf8'),
  readFileSync(here('./__fixtures__/kernel-lab-expanded.sh'), 'utf8'),
  netnsScript(compileLab(SEED).network!),
  netnsScript(compileLab(SEED).network!, { prefix: '' }),
];

// prettier-ignore
const TOKENS = [
  'ip', 'netns', 'add', 'del', 'exec', 'link', 'set', 'dev', 'up', 'down', 'type', 'veth', 'peer', 'name', 'bridge',
  'master', 'nomaster', 'addr', 'a', 'route', 'r', 'rule', 'neigh', 'proxy', 'lookup', 'table', 'fwmark', '0x2/0x2',
  'pref', 'via', 'metric', 'src', 'onlink', 'blackhole', 'default', 'flush', 'replace', 'append', '-n', '-netns',
  '-6', 'ns1', 'ns2', 'kt-a', 'eth0', 'v0', 'br0', 'lo', '10.0.0.1/24', '10.0.0.2', '192.168.1.0/24', '300.1.1.1',
  'iptables', '-t', 'nat', '-A', '-I', '-D', '-R', '-N', '-X', '-P', '-F', '-E', 'POSTROUTING', 'INPUT', 'FORWARD',
  '-j', 'MASQUERADE', 'DROP', 'ACCEPT', '-o', '-i', '1', '2', '99', 'iptables-restore', "<<'EOF'", '<<EOF', '<<-X',
  'EOF', '*nat', 'COMMIT', 'sysctl', '-w', '-qw', 'net.ipv4.ip_forward=1', 'net.ipv4.conf.eth0.rp_filter=2',
  'net.ipv4.conf.all.rp_filter=9', 'echo', '>', '/proc/sys/net/ipv4/ip_forward', '2>/dev/null', '||', 'true', '&&',
  ';', '|', '&', '(', ')', '{', '}', 'if', 'then', 'fi', 'for', 'do', 'done', 'case', 'esac', '$X', '${P}', '$(id)',
  '`id`', "'", '"', '\\', '#', '\\\n', '\n', '\t', 'set', '-e', 'exit', 'nsx', 'sh', '-c', 'sudo', '*', '~', 'a=b',
  '\u0000', '\r', '\u001b[31m', '\u2028', '\ud800', 'é', '💥', '$', '=', 'x'.repeat(300),
];

const tokenSoup = fc
  .array(fc.constantFrom(...TOKENS), { maxLength: 80 })
  .chain((ts) =>
    fc
      .array(fc.constantFrom(' ', ' ', ' ', '\n', ''), { minLength: ts.length, maxLength: ts.length })
      .map((seps) => ts.map((t, i) => t + seps[i]).join('')),
  );

type Mutation = (lines: string[]) => string[];
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map((k) => (ls: string[]) => ls.filter((_, i) => i !== k % Math.max(ls.length, 1))),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => (ls: string[]) => {
    const out = [...ls];
    if (out.length === 0) return out; // (swapping in an empty script would make a hole)
    const i = a % Math.max(out.length, 1);
    const j = b % Math.max(out.length, 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
    return out;
  }),
  fc.nat().map((k) => (ls: string[]) => {
    const i = k % Math.max(ls.length, 1);
    return [...ls.slice(0, i + 1), ls[i] ?? '', ...ls.slice(i + 1)];
  }),
  fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...TOKENS)).map(([a, b, tok]) => (ls: string[]) => {
    const i = a % Math.max(ls.length, 1);
    const words = (ls[i] ?? '').split(' ');
    words[b % Math.max(words.length, 1)] = tok;
    return ls.map((l, k) => (k === i ? words.join(' ') : l));
  }),
  fc
    .tuple(fc.nat(), fc.nat(), fc.string({ unit: 'binary', maxLength: 4 }))
    .map(([a, b, junk]) => (ls: string[]) => {
      const i = a % Math.max(ls.length, 1);
      const l = ls[i] ?? '';
      const at = b % (l.length + 1);
      return ls.map((x, k) => (k === i ? l.slice(0, at) + junk + l.slice(at) : x));
    }),
  fc.nat().map((k) => (ls: string[]) => ls.slice(0, (k % Math.max(ls.length, 1)) + 1)),
  fc.constant((ls: string[]) => ls.map((l) => l.replaceAll("'", '"'))),
  fc.constant((ls: string[]) => ls.map((l) => l.replaceAll('"', ''))),
);

const mutated = fc
  .tuple(fc.constantFrom(...CORPUS), fc.array(mutation, { minLength: 1, maxLength: 6 }))
  .map(([src, ms]) => ms.reduce((ls, m) => m(ls), src.split('\n')).join('\n'));

let slowest = 0;

function check(script: string): void {
  const t0 = performance.now();
  const r = importScript(script);
  slowest = Math.max(slowest, performance.now() - t0);
  const lines = script.split('\n');
  const all = r.ok ? r.warnings : r.issues;
  for (const i of all) {
    expect(i.message).not.toMatch(/natlab failed while importing/);
    expect(i.message.length).toBeGreaterThan(0);
    expect(i.line).toBeGreaterThanOrEqual(1);
    expect(i.line).toBeLessThanOrEqual(lines.length + 1);
    // the command is named whenever the line has one
    const source = lines[i.line - 1] ?? '';
    if (!r.ok && source.trim() !== '' && !source.trim().startsWith('#'))
      expect(i.command, JSON.stringify({ script, i })).not.toBe('');
  }
  if (!r.ok) expect(r.issues.length).toBeGreaterThan(0);
  else expect(compileLab(r.doc).issues.filter((i) => i.severity === 'error')).toEqual([]);
}

describe('importer fuzzing', () => {
  it('the corpus imports', () => {
    for (const s of CORPUS) expect(importScript(s).ok).toBe(true);
  });

  it('random bytes', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), check), { numRuns: 1500 });
  });

  it('token soup', () => {
    fc.assert(fc.property(tokenSoup, check), { numRuns: 3000 });
  }, 120_000);

  it('mutated fixtures and exporter output', () => {
    fc.assert(fc.property(mutated, check), { numRuns: 3000 });
  }, 120_000);

  it('big and deeply nested inputs stay fast', () => {
    const big = [
      'ip netns add f-a',
      'ip -n f-a link add d0 type dummy',
      'ip -n f-a link set d0 up',
      ...Array.from({ length: 3000 }, (_, i) => `ip -n f-a route add 10.${i >> 8}.${i & 255}.0/24 dev d0`),
      ...Array.from({ length: 1000 }, (_, i) => `ip -n f-a rule add fwmark ${i} lookup ${i + 1}`),
      ...Array.from(
        { length: 1000 },
        (_, i) => `ip netns exec f-a iptables -A INPUT -s 10.0.${i >> 8}.${i & 255} -j DROP`,
      ),
    ].join('\n');
    const t0 = performance.now();
    const r = importScript(big);
    expect(r.ok).toBe(true);
    expect(performance.now() - t0).toBeLessThan(20_000);
    for (const s of [
      `echo ${'$('.repeat(5000)}`,
      `${'ip netns exec a '.repeat(5000)}ip a`,
      `${"sh -c '".repeat(50)}`,
      `echo "${'\\'.repeat(100_000)}"`,
      'x'.repeat(1_000_000),
      `iptables-restore <<EOF\n${'-A X\n'.repeat(10_000)}`,
      '\n'.repeat(100_000),
    ])
      check(s);
  }, 60_000);

  it('deleting thousands of routes stays linear-ish; a script over the size cap is refused at once', () => {
    const routes = Array.from({ length: 4000 }, (_, i) => `10.1.${i >> 8}.${i & 255}/32`);
    const script = [
      'ip netns add f-a',
      'ip -n f-a link add d0 type dummy',
      'ip -n f-a link set d0 up',
      'ip -n f-a addr add 10.0.0.1/16 dev d0',
      ...routes.map((r) => `ip -n f-a route add ${r} via 10.0.0.2`),
      ...routes.map((r) => `ip -n f-a route del ${r}`),
    ].join('\n');
    const t0 = performance.now();
    expect(importScript(script).ok).toBe(true);
    expect(performance.now() - t0).toBeLessThan(10_000);
    const huge = importScript('#'.repeat(MAX_SCRIPT_CHARS + 1));
    expect(!huge.ok && huge.issues[0]!.message).toMatch(/natlab reads lab scripts up to 32 MB/);
  }, 60_000);

  it('no single case was slow', () => {
    expect(slowest).toBeLessThan(2000);
  });
});
