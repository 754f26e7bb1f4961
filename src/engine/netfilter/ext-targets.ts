/**
 * The REJECT, MARK, CONNMARK, LOG, CT/NOTRACK and TRACE targets, transcribed from
 * extensions/libipt_REJECT.c, libxt_MARK.c (revision 2), libxt_CONNMARK.c (revision 2), libxt_LOG.c,
 * libxt_CT.c and libxt_TRACE.c of iptables 1.8.9.
 */
import type { RejectWith } from '../model/netfilter.ts';
import { xtStrtoul } from './c-num.ts';
import { truncateUtf8 } from './ext-matches.ts';
import type { ExtDef } from './xt-ext.ts';
import { XtError, unsupported } from './xt-ext.ts';
import { parseMarkMask, parseSyslogLevel, parseUint32 } from './xt-values.ts';
import { MARK_OPTION } from './mark.ts';

/** `reject_table[]` of libipt_REJECT.c in index order (IPT_ICMP_ECHOREPLY is compiled out). */
const REJECT_TABLE: readonly (readonly [RejectWith, string])[] = [
  ['icmp-net-unreachable', 'net-unreach'],
  ['icmp-host-unreachable', 'host-unreach'],
  ['icmp-proto-unreachable', 'proto-unreach'],
  ['icmp-port-unreachable', 'port-unreach'],
  ['icmp-net-prohibited', 'net-prohib'],
  ['icmp-host-prohibited', 'host-prohib'],
  ['tcp-reset', 'tcp-rst'],
  ['icmp-admin-prohibited', 'admin-prohib'],
];

const prefixOf = (item: string, name: string) =>
  name.slice(0, item.length).toLowerCase() === item.toLowerCase();

export const REJECT_EXT: ExtDef<{ with: RejectWith }> = {
  name: 'REJECT',
  options: [{ name: 'reject-with', id: 0, arg: true }],
  init: () => ({ with: 'icmp-port-unreachable' }),
  parse(st, { arg }) {
    const a = arg ?? '';
    const hit = REJECT_TABLE.find(([name, alias]) => prefixOf(a, name) || prefixOf(a, alias));
    if (!hit)
      throw new XtError(`unknown reject type "${a}"`, {
        explain: `--reject-with takes one of ${REJECT_TABLE.map(([n]) => n).join(', ')} (or a prefix or alias of one).`,
      });
    st.with = hit[0];
  },
};

export interface XmarkState {
  value: number;
  mask: number;
}

const MARK_ANY = 0b11111;

/** MARK revision 2 (`mark_tg_parse()`): every form becomes `mark = (mark & ~mask) ^ value`. */
export const MARK_EXT: ExtDef<XmarkState> = {
  name: 'MARK',
  options: [
    { name: 'set-xmark', id: 4, arg: true, excl: MARK_ANY },
    { name: 'set-mark', id: 0, arg: true, excl: MARK_ANY },
    { name: 'and-mark', id: 1, arg: true, excl: MARK_ANY },
    { name: 'or-mark', id: 2, arg: true, excl: MARK_ANY },
    { name: 'xor-mark', id: 3, arg: true, excl: MARK_ANY },
  ],
  init: () => ({ value: 0, mask: 0 }),
  parse(st, { entry, arg }) {
    Object.assign(st, xmarkOp('MARK', entry.name, arg ?? ''));
  },
  check(_st, xflags) {
    if (xflags === 0)
      throw new XtError('MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required', {
        explain: 'say what to do with the mark, e.g. --set-mark 0x6.',
      });
  },
};

/** The (value, mask) libxt_MARK / libxt_CONNMARK store for each operation (netfilter-semantics.md §3). */
function xmarkOp(ext: string, op: string, arg: string): XmarkState {
  switch (op) {
    case 'set-xmark': {
      const v = parseMarkMask(ext, op, arg);
      return MARK_OPTION.setXmark(v.value, v.mask);
    }
    case 'set-mark': {
      const v = parseMarkMask(ext, op, arg);
      return MARK_OPTION.setMark(v.value, v.mask);
    }
    case 'and-mark':
      return MARK_OPTION.andMark(parseUint32(ext, op, arg));
    case 'or-mark':
      return MARK_OPTION.orMark(parseUint32(ext, op, arg));
    default:
      return MARK_OPTION.xorMark(parseUint32(ext, op, arg));
  }
}

export interface ConnmarkState {
  mode: 'set' | 'save' | 'restore' | null;
  ctmark: number;
  ctmask: number;
  nfmask: number;
  shiftBits: number;
}

const C_OPS = (1 << 0) | (1 << 1) | (1 << 2) | (1 << 3) | (1 << 4) | (1 << 5) | (1 << 8);

