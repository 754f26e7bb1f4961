/**
 * `ping`'s command line as iputils-ping 20221126 reads it: glibc getopt with its option string, its
 * number parsers (`strtol_or_err`: "invalid argument: 'X'", "out of range: MIN <= value <= MAX"),
 * `-W`'s `strtod` with its garbage warning, `-I` as an address when it is a dotted quad and a device
 * otherwise, and the destination as `getaddrinfo()` takes it. Options natlab does not simulate are
 * refused by name rather than ignored.
 */
import { parseIpv4, type Ipv4 } from '../addr/ipv4.ts';
import { unsupported } from './console-errors.ts';
import { getopt, strtol } from './getopt.ts';
import { inetAton } from './inet-aton.ts';
import type { CommandOutput } from './ip-route-get.ts';
import { PING_USAGE } from './tool-usage.ts';

export interface PingOptions {
  readonly count: number;
  /** `-I ADDR`: the raw socket is bound to it. */
  readonly source?: Ipv4;
  /** `-I DEV`: SO_BINDTODEVICE. */
  readonly device?: string;
  readonly mark?: number;
  readonly ttl?: number;
  /** Seconds ping waits after the last packet when nothing came back (`-W`, default 10). */
  readonly linger: number;
  readonly quiet: boolean;
  /** `-e ID`: the echo identifier (otherwise natlab picks one). */
  readonly ident?: number;
  /** The destination as typed, and the address it stands for. */
  readonly target: string;
  readonly dst: Ipv4;
  /** Warnings ping prints on stderr and goes on (`-W 1x`). */
  readonly warnings: string;
}

/** The console sends at most this many packets in one command (every one is a full trace). */
export const MAX_COUNT = 100;

const FLAGS = 'aAbBCDdfhLnOqrRUvV46';
const WITH_ARG = 'ceFIilmMNpQsStTwW';
/** Options natlab models; the rest are valid ping options it does not simulate. */
const MODELLED = new Set(['c', 'e', 'I', 'm', 't', 'W', 'n', 'q', '4', 'h', 'V']);
const LLONG_MAX = 9223372036854775807n;

const fail = (stderr: string, code: number): CommandOutput => ({ stdout: '', stderr, code });
const usage = (first: string): CommandOutput => fail(`ping: ${first}\n${PING_USAGE}`, 2);

/** `strtol_or_err()` then the range check of iputils' `parse_*` helpers. */
function integer(text: string, min: bigint, max: bigint): bigint | CommandOutput {
  const r = strtol(text, 10);
  if (!r.digits || r.rest !== '') return fail(`ping: invalid argument: '${text}'\n`, 1);
  if (r.value > LLONG_MAX || r.value < -LLONG_MAX - 1n)
    return fail(`ping: invalid argument: '${text}': Numerical result out of range\n`, 1);
  if (r.value < min || r.value > max)
    return fail(`ping: invalid argument: '${text}': out of range: ${min} <= value <= ${max}\n`, 1);
  return r.value;
}

/** `strtod` as ping_strtod() uses it: the number it starts with, and the garbage after it. */
function strtod(text: string): { value: number; garbage: string } {
  const m = /^\s*[+-]?(\d+\.?\d*(e[+-]?\d+)?|\.\d+(e[+-]?\d+)?|inf(inity)?|nan)/i.exec(text);
  if (!m) return { value: 0, garbage: text };
  return {
    value: Number(m[0].trim().replace(/^([+-]?)inf(inity)?$/i, '$1Infinity')),
    garbage: text.slice(m[0].length),
  };
}

export function parsePingArgs(args: readonly string[]): PingOptions | CommandOutput {
  const g = getopt(args, { flags: FLAGS, withArg: WITH_ARG });
  if (!g.ok) {
    if (g.error.kind === 'missing') return usage(`option requires an argument -- '${g.error.opt}'`);
    return usage(`invalid option -- '${g.error.kind === 'invalid' ? g.error.opt : '-'}'`);
  }
  let count: number | undefined;
  let source: Ipv4 | undefined;
  let device: string | undefined;
  let mark: number | undefined;
  let ttl: number | undefined;
  let ident: number | undefined;
  let linger = 10;
  let quiet = false;
  let warnings = '';
  for (const o of g.options) {
    const a = o.arg ?? '';
    switch (o.opt) {
      case 'h':
        return fail(PING_USAGE, 2);
      case 'V':
        return {
          stdout:
            'ping from iputils 20221126\nlibcap: yes, IDN: yes, NLS: no, error.h: yes, getrandom(): yes, __fpending(): yes\n',
          stderr: '',
          code: 0,
        };
      case 'c': {
        const v = integer(a, 1n, LLONG_MAX);
        if (typeof v !== 'bigint') return v;
        if (v > BigInt(MAX_COUNT))
          return unsupported(
            ['ping', ...args],
            `natlab's console sends at most ${MAX_COUNT} packets: -c 1..${MAX_COUNT}`,
          );
        count = Number(v);
        break;
      }
      case 'e': {
        const v = integer(a, 0n, 65535n);
        if (typeof v !== 'bigint') return v;
        ident = Number(v);
        break;
      }
      case 'm': {
        const v = integer(a, 0n, 4294967295n);
        if (typeof v !== 'bigint') return v;
        mark = Number(v);
        break;
      }
      case 't': {
        const v = integer(a, 0n, 255n);
        if (typeof v !== 'bigint') return v;
        ttl = Number(v);
        break;
      }
      case 'W': {
        const { value, garbage } = strtod(a);
        if (garbage !== '')
          warnings += `ping: option argument contains garbage: ${garbage}\nping: this will become fatal error in the future\n`;
        if (!(value >= 0) || value > 2147483647 / 1000) return fail(`ping: bad linger time: ${a}\n`, 2);
        if (Math.trunc(value * 1000) === 0)
          return unsupported(['ping', ...args], 'with -W 0 ping waits for ever; give it a number of seconds');
        linger = Math.trunc(value * 1000) / 1000;
        break;
      }
      case 'I': {
        // inet_pton(AF_INET): a strict dotted quad is an address, anything else a device name
        const quad = parseIpv4(a);
        if (quad.ok) source = quad.value;
        else device = a;
        break;
      }
      case 'q':
        quiet = true;
        break;
      case 'n':
      case '4':
        break;
      default:
        if (!MODELLED.has(o.opt))
          return unsupported(['ping', ...args], `natlab does not simulate ping's ${o.spelled} option`);
    }
  }
  const dests = g.operands;
  if (dests.length === 0) return fail('ping: usage error: Destination address required\n', 1);
  if (dests.length > 1)
    return unsupported(
      ['ping', ...args],
      'several destinations ask for IP source routing, which natlab does not simulate',
    );
  const target = dests[0]!;
  const dst = inetAton(target);
  // natlab has no DNS: a name is what a lab namespace without a resolver answers
  if (dst === null) return fail(`ping: ${target}: Temporary failure in name resolution\n`, 2);
  return {
    count: count ?? 1,
    ...(source !== undefined ? { source } : {}),
    ...(device !== undefined ? { device } : {}),
    ...(mark !== undefined ? { mark } : {}),
    ...(ttl !== undefined ? { ttl } : {}),
    ...(ident !== undefined ? { ident } : {}),
    linger,
    quiet,
    target,
    dst,
    warnings,
  };
}

export function isPingOptions(v: PingOptions | CommandOutput): v is PingOptions {
  return 'dst' in v;
}
