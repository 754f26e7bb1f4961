/**
 * natlab's console against iproute2 6.1 on a real kernel: every command recorded by
 * scripts/kernel/record-iproute-fixtures.sh is run on the compiled lab.json of its scenario and must
 * print the same bytes, stderr and exit code.
 *
 * `ip route get` runs twice: answered from the recorded kernel answer itself (parsed from the text
 * output), which checks the printing of text and JSON alone; and through the engine's routeGet, which
 * checks the lookup too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatIssue, type LabDocument } from '../lab/document.ts';
import { compileLab } from '../lab/compile.ts';
import { routeGet } from '../routing/route-get.ts';
import { execCommand, type ExecDeps } from './exec.ts';
import { parseRouteGetText } from './testing.ts';
import type { RouteGetPrintable } from './ip-route-get.ts';

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), '__golden__');

interface Recorded {
  readonly argv: readonly string[];
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

/**
 * The one documented difference (ip-addr-show.ts): a lab veth's peer is in another namespace, which
 * the kernel shows as `eth0@if2`, `link-netns NS` and `"link_index"`/`"link_netnsid"`.
 */
function withoutPeer(out: string): string {
  return out
    .replace(/^(\d+: [^:@]+)@if\d+:/gm, '$1:')
    .replace(/ link-netns \S+$/gm, '')
    .replace(/"link_index":\d+,/g, '')
    .replace(/,"link_netnsid":\d+/g, '')
    .replace(/^ *"link_index": \d+,\n/gm, '')
    .replace(/^ *"link_netnsid": \d+,\n/gm, '');
}

/**
 * Scenarios the lab document cannot express yet, by reason: their tests are expected to fail, and
 * start failing as a reminder once they pass.
 */
const UNSUPPORTED: Record<string, string> = {
  loopback: 'lab documents cannot put addresses on lo (compile: "interface lo is implicit")',
};

/** Where the engine's routeGet answers differently from the kernel (src/engine/routing), by reason. */
const ROUTE_GET_DIFFERS: Record<string, string> = {
  'routes: route get 172.20.0.9':
    'the route\'s gateway 10.2.0.2 is a local address: the nexthop has scope host, so the kernel does not use it (no rt_uses_gateway, no "via")',
  'routes: route get 224.0.0.1':
    'multicast output routes are not modelled (EINVAL instead of "multicast … cache <local,mc>")',
  'routes: route get 255.255.255.255':
    'limited broadcast output is not modelled (EINVAL instead of "broadcast … dev eth0", by the default route)',
  'surebackup: route get 255.255.255.255':
    'limited broadcast output is not modelled (EINVAL instead of "broadcast … dev eth0", by the default route)',
};

for (const scenario of readdirSync(GOLDEN).sort()) {
  describe(scenario, () => {
    const dir = join(GOLDEN, scenario);
    const doc = JSON.parse(readFileSync(join(dir, 'lab.json'), 'utf8')) as LabDocument;
    const commands = JSON.parse(readFileSync(join(dir, 'commands.json'), 'utf8')) as Recorded[];
    const compiled = compileLab(doc);
    const read = (c: Recorded) => readFileSync(join(dir, c.stdout), 'utf8');

    /** The kernel's answer to the same query, from the text recording of `ip route get …`. */
    const recordedAnswer = (argv: readonly string[]): RouteGetPrintable => {
      const text = argv.filter((a) => a !== '-j' && a !== '-p').join(' ');
      const c = commands.find((x) => x.argv.join(' ') === text);
      if (c === undefined) throw new Error(`no text recording of ${text}`);
      return parseRouteGetText(read(c), c.stderr);
    };

    const test = UNSUPPORTED[scenario] !== undefined ? it.fails : it;

    test('compiles', () => {
      expect(compiled.issues.filter((i) => i.severity === 'error').map(formatIssue)).toEqual([]);
    });

    const check = (c: Recorded, deps: ExecDeps) => {
      const network = compiled.network;
      if (network === undefined) throw new Error('lab does not compile');
      const out = execCommand(network, 'dut', c.argv, deps);
      expect({ stdout: out.stdout, stderr: out.stderr, code: out.code }).toEqual({
        stdout: withoutPeer(read(c)),
        stderr: c.stderr,
        code: c.code,
      });
    };

    for (const c of commands) {
      test(c.argv.join(' '), () => check(c, { routeGet: () => recordedAnswer(c.argv) }));
      if (c.argv.includes('get')) {
        const key = `${scenario}: ${c.argv.filter((a) => a !== 'ip' && a !== '-j').join(' ')}`;
        const known = UNSUPPORTED[scenario] ?? ROUTE_GET_DIFFERS[key];
        (known !== undefined ? it.fails : it)(`${c.argv.join(' ')} [routeGet]`, () => check(c, { routeGet }));
      }
    }
  });
}
