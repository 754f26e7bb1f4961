/**
 * __fixtures__/kernel-semantics.sh was run on Linux 6.18 (iproute2 6.1, iptables 1.8.9 nf_tables);
 * __fixtures__/kernel-semantics.recorded.txt is what the kernel held afterwards. The imported lab must
 * hold the same: every route of every table, the RPDB, the ruleset, the sysctls, the proxy entries.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { IfConf } from '../model/device.ts';
import { compileLab } from '../lab/compile.ts';
import { routeGet } from '../routing/route-get.ts';
import { execCommand } from '../tools/exec.ts';
import { importScript } from './import-script.ts';

const read = (f: string) => readFileSync(new URL(`./__fixtures__/${f}`, import.meta.url), 'utf8');
const recorded = new Map(
  read('kernel-semantics.recorded.txt')
    .split(/^== /m)
    .slice(1)
    .map((s) => {
      const nl = s.indexOf('\n');
      return [s.slice(0, nl), s.slice(nl + 1).trimEnd()] as const;
    }),
);

describe('kernel-semantics.sh, imported, holds what the kernel held', () => {
  const r = importScript(read('kernel-semantics.sh'));
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.line}: ${i.message}`).join('\n'));
  const net = compileLab(r.doc).network!;
  const a = net.byId.get('a')!;
  const run = (cmd: string) =>
    execCommand(net, 'a', cmd.split(' '), { routeGet, date: '' })
      .stdout.split('\n')
      .filter((l) => !l.startsWith('#'))
      .join('\n')
      .trimEnd();

  it('imports without warnings', () => {
    expect(r.warnings).toEqual([]);
  });

  it.each(['ip -4 route show table all', 'ip rule show', 'iptables-save'])('%s', (cmd) => {
    expect(run(cmd)).toBe(recorded.get(cmd));
  });

  it('sysctls (conf.default reaches only interfaces that have no address yet)', () => {
    for (const line of recorded.get('sysctl')!.split('\n')) {
      const [key, value] = line.split('=') as [string, string];
      const [, who, knob] = key.split('.') as [string, string, keyof IfConf];
      const got =
        key === 'ip_forward'
          ? a.confAll.forwarding
          : who === 'all'
            ? a.confAll[knob]
            : who === 'default'
              ? a.confDefault[knob]
              : a.ifByName.get(who)!.rawConf[knob];
      expect(`${key}=${got}`).toBe(line);
      expect(String(got)).toBe(value);
    }
  });

  it('ip neigh show proxy', () => {
    expect(
      a.proxyNeighbours.map(
        (p) =>
          `${p.addr >>> 24}.${(p.addr >>> 16) & 255}.${(p.addr >>> 8) & 255}.${p.addr & 255} dev ${p.dev} proxy`,
      ),
    ).toEqual(
      recorded
        .get('ip neigh show proxy')!
        .split('\n')
        .map((l) => l.trim()),
    );
  });
});
