/**
 * `conntrack` (conntrack-tools 1.4.7) on a simulated device: `-L` lists the device's table from the
 * console's simulation state, with the `-p -s -d -r -q -m -f` filters, `-F` empties it, `-C` counts it.
 * Its option parsing is conntrack's: getopt_long with its long options, "Invalid commands
 * combination", "Illegal option `--protonum' with this command", and every error followed by the
 * "Try `conntrack -h'" line and exit status 2.
 */
import type { Cidr } from '../addr/ipv4.ts';
import type { Device } from '../model/device.ts';
import type { SimState } from '../sim/state.ts';
import { unsupported } from './console-errors.ts';
import { flushTable, formatCtEntry, matchesFilter, type CtFilter } from './conntrack-list.ts';
import { getopt, strtol, type GetoptError, type LongOption } from './getopt.ts';
import { inetAton } from './inet-aton.ts';
import type { CommandOutput } from './ip-route-get.ts';
import { CONNTRACK_USAGE } from './tool-usage.ts';

const VERSION = 'conntrack v1.4.7 (conntrack-tools)';

/** conntrack.c's `original_opts`. */
const LONG: readonly LongOption[] = (
  [
    ['dump', 2, 'L'],
    ['create', 2, 'I'],
    ['delete', 2, 'D'],
    ['update', 2, 'U'],
    ['get', 2, 'G'],
    ['flush', 2, 'F'],
    ['event', 2, 'E'],
    ['counter', 2, 'C'],
    ['stats', 0, 'S'],
    ['version', 0, 'V'],
    ['help', 0, 'h'],
    ['orig-src', 1, 's'],
    ['src', 1, 's'],
    ['orig-dst', 1, 'd'],
    ['dst', 1, 'd'],
    ['reply-src', 1, 'r'],
    ['reply-dst', 1, 'q'],
    ['protonum', 1, 'p'],
    ['timeout', 1, 't'],
    ['status', 1, 'u'],
    ['zero', 0, 'z'],
    ['event-mask', 1, 'e'],
    ['tuple-src', 1, '['],
    ['tuple-dst', 1, ']'],
    ['mask-src', 1, '{'],
    ['mask-dst', 1, '}'],
    ['nat-range', 1, 'a'],
    ['mark', 1, 'm'],
    ['secmark', 1, 'c'],
    ['id', 2, 'i'],
    ['family', 1, 'f'],
    ['src-nat', 2, 'n'],
    ['dst-nat', 2, 'g'],
    ['output', 1, 'o'],
    ['buffer-size', 1, 'b'],
    ['any-nat', 2, 'j'],
    ['zone', 1, 'w'],
    ['label', 1, 'l'],
    ['label-add', 1, '<'],
    ['label-del', 2, '>'],
    ['orig-zone', 1, '('],
    ['reply-zone', 1, ')'],
  ] as const
).map(([name, hasArg, val]) => ({ name, hasArg, val }));

/** `-p tcp`/`-p udp`/`-p icmp` options (natlab does not filter on them). */
const PROTO_LONG: readonly LongOption[] = [
  'orig-port-src',
  'orig-port-dst',
  'sport',
  'dport',
  'reply-port-src',
  'reply-port-dst',
  'mask-port-src',
  'mask-port-dst',
  'tuple-port-src',
  'tuple-port-dst',
  'state',
  'icmp-type',
  'icmp-code',
  'icmp-id',
].map((name) => ({ name, hasArg: 1, val: '\u0001' }));

const SPEC = {
  flags: 'hVzS',
  withArg: 'sdrqptuea[]{}mifocbwl<()',
  optionalArg: 'LIUDGEFngCj>',
};

/** /etc/protocols names conntrack's `-p` takes (getprotobyname). */
const PROTOCOLS: Readonly<Record<string, number>> = {
  ip: 0,
  icmp: 1,
  igmp: 2,
  tcp: 6,
  udp: 17,
  dccp: 33,
  gre: 47,
  esp: 50,
  ah: 51,
  'ipv6-icmp': 58,
  icmpv6: 58,
  sctp: 132,
  udplite: 136,
};

/** Options that only `-L` takes: their names in conntrack's "Illegal option" message. */
const FILTER_NAMES: Readonly<Record<string, string>> = {
  s: 'src',
  d: 'dst',
  r: 'reply-src',
  q: 'reply-dst',
  p: 'protonum',
  m: 'mark',
};

class Exit {
  constructor(readonly out: CommandOutput) {}
}

function problem(msg: string): never {
  throw new Exit({
    stdout: '',
    stderr: `${VERSION}: ${msg}\nTry \`conntrack -h' or 'conntrack --help' for more information.\n`,
    code: 2,
  });
}

function getoptProblem(e: GetoptError, args: readonly string[]): never {
  switch (e.kind) {
    case 'invalid':
      return problem(`unknown option \`-${e.opt}'`);
    case 'missing':
      return problem(`option \`-${e.opt}' requires an argument`);
    case 'long-needs-arg':
      return problem(`option \`--${e.name}' requires an argument`);
    case 'unknown-long':
    case 'ambiguous-long':
      return problem(`unknown option \`--${e.name}'`);
    case 'long-takes-no-arg':
      throw new Exit(unsupported(['conntrack', ...args], `--${e.name} takes no value`));
  }
}

