/**
 * `ip` as natlab's read-only console runs it: iproute2's option and keyword matching (`matches()`:
 * any prefix of a keyword, tried in iproute2's order), its error messages and exit codes, dispatched
 * to the printers. Commands that would change the device are refused.
 */
import { parseCidr, type Ipv4 } from '../addr/ipv4.ts';
import type { Device } from '../model/device.ts';
import { formatAddrShow } from './ip-addr-show.ts';
import { parseTableId, parseUnsigned } from './ip-names.ts';
import {
  formatRouteGet,
  type CommandOutput,
  type RouteGetPrintable,
  type RouteGetRequest,
} from './ip-route-get.ts';
import { formatRouteShow, routeTableExists } from './ip-route-show.ts';
import { formatRuleShow } from './ip-rule-show.ts';
import { readOnly, unsupported } from './console-errors.ts';
import {
  ADDR_CMDS,
  ADDR_SELECTORS,
  firstMatch,
  IP_OBJECTS,
  IP_OPTIONS,
  matches,
  ROUTE_CMDS,
  RULE_CMDS,
  SHOW_SELECTORS,
  USAGE,
  WRITES,
} from './ip-keywords.ts';

export interface IpDeps {
  readonly routeGet: (device: Device, q: RouteGetRequest) => RouteGetPrintable;
}

class Exit {
  constructor(
    readonly stderr: string,
    readonly code: number,
    readonly stdout = '',
  ) {}
}

function fail(stderr: string, code: number, stdout = ''): never {
  throw new Exit(stderr, code, stdout);
}
const incomplete = (): never => fail('Command line is not complete. Try option "help"\n', 255);
const invarg = (msg: string, arg: string): never => fail(`Error: argument "${arg}" is wrong: ${msg}\n`, 255);

interface Globals {
  json: boolean;
  pretty: boolean;
  inet: boolean;
}

/** Runs `ip ARGS…` (argv without the leading `ip`) against a device. */
export function runIp(device: Device, args: readonly string[], deps: IpDeps): CommandOutput {
  try {
    return ip(device, args, deps);
  } catch (e) {
    if (e instanceof Exit) return { stdout: e.stdout, stderr: e.stderr, code: e.code };
    throw e;
  }
}

function ip(device: Device, args: readonly string[], deps: IpDeps): CommandOutput {
  const g: Globals = { json: false, pretty: false, inet: false };
  let i = 0;
  for (; i < args.length; i++) {
    const raw = args[i]!;
    if (raw === '--') {
      i++;
      break;
    }
    if (!raw.startsWith('-')) break;
    const opt = raw.startsWith('--') ? raw.slice(1) : raw;
    if (opt === '-4') g.inet = true;
    else if (['-6', '-0', '-M', '-B'].includes(opt))
      return unsupported(['ip', ...args], 'natlab models IPv4 only');
    else if (opt === '-echo') return unsupported(['ip', ...args]);
    else {
      const o = firstMatch(opt, IP_OPTIONS);
      if (o === '-family') {
        const f = args[++i] ?? incomplete();
        if (f === 'inet') g.inet = true;
        else return unsupported(['ip', ...args], 'natlab models IPv4 only');
      } else if (o === '-json') g.json = true;
      else if (o === '-pretty') g.pretty = true;
      else if (o !== undefined) return unsupported(['ip', ...args], `the option ${raw} is not supported`);
      else fail(`Option "${opt}" is unknown, try "ip -help".\n`, 255);
    }
  }
  const objArg = args[i];
  if (objArg === undefined) fail(USAGE, 255);
  const obj = firstMatch(objArg, IP_OBJECTS);
  if (obj === undefined) fail(`Object "${objArg}" is unknown, try "ip help".\n`, 1);
  const rest = args.slice(i + 1);
  const cmd = ['ip', ...args];
  if (obj === 'route') return ipRoute(device, g, rest, cmd, deps);
  if (obj === 'rule') return ipRule(device, g, rest, cmd);
  if (obj === 'address') return ipAddr(device, g, rest, cmd);
  return unsupported(cmd);
}

function subcommand(
  rest: readonly string[],
  keywords: readonly string[],
  object: string,
  cmd: readonly string[],
): string {
  const a = rest[0];
  if (a === undefined) return 'list';
  const k = a === 'chg' ? 'change' : firstMatch(a, keywords);
  if (k === undefined) fail(`Command "${a}" is unknown, try "ip ${object} help".\n`, 255);
  if (WRITES.has(k!)) fail(readOnly(cmd).stderr, 2);
  if (k === 'show' || k === 'lst') return 'list';
  return k!;
}

function ipRoute(
  device: Device,
  g: Globals,
  rest: readonly string[],
  cmd: readonly string[],
  deps: IpDeps,
): CommandOutput {
  const sub = subcommand(rest, ROUTE_CMDS, 'route', cmd);
  if (sub === 'list') return routeShow(device, g, rest.slice(1), cmd);
  if (sub === 'get') return routeGet(device, g, rest.slice(1), cmd, deps);
  return unsupported(cmd);
}

/** Whether a word is what `get_prefix()` accepts (an address or prefix): a selector natlab lacks. */
function isPrefix(a: string): boolean {
  return a === 'default' || a === 'all' || a === 'any' || parseCidr(a, true).ok;
}

const prefixError = (a: string, known: boolean): never =>
  fail(`Error: ${known ? 'inet' : 'any valid'} prefix is expected rather than "${a}".\n`, 1);