/** CONNMARK revision 2 (`connmark_tg_parse_v2()`); `--ctmask`/`--nfmask`/`--mask` default to 0xffffffff. */
export const CONNMARK_EXT: ExtDef<ConnmarkState> = {
  name: 'CONNMARK',
  options: [
    { name: 'set-xmark', id: 8, arg: true, excl: C_OPS },
    { name: 'set-mark', id: 0, arg: true, excl: C_OPS },
    { name: 'and-mark', id: 3, arg: true, excl: C_OPS },
    { name: 'or-mark', id: 4, arg: true, excl: C_OPS },
    { name: 'xor-mark', id: 5, arg: true, excl: C_OPS },
    { name: 'save-mark', id: 1, arg: false, excl: C_OPS },
    { name: 'restore-mark', id: 2, arg: false, excl: C_OPS },
    { name: 'left-shift-mark', id: 6, arg: true },
    { name: 'right-shift-mark', id: 7, arg: true },
    { name: 'ctmask', id: 9, arg: true, excl: 1 << 11 },
    { name: 'nfmask', id: 10, arg: true, excl: 1 << 11 },
    { name: 'mask', id: 11, arg: true, excl: (1 << 9) | (1 << 10) },
  ],
  init: () => ({ mode: null, ctmark: 0, ctmask: 0xffffffff, nfmask: 0xffffffff, shiftBits: 0 }),
  parse(st, { entry, arg }) {
    const a = arg ?? '';
    switch (entry.name) {
      case 'save-mark':
        st.mode = 'save';
        return;
      case 'restore-mark':
        st.mode = 'restore';
        return;
      case 'left-shift-mark':
      case 'right-shift-mark': {
        const n = xtStrtoul(a, 0, 32);
        if (!n)
          throw new XtError(`CONNMARK: bad value for option "--${entry.name}", or out of range (0-32).`);
        st.shiftBits = n.value;
        return;
      }
      case 'ctmask':
        st.ctmask = parseUint32('CONNMARK', entry.name, a);
        return;
      case 'nfmask':
        st.nfmask = parseUint32('CONNMARK', entry.name, a);
        return;
      case 'mask':
        st.nfmask = st.ctmask = parseUint32('CONNMARK', entry.name, a);
        return;
      default: {
        const x = xmarkOp('CONNMARK', entry.name, a);
        st.mode = 'set';
        st.ctmark = x.value;
        st.ctmask = x.mask;
      }
    }
  },
  check(_st, xflags) {
    if (!(xflags & C_OPS))
      throw new XtError('CONNMARK target: No operation specified', {
        explain: 'add --set-mark, --save-mark or --restore-mark (or --and/--or/--xor-mark).',
      });
  },
};

export interface LogState {
  level: number;
  prefix: string;
  flags: number;
}

/** `XT_LOG_*` bits, also the order LOG_save prints the flag options in. */
export const LOG_FLAGS: readonly (readonly [string, number])[] = [
  ['log-tcp-sequence', 0x01],
  ['log-tcp-options', 0x02],
  ['log-ip-options', 0x04],
  ['log-uid', 0x08],
  ['log-macdecode', 0x20],
];

export const LOG_EXT: ExtDef<LogState> = {
  name: 'LOG',
  options: [
    { name: 'log-level', id: 6, arg: true },
    { name: 'log-prefix', id: 7, arg: true },
    { name: 'log-tcp-sequence', id: 0, arg: false },
    { name: 'log-tcp-options', id: 1, arg: false },
    { name: 'log-ip-options', id: 2, arg: false },
    { name: 'log-uid', id: 3, arg: false },
    { name: 'log-macdecode', id: 5, arg: false },
  ],
  init: () => ({ level: 4, prefix: '', flags: 0 }),
  parse(st, { entry, arg }) {
    const a = arg ?? '';
    if (entry.name === 'log-level') st.level = parseSyslogLevel(a);
    else if (entry.name === 'log-prefix') {
      if (a.length < 1) throw new XtError('Argument must have a minimum length of 1 characters');
      if (a.includes('\n')) throw new XtError('Newlines not allowed in --log-prefix');
      st.prefix = truncateUtf8(a, 29);
    } else st.flags |= LOG_FLAGS.find(([n]) => n === entry.name)![1];
  },
};

/** CT revision 2 options; natlab models only `--notrack`. */
export const CT_EXT: ExtDef<{ notrack: boolean }> = {
  name: 'CT',
  options: [
    { name: 'notrack', id: 0, arg: false },
    { name: 'helper', id: 1, arg: true },
    { name: 'timeout', id: 2, arg: true },
    { name: 'ctevents', id: 3, arg: true },
    { name: 'expevents', id: 4, arg: true },
    { name: 'zone-orig', id: 6, arg: true },
    { name: 'zone-reply', id: 7, arg: true },
    { name: 'zone', id: 5, arg: true },
  ],
  init: () => ({ notrack: false }),
  parse(st, { entry }) {
    if (entry.name !== 'notrack') throw unsupported(`CT --${entry.name}`);
    st.notrack = true;
  },
};

const noOptions = <S>(name: string, init: () => S): ExtDef<S> => ({ name, options: [], init, parse() {} });

export const NOTRACK_EXT = noOptions('NOTRACK', () => ({}));
export const TRACE_EXT = noOptions('TRACE', () => ({}));
/** libxt_standard: ACCEPT, DROP, RETURN and QUEUE verdicts. */
export const STANDARD_EXT = noOptions('standard', () => ({}));
