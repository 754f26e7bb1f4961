/** The tcp and udp matches: extensions/libxt_tcp.c (old option API) and extensions/libxt_udp.c. */
import { xtStrtoul } from './c-num.ts';
import type { ExtDef } from './xt-ext.ts';
import { XtError } from './xt-ext.ts';
import { parsePort, portByGetaddrinfo } from './xt-values.ts';

/** `XT_TCP_INV_*` / `XT_UDP_INV_*` bits. */
export const INV_SRCPT = 0x01;
export const INV_DSTPT = 0x02;
export const INV_FLAGS = 0x04;
export const INV_OPTION = 0x08;

/** `struct xt_tcp` / `struct xt_udp` as the parser fills them. */
export interface TcpUdpState {
  spts: [number, number];
  dpts: [number, number];
  invflags: number;
  flgMask: number;
  flgCmp: number;
  option: number;
  /** libxt_tcp's private `*flags` (TCP_SRC_PORTS …). */
  seen: number;
}

const initState = (): TcpUdpState => ({
  spts: [0, 0xffff],
  dpts: [0, 0xffff],
  invflags: 0,
  flgMask: 0,
  flgCmp: 0,
  option: 0,
  seen: 0,
});

/** `tcp_flag_names[]` in libxt_tcp.c order; also the order `--tcp-flags` is printed in. */
export const TCP_FLAG_NAMES: readonly (readonly [string, number])[] = [
  ['FIN', 0x01],
  ['SYN', 0x02],
  ['RST', 0x04],
  ['PSH', 0x08],
  ['ACK', 0x10],
  ['URG', 0x20],
  ['ALL', 0x3f],
  ['NONE', 0],
];

/** `parse_tcp_ports()`: `port`, `a:b`, `:b`, `a:`. */
function parseTcpPorts(arg: string): [number, number] {
  const colon = arg.indexOf(':');
  if (colon < 0) {
    const p = parsePort(arg, 'tcp');
    return [p, p];
  }
  const a = arg.slice(0, colon);
  const b = arg.slice(colon + 1);
  const lo = a !== '' ? parsePort(a, 'tcp') : 0;
  const hi = b !== '' ? parsePort(b, 'tcp') : 0xffff;
  if (lo > hi)
    throw new XtError('invalid portrange (min > max)', { explain: `the range ${arg} starts above its end.` });
  return [lo, hi];
}

/** `parse_tcp_flag()`: comma list (empty items skipped, as strtok does), case-insensitive. */
function parseTcpFlag(list: string): number {
  let ret = 0;
  for (const item of list.split(',')) {
    if (item === '') continue;
    const f = TCP_FLAG_NAMES.find(([n]) => n.toLowerCase() === item.toLowerCase());
    if (!f)
      throw new XtError(`Unknown TCP flag \`${item}'`, {
        explain: 'TCP flags are FIN, SYN, RST, PSH, ACK, URG, ALL and NONE, comma-separated.',
      });
    ret |= f[1];
  }
  return ret;
}

const TCP_SRC_PORTS = 0x01;
const TCP_DST_PORTS = 0x02;
const TCP_FLAGS = 0x04;
const TCP_OPTION = 0x08;

export const TCP_EXT: ExtDef<TcpUdpState> = {
  name: 'tcp',
  oldStyle: true,
  options: [
    { name: 'source-port', id: 1, arg: true },
    { name: 'sport', id: 1, arg: true },
    { name: 'destination-port', id: 2, arg: true },
    { name: 'dport', id: 2, arg: true },
    { name: 'syn', id: 3, arg: false },
    { name: 'tcp-flags', id: 4, arg: true },
    { name: 'tcp-option', id: 5, arg: true },
  ],
  init: initState,
  parse(st, { entry, arg, invert, env }) {
    const a = arg ?? '';
    switch (entry.id) {
      case 1:
        if (st.seen & TCP_SRC_PORTS) throw new XtError("Only one `--source-port' allowed");
        st.spts = parseTcpPorts(a);
        if (invert) st.invflags |= INV_SRCPT;
        st.seen |= TCP_SRC_PORTS;
        break;
      case 2:
        if (st.seen & TCP_DST_PORTS) throw new XtError("Only one `--destination-port' allowed");
        st.dpts = parseTcpPorts(a);
        if (invert) st.invflags |= INV_DSTPT;
        st.seen |= TCP_DST_PORTS;
        break;
      case 3:
      case 4: {
        if (st.seen & TCP_FLAGS) throw new XtError("Only one of `--syn' or `--tcp-flags'  allowed");
        let mask = 'SYN,RST,ACK,FIN';
        let comp = 'SYN';
        if (entry.id === 4) {
          const next = env.argv[env.getopt.optind];
          if (next === undefined || next[0] === '-' || next[0] === '!')
            throw new XtError('--tcp-flags requires two args.', {
              explain: 'write --tcp-flags MASK COMP, e.g. --tcp-flags SYN,ACK SYN.',
            });
          mask = a;
          comp = next;
          env.getopt.optind++;
        }
        st.flgMask = parseTcpFlag(mask);
        st.flgCmp = parseTcpFlag(comp);
        if (invert) st.invflags |= INV_FLAGS;
        st.seen |= TCP_FLAGS;
        break;
      }
      case 5: {
        if (st.seen & TCP_OPTION) throw new XtError("Only one `--tcp-option' allowed");
        const n = xtStrtoul(a, 1, 255);
        if (!n) throw new XtError(`Bad TCP option "${a}"`);
        st.option = n.value;
        if (invert) st.invflags |= INV_OPTION;
        st.seen |= TCP_OPTION;
        break;
      }
    }
  },
};

/** XTTYPE_PORTRC (`xtopt_parse_mport()`): up to two `:`-separated ports resolved by getaddrinfo. */
function parsePortRange(ext: string, option: string, arg: string): [number, number] {
  const range: [number, number] = [0, 0xffff];
  const parts = arg.split(':');
  if (parts.length > 2)
    throw new XtError(`${ext}: Too many components for option "--${option}" (max: 2)`, {
      explain: 'a port range is PORT or FIRST:LAST.',
    });
  parts.forEach((p, i) => {
    if (p === '') return;
    const v = portByGetaddrinfo(p);
    if (v === null)
      throw new XtError(`Port "${p}" does not resolve to anything.`, {
        explain: `"${p}" is neither a decimal port number nor a service name from /etc/services.`,
      });
    range[i] = v;
  });
  if (parts.length === 1) range[1] = range[0];
  return range;
}

export const UDP_EXT: ExtDef<TcpUdpState> = {
  name: 'udp',
  options: [
    { name: 'source-port', id: 0, arg: true, invert: true },
    { name: 'sport', id: 0, arg: true, invert: true },
    { name: 'destination-port', id: 1, arg: true, invert: true },
    { name: 'dport', id: 1, arg: true, invert: true },
  ],
  init: initState,
  parse(st, { entry, arg, invert }) {
    const r = parsePortRange('udp', entry.name, arg ?? '');
    if (entry.id === 0) {
      st.spts = r;
      if (invert) st.invflags |= INV_SRCPT;
    } else {
      st.dpts = r;
      if (invert) st.invflags |= INV_DSTPT;
    }
  },
};