/** conntrack's `parse_addr`: an IPv4 address (inet_aton forms) with an optional `/LEN`. */
function address(text: string, args: readonly string[]): Cidr {
  const slash = text.indexOf('/');
  const host = slash < 0 ? text : text.slice(0, slash);
  if (host.includes(':')) throw new Exit(unsupported(['conntrack', ...args], 'natlab models IPv4 only'));
  const a = inetAton(host);
  if (a === null) return problem(`Invalid IP address \`${text}'`);
  if (slash < 0) return { addr: a, len: 32 };
  const n = strtol(text.slice(slash + 1), 10);
  const len = n.digits ? n.value : 0n;
  if (len < 0n || len > 32n) return problem('Invalid netmask');
  return { addr: a, len: Number(len) };
}

function protocol(text: string): number {
  const named = PROTOCOLS[text];
  if (named !== undefined) return named;
  const n = strtol(text, 10);
  if (n.digits && n.rest === '' && n.value >= 0n && n.value <= 255n) return Number(n.value);
  return problem(`\`${text}' unsupported protocol`);
}

/** `strtoul(s, &end, 0)` of the `-m MARK[/MASK]` parts (garbage reads as 0, as in conntrack). */
function u32(text: string): number {
  const n = strtol(text, 0);
  return Number(BigInt.asUintN(32, n.digits ? n.value : 0n));
}

/** Runs `conntrack ARGS…` (argv without `conntrack`) against the device's table in `state`. */
export function runConntrack(
  device: Device,
  args: readonly string[],
  state: SimState | undefined,
): CommandOutput {
  try {
    return conntrack(device, args, state);
  } catch (e) {
    if (e instanceof Exit) return e.out;
    throw e;
  }
}

function conntrack(device: Device, args: readonly string[], state: SimState | undefined): CommandOutput {
  const g = getopt(args, { ...SPEC, long: [...LONG, ...PROTO_LONG] });
  if (!g.ok) getoptProblem(g.error, args);
  const operands = new Map(g.operandIndex.map((idx, k) => [idx, g.operands[k]!]));
  let command: 'L' | 'F' | 'C' | null = null;
  let table = 'conntrack';
  const filter: { -readonly [K in keyof CtFilter]: CtFilter[K] } = {};
  const given = new Set<string>();
  for (const o of g.options) {
    if ('LIUDGEFCS'.includes(o.opt)) {
      if (command !== null) problem('Invalid commands combination');
      if (o.opt !== 'L' && o.opt !== 'F' && o.opt !== 'C')
        throw new Exit(
          unsupported(['conntrack', ...args], `natlab's console does not run conntrack ${o.spelled}`),
        );
      command = o.opt;
      // check_type() → get_optional_arg(): an attached value (`-Lp`) is dropped, unread; otherwise
      // the next word names the table unless it starts with `-` or `!`
      const next = o.arg === undefined ? operands.get(o.index + 1) : undefined;
      const t = next !== undefined && !next.startsWith('!') ? next : undefined;
      if (t !== undefined) {
        operands.delete(o.index + 1);
        if (t !== 'conntrack' && t !== 'expect' && t !== 'dying' && t !== 'unconfirmed')
          problem(`unknown type \`${t}'`);
        table = t;
      }
      continue;
    }
    const a = o.arg ?? '';
    switch (o.opt) {
      case 'h':
        return { stdout: CONNTRACK_USAGE, stderr: '', code: 0 };
      case 'V':
        return { stdout: `${VERSION}\n`, stderr: '', code: 0 };
      case 's':
        filter.origSrc = address(a, args);
        break;
      case 'd':
        filter.origDst = address(a, args);
        break;
      case 'r':
        filter.replySrc = address(a, args);
        break;
      case 'q':
        filter.replyDst = address(a, args);
        break;
      case 'p':
        filter.proto = protocol(a);
        break;
      case 'm': {
        const slash = a.indexOf('/');
        filter.mark =
          slash < 0
            ? { value: u32(a), mask: 0xffffffff }
            : { value: u32(a.slice(0, slash)), mask: u32(a.slice(slash + 1)) };
        break;
      }
      case 'f':
        if (a !== 'ipv4' && a !== 'ipv6')
          throw new Exit(unsupported(['conntrack', ...args], `natlab does not know the family "${a}"`));
        filter.ipv6 = a === 'ipv6';
        break;
      default:
        throw new Exit(
          unsupported(['conntrack', ...args], `natlab's console does not simulate ${o.spelled}`),
        );
    }
    given.add(o.opt);
  }
  // words left over are ignored, as conntrack ignores them
  if (command === null) return { stdout: CONNTRACK_USAGE, stderr: '', code: 0 };
  if (command !== 'L')
    for (const k of ['s', 'd', 'r', 'q', 'p', 'm'])
      if (given.has(k)) problem(`Illegal option \`--${FILTER_NAMES[k]}' with this command`);
  if (table === 'dying' || table === 'unconfirmed')
    return unsupported(['conntrack', ...args], `natlab has no ${table} list`);
  if (table === 'expect') {
    if (command !== 'L') return unsupported(['conntrack', ...args], 'natlab has no expectations to change');
    return { stdout: '', stderr: `${VERSION}: 0 expectations have been shown.\n`, code: 0 };
  }
  const ct = state?.conntrack(device.id);
  const entries = ct?.entries ?? [];
  if (command === 'C') return { stdout: `${entries.length}\n`, stderr: '', code: 0 };
  if (command === 'F') {
    if (ct) flushTable(ct);
    return { stdout: '', stderr: `${VERSION}: connection tracking table has been emptied.\n`, code: 0 };
  }
  const shown = entries.filter((e) => matchesFilter(e, filter));
  return {
    stdout: shown.map((e) => `${formatCtEntry(e)}\n`).join(''),
    stderr: `${VERSION}: ${shown.length} flow entries have been shown.\n`,
    code: 0,
  };
}
