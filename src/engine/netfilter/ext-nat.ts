/**
 * The NAT targets, transcribed from extensions/libxt_NAT.c (DNAT revision 2, SNAT/MASQUERADE/REDIRECT
 * revision 0 — what iptables-nft 1.8.9 uses against a 6.x kernel) and extensions/libipt_NETMAP.c.
 */
import { parseIpv4 } from '../addr/ipv4.ts';
import { xtStrtoul } from './c-num.ts';
import { serviceByName } from './services.ts';
import type { ExtDef } from './xt-ext.ts';
import { XtError, unsupported } from './xt-ext.ts';
import { inetAton, maskLen } from './xt-values.ts';

/** `struct nf_nat_range2` as the parser fills it. */
export interface NatState {
  mapIps: boolean;
  minAddr: number;
  maxAddr: number;
  protoSpecified: boolean;
  minPort: number;
  maxPort: number;
  offset: boolean;
  basePort: number;
  random: boolean;
  randomFully: boolean;
  persistent: boolean;
}

const initNat = (): NatState => ({
  mapIps: false,
  minAddr: 0,
  maxAddr: 0,
  protoSpecified: false,
  minPort: 0,
  maxPort: 0,
  offset: false,
  basePort: 0,
  random: false,
  randomFully: false,
  persistent: false,
});

/** `portok` of `__NAT_parse()`: the rule's `-p` (ignoring `!`) is tcp, udp, sctp, dccp or icmp. */
const PORT_PROTOS = new Set([6, 17, 132, 33, 1]);

/** `parse_ports()` of libxt_NAT.c: `port[-port[/base]]`. */
function parsePorts(arg: string, portok: boolean, r: NatState): void {
  if (!portok)
    throw new XtError('Need TCP, UDP, SCTP or DCCP with port specification', {
      explain: 'a port in the NAT range needs -p tcp, udp, sctp, dccp (or icmp) before -j.',
    });
  r.protoSpecified = true;
  let port: number;
  let rest: string;
  const first = xtStrtoul(arg, 0, 0xffff, true);
  if (first) {
    port = first.value;
    rest = arg.slice(first.end);
  } else {
    const s = serviceByName(arg, null);
    if (s === null)
      throw new XtError(`Port \`${arg}' not valid`, {
        explain: `"${arg}" is not a port number 0-65535 or service name.`,
      });
    port = s;
    rest = '';
  }
  if (rest === '') {
    r.minPort = r.maxPort = port;
    return;
  }
  if (rest[0] === ':')
    throw new XtError('Invalid port:port syntax - use dash', {
      explain: 'write a port range as FIRST-LAST.',
    });
  if (rest[0] !== '-') throw new XtError(`Garbage after port value: \`${rest}'`);
  const hiText = rest.slice(1);
  const hi = xtStrtoul(hiText, 0, 0xffff, true);
  if (!hi)
    throw new XtError(`Port \`${hiText}' not valid`, {
      explain: 'the end of a port range must be a number 0-65535.',
    });
  if (hi.value < port)
    throw new XtError(`Port range \`${hiText}' funky`, { explain: 'the port range ends below its start.' });
  r.minPort = port;
  r.maxPort = hi.value;
  const tail = hiText.slice(hi.end);
  if (tail === '') return;
  if (tail[0] !== '/') throw new XtError(`Garbage after port range: \`${tail}'`);
  const baseText = tail.slice(1);
  const base = xtStrtoul(baseText, 1, 0xffff, true);
  let basePort: number;
  if (base) basePort = base.value;
  else {
    const s = serviceByName(baseText, null);
    if (s === null) throw new XtError(`Port \`${baseText}' not valid`);
    basePort = s;
  }
  r.offset = true;
  r.basePort = basePort;
}

