/**
 * `ip [OPTIONS] OBJECT COMMAND …` with iproute2's matching (`matches()`: any prefix of a keyword, tried in
 * iproute2's order, so `ip a add`, `ip r del`, `ip l set` work), `-n`/`-net`/`-netns NS`, and the
 * objects a lab script uses: link, address, route, rule, neighbour, netns.
 */
import { firstMatch, IP_OBJECTS, IP_OPTIONS } from '../tools/ip-keywords.ts';
import { ipAddr } from './cmd-ip-addr.ts';
import { ipLink } from './cmd-ip-link.ts';
import { ipNeigh } from './cmd-ip-neigh.ts';
import { ipRoute } from './cmd-ip-route.ts';
import { ipRule } from './cmd-ip-rule.ts';
import { nextArg, openNs, type Ctx } from './context.ts';
import { kernelRefuses, unsupported, CommandFailure } from './issues.ts';
import { destroyNs } from './links.ts';

/** Display-only options: they change what ip prints, never what it does. */
const DISPLAY = new Set([
  '-human',
  '-human-readable',
  '-iec',
  '-stats',
  '-statistics',
  '-details',
  '-resolve',
  '-oneline',
  '-timestamp',
  '-tshort',
  '-brief',
  '-json',
  '-pretty',
  '-Numeric',
  '-color',
]);

export interface IpOptions {
  readonly inet6: boolean;
}

/** The subcommand a word names among iproute2's keywords (in order), or an iproute2-style refusal. */
export function subcommand(word: string | undefined, keywords: readonly string[], object: string): string {
  if (word === undefined) return 'list';
  const k = word === 'chg' ? 'change' : firstMatch(word, keywords);
  if (k === undefined) kernelRefuses(`Command "${word}" is unknown, try "ip ${object} help".`);
  return k === 'show' || k === 'lst' ? 'list' : k;
}

export function runIp(c: Ctx, args: readonly string[]): void {
  let i = 0;
  let ctx = c;
  let inet6 = false;
  for (; i < args.length; i++) {
    const raw = args[i]!;
    if (raw === '--') {
      i++;
      break;
    }
    if (!raw.startsWith('-')) break;
    const opt = raw.startsWith('--') ? raw.slice(1) : raw;
    if (opt === '-4') continue;
    if (opt === '-6') {
      inet6 = true;
      continue;
    }
    if (opt === '-0' || opt === '-M' || opt === '-B')
      unsupported(
        `ip ${raw}: natlab models IPv4 only (link-layer, MPLS and bridge families are not imported)`,
      );
    const o = firstMatch(opt.split('=')[0]!, IP_OPTIONS);
    if (o === '-netns') {
      ctx = { ...c, ns: openNs(c, nextArg(args, ++i)) };
    } else if (o === '-family') {
      const f = nextArg(args, ++i);
      if (f === 'inet6') inet6 = true;
      else if (f !== 'inet') unsupported(`ip -family ${f}: natlab models IPv4 only`);
    } else if (o === '-loops' || o === '-rcvbuf') i++;
    else if (o === '-batch') unsupported('ip -batch reads commands from a file: write them in the script');
    else if (o === '-force') unsupported('ip -force is not supported');
    else if (o === '-all')
      unsupported(
        'ip -all acts on every namespace of the host: name the namespace (ip -n NS / ip netns exec NS)',
      );
    else if (o === '-Version' || o === '-help') return c.harmless('ip -V / ip -help');
    else if (o === undefined || !DISPLAY.has(o)) kernelRefuses(`Option "${raw}" is unknown, try "ip -help".`);
  }
  const objArg = args[i];
  if (objArg === undefined) kernelRefuses('Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }');
  const obj = firstMatch(objArg, IP_OBJECTS);
  if (obj === undefined) kernelRefuses(`Object "${objArg}" is unknown, try "ip help".`);
  const rest = args.slice(i + 1);
  const opts: IpOptions = { inet6 };
  switch (obj) {
    case 'link':
      return ipLink(ctx, rest);
    case 'address':
      return ipAddr(ctx, rest, opts);
    case 'route':
      return ipRoute(ctx, rest, opts);
    case 'rule':
      return ipRule(ctx, rest, opts);
    case 'neighbor':
    case 'neighbour':
      return ipNeigh(ctx, rest, opts);
    case 'netns':
      return ipNetns(ctx, rest);
    case 'help':
      return c.harmless('ip help');
    default:
      unsupported(
        `"ip ${obj}" is not supported: natlab imports ip link, address, route, rule, neighbour and netns`,
      );
  }
}

const NETNS_CMDS = [
  'list',
  'list-id',
  'help',
  'add',
  'set',
  'delete',
  'identify',
  'pids',
  'exec',
  'monitor',
  'attach',
];

/** iproute2's namespace names: not empty, not `.`/`..`, no `/`, shorter than NAME_MAX. */
function checkNsName(name: string): void {
  if (
    name === '' ||
    name === '.' ||
    name === '..' ||
    name.includes('/') ||
    name.length >= 255 ||
    name.includes('\0')
  )
    kernelRefuses(`Invalid netns name "${name}"`);
}

function ipNetns(c: Ctx, args: readonly string[]): void {
  const sub = subcommand(args[0], NETNS_CMDS, 'netns');
  const name = args[1];
  switch (sub) {
    case 'list':
    case 'list-id':
    case 'identify':
    case 'pids':
    case 'help':
      return c.harmless(`ip netns ${sub}`);
    case 'add': {
      if (name === undefined) kernelRefuses('No netns name specified');
      checkNsName(name);
      if (args.length > 2) kernelRefuses(`Error: unexpected argument "${args[2]}" after the namespace name`);
      if (c.world.namespaces.has(name))
        kernelRefuses(`Cannot create namespace file "/var/run/netns/${name}": File exists`);
      c.world.addNs(name, c.line);
      return;
    }
    case 'delete': {
      if (name === undefined) kernelRefuses('No netns name specified');
      const ns = c.world.namespaces.get(name);
      if (!ns)
        throw new CommandFailure(
          `Cannot remove namespace file "/var/run/netns/${name}": No such file or directory`,
          'kernel',
          true,
        );
      destroyNs(c.world, ns);
      return;
    }
    case 'exec': {
      if (name === undefined) kernelRefuses('No netns name specified');
      const ns = openNs(c, name);
      const cmd = args.slice(2);
      if (cmd.length === 0) kernelRefuses('No command specified');
      return c.exec(ns, cmd);
    }
    case 'set':
      return c.harmless('ip netns set (namespace ids)');
    default:
      unsupported(`"ip netns ${sub}" is not supported`);
  }
}