/** `iproute_list_flush_or_save()` argument parsing, for `table` and `dev`. */
function routeShow(
  device: Device,
  g: Globals,
  args: readonly string[],
  cmd: readonly string[],
): CommandOutput {
  let table: number | 'all' = 254;
  let dev: string | undefined;
  for (let k = 0; k < args.length; k++) {
    const a = args[k]!;
    if (matches(a, 'table')) {
      const t = args[++k] ?? incomplete();
      const id = parseTableId(t);
      if (id !== null) table = id === 0 ? 'all' : id;
      else if (t === 'all') table = 'all';
      else if (t === 'cache') return unsupported(cmd, 'the route cache is not modelled');
      else invarg('table id value is invalid\n', t);
    } else if (a === 'dev' || a === 'oif') {
      dev = args[++k] ?? incomplete();
    } else if (SHOW_SELECTORS.some((sel) => matches(a, sel)) || isPrefix(a)) {
      return unsupported(cmd, `the selector "${a}" is not supported`);
    } else {
      prefixError(a, g.inet);
    }
  }
  if (dev !== undefined && !device.ifByName.has(dev)) fail(`Cannot find device "${dev}"\n`, 1);
  if (table !== 'all' && !routeTableExists(device, table))
    fail('Error: ipv4: FIB table does not exist.\nDump terminated\n', 2, g.json ? '[' : '');
  const stdout = formatRouteShow(device, {
    table,
    json: g.json,
    pretty: g.pretty,
    ...(dev !== undefined ? { dev } : {}),
  });
  return { stdout, stderr: '', code: 0 };
}

/** `iproute_get()` argument parsing. */
function routeGet(
  device: Device,
  g: Globals,
  args: readonly string[],
  cmd: readonly string[],
  deps: IpDeps,
): CommandOutput {
  let known = g.inet;
  let stderr = '';
  let dst: Ipv4 | undefined;
  let from: Ipv4 | undefined;
  let iif: string | undefined;
  let oif: string | undefined;
  let mark: number | undefined;
  const prefix = (a: string) => {
    const c = parseCidr(a, true);
    if (!c.ok) return prefixError(a, known);
    known = true;
    return c.value;
  };
  for (let k = 0; k < args.length; k++) {
    const a = args[k]!;
    if (a === 'tos' || matches(a, 'dsfield')) return unsupported(cmd, 'tos is not supported');
    if (matches(a, 'from')) {
      from = prefix(args[++k] ?? incomplete()).addr;
    } else if (matches(a, 'iif')) {
      iif = args[++k] ?? incomplete();
    } else if (matches(a, 'mark')) {
      const m = args[++k] ?? incomplete();
      mark = parseUnsigned(m) ?? invarg('invalid mark value', m);
    } else if (matches(a, 'oif') || a === 'dev') {
      oif = args[++k] ?? incomplete();
    } else if (
      ['notify', 'connected', 'vrf', 'uid', 'fibmatch'].some((s) => matches(a, s)) ||
      ['as', 'sport', 'dport'].includes(a) ||
      matches(a, 'ipproto')
    ) {
      return unsupported(cmd, `"${a}" is not supported`);
    } else {
      const t = a === 'to' ? (args[++k] ?? incomplete()) : a;
      const c = prefix(t);
      if (c.len !== 32)
        stderr += `Warning: /${c.len} as prefix is invalid, only /32 (or none) is supported.\n`;
      dst = c.addr;
    }
  }
  if (dst === undefined) fail(stderr + 'need at least a destination address\n', 1);
  for (const d of [iif, oif])
    if (d !== undefined && !device.ifByName.has(d)) fail(`${stderr}Cannot find device "${d}"\n`, 1);
  const req: RouteGetRequest = {
    dst: dst!,
    ...(from !== undefined ? { from } : {}),
    ...(iif !== undefined ? { iif } : {}),
    ...(oif !== undefined ? { oif } : {}),
    ...(mark !== undefined ? { mark } : {}),
  };
  const out = formatRouteGet(device, req, deps.routeGet(device, req), { json: g.json, pretty: g.pretty });
  return { ...out, stderr: stderr + out.stderr };
}

function ipRule(device: Device, g: Globals, rest: readonly string[], cmd: readonly string[]): CommandOutput {
  const sub = subcommand(rest, RULE_CMDS, 'rule', cmd);
  if (sub !== 'list') return unsupported(cmd);
  if (rest.length > 1) return unsupported(cmd, 'rule selectors are not supported');
  return { stdout: formatRuleShow(device, g.json, { pretty: g.pretty }), stderr: '', code: 0 };
}

/** `ipaddr_list_flush_or_save()` argument parsing: `[dev] NAME`. */
function ipAddr(device: Device, g: Globals, rest: readonly string[], cmd: readonly string[]): CommandOutput {
  const sub = subcommand(rest, ADDR_CMDS, 'address', cmd);
  if (sub !== 'list') return unsupported(cmd);
  const args = rest.slice(1);
  let dev: string | undefined;
  for (let k = 0; k < args.length; k++) {
    const a = args[k]!;
    if (ADDR_SELECTORS.includes(a)) return unsupported(cmd, `the selector "${a}" is not supported`);
    const name = a === 'dev' ? (args[++k] ?? incomplete()) : a;
    if (dev !== undefined) fail(`Error: either "dev" is duplicate, or "${name}" is a garbage.\n`, 255);
    dev = name;
  }
  const out = formatAddrShow(device, {
    json: g.json,
    pretty: g.pretty,
    inet: g.inet,
    ...(dev !== undefined ? { dev } : {}),
  });
  if (out === null) fail(`Device "${dev}" does not exist.\n`, 1);
  return { stdout: out!, stderr: '', code: 0 };
}