/** `parse_to()` of libxt_NAT.c for IPv4: `[ip[-ip]][:port[-port[/base]]]`. */
function parseTo(arg: string, portok: boolean, r: NatState): void {
  if (arg.includes('[')) throw new XtError('Invalid address format');
  let colon = arg.indexOf(':');
  if (colon >= 0 && arg.indexOf(':', colon + 1) >= 0) colon = -1;
  let addrs = arg;
  if (colon >= 0) {
    parsePorts(arg.slice(colon + 1), portok, r);
    if (colon === 0 || colon === 2) return;
    addrs = arg.slice(0, colon);
  }
  r.mapIps = true;
  const dash = addrs.indexOf('-');
  const parse = (s: string) => {
    const a = parseIpv4(s);
    if (!a.ok)
      throw new XtError(`Bad IP address "${s}"`, {
        explain: 'NAT addresses are dotted-quad IPv4 addresses (FIRST[-LAST]).',
      });
    return a.value as number;
  };
  r.minAddr = parse(dash >= 0 ? addrs.slice(0, dash) : addrs);
  r.maxAddr = dash >= 0 ? parse(addrs.slice(dash + 1)) : r.minAddr;
}

type NatKind = 'DNAT' | 'SNAT' | 'MASQUERADE' | 'REDIRECT';

const natExt = (name: NatKind): ExtDef<NatState> => {
  const options = {
    DNAT: [
      { name: 'to-destination', id: 0, arg: true, mand: true },
      { name: 'random', id: 3, arg: false },
      { name: 'persistent', id: 5, arg: false },
    ],
    SNAT: [
      { name: 'to-source', id: 1, arg: true, mand: true },
      { name: 'random', id: 3, arg: false },
      { name: 'random-fully', id: 4, arg: false },
      { name: 'persistent', id: 5, arg: false },
    ],
    MASQUERADE: [
      { name: 'to-ports', id: 2, arg: true },
      { name: 'random', id: 3, arg: false },
      { name: 'random-fully', id: 4, arg: false },
    ],
    REDIRECT: [
      { name: 'to-ports', id: 2, arg: true },
      { name: 'random', id: 3, arg: false },
    ],
  }[name];
  return {
    name,
    options,
    init: initNat,
    parse(st, { entry, arg, env }) {
      const portok = PORT_PROTOS.has(env.proto);
      switch (entry.name) {
        case 'to-destination':
        case 'to-source':
          parseTo(arg ?? '', portok, st);
          break;
        case 'to-ports':
          parsePorts(arg ?? '', portok, st);
          break;
        case 'random':
          st.random = true;
          break;
        case 'random-fully':
          st.randomFully = true;
          break;
        case 'persistent':
          st.persistent = true;
          break;
      }
    },
    check(st) {
      if (name === 'REDIRECT' && st.offset)
        throw new XtError('Shifted portmap ranges not supported with this kernel');
      if (name === 'SNAT' && st.offset) st.basePort = 0;
    },
  };
};

export const DNAT_EXT = natExt('DNAT');
export const SNAT_EXT = natExt('SNAT');
export const MASQUERADE_EXT = natExt('MASQUERADE');
export const REDIRECT_EXT = natExt('REDIRECT');

/**
 * NETMAP `--to` (XTTYPE_HOSTMASK, `xtopt_parse_hostmask()`): the address as getaddrinfo reads it
 * (inet_aton syntax), then a prefix length 0..32 or a dotted mask; a mask that is not a prefix
 * counts as /32. Host bits are dropped (`min_ip = addr & mask`).
 */
export const NETMAP_EXT: ExtDef<{ addr: number; len: number }> = {
  name: 'NETMAP',
  options: [{ name: 'to', id: 0, arg: true, mand: true }],
  init: () => ({ addr: 0, len: 32 }),
  parse(st, { arg }) {
    const a = arg ?? '';
    const slash = a.indexOf('/');
    const host = slash < 0 ? a : a.slice(0, slash);
    const addr = inetAton(host);
    if (addr === null) throw unsupported(`a host name in NETMAP --to ("${host}"); write the network address`);
    let len = 32;
    if (slash >= 0) {
      const m = a.slice(slash + 1);
      const bits = xtStrtoul(m, 0, 32);
      if (bits) len = bits.value;
      else {
        const mask = inetAton(m);
        if (mask === null)
          throw new XtError(
            'NETMAP: bad value for option "--to", neither a valid network mask nor valid CIDR (0-32).',
          );
        len = maskLen(mask) ?? 32;
      }
    }
    st.len = len;
    st.addr = len === 0 ? 0 : (addr & ((0xffffffff << (32 - len)) >>> 0)) >>> 0;
  },
};
