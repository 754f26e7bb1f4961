/**
 * The conntrack match (revision 3) and its `state` alias, transcribed from extensions/libxt_conntrack.c of
 * iptables 1.8.9. `-m state` is stored as conntrack with XT_CONNTRACK_STATE_ALIAS and printed back as
 * `-m state --state …`.
 */
import type { CtDir, CtStateName, CtStatusName } from '../model/netfilter.ts';
import type { ExtDef } from './xt-ext.ts';
import { XtError, unsupported } from './xt-ext.ts';

/** The order `print_state()` prints states in (and the order names are tried when parsing). */
export const CT_STATE_PRINT_ORDER: readonly CtStateName[] = [
  'INVALID',
  'NEW',
  'RELATED',
  'ESTABLISHED',
  'UNTRACKED',
  'SNAT',
  'DNAT',
];
const CT_STATE_PARSE_ORDER: readonly CtStateName[] = [
  'INVALID',
  'NEW',
  'ESTABLISHED',
  'RELATED',
  'UNTRACKED',
  'SNAT',
  'DNAT',
];
const STATE_PARSE_ORDER: readonly CtStateName[] = ['INVALID', 'NEW', 'ESTABLISHED', 'RELATED', 'UNTRACKED'];
/** The order `print_status()` prints statuses in. */
export const CT_STATUS_PRINT_ORDER: readonly CtStatusName[] = [
  'EXPECTED',
  'SEEN_REPLY',
  'ASSURED',
  'CONFIRMED',
];
const CT_STATUS_PARSE_ORDER: readonly (CtStatusName | 'NONE')[] = [
  'NONE',
  'EXPECTED',
  'SEEN_REPLY',
  'ASSURED',
  'CONFIRMED',
];

/** `strncasecmp(item, NAME, strlen(item)) == 0`: `item` is a (case-insensitive) prefix of NAME. */
const prefixOf = (item: string, name: string) =>
  name.slice(0, item.length).toLowerCase() === item.toLowerCase();

/** `conntrack_ps_states()` / `conntrack_ps_statuses()`: comma list, no empty items. */
function parseList<T extends string>(arg: string, order: readonly T[], what: string): Set<T> {
  const out = new Set<T>();
  let rest = arg;
  for (;;) {
    const comma = rest.indexOf(',');
    const item = comma < 0 ? rest : rest.slice(0, comma);
    const hit = item === '' ? undefined : order.find((n) => prefixOf(item, n));
    if (hit === undefined)
      throw new XtError(`Bad ${what} "${rest}"`, {
        explain: `${what} takes a comma-separated list without spaces of ${order.join(', ')}.`,
      });
    out.add(hit);
    if (comma < 0) return out;
    rest = rest.slice(comma + 1);
  }
}

export interface ConntrackState {
  states?: { set: Set<CtStateName>; invert: boolean };
  statuses?: { set: Set<CtStatusName | 'NONE'>; invert: boolean };
  dir?: CtDir;
  /** Printed as `-m state --state …`. */
  alias: boolean;
}

const O_CTSTATE = 0;
const O_CTSTATUS = 10;
const O_CTDIR = 12;

export const CONNTRACK_EXT: ExtDef<ConntrackState> = {
  name: 'conntrack',
  options: [
    { name: 'ctstate', id: O_CTSTATE, arg: true, invert: true },
    { name: 'ctproto', id: 1, arg: true, invert: true },
    { name: 'ctorigsrc', id: 2, arg: true, invert: true },
    { name: 'ctorigdst', id: 3, arg: true, invert: true },
    { name: 'ctreplsrc', id: 4, arg: true, invert: true },
    { name: 'ctrepldst', id: 5, arg: true, invert: true },
    { name: 'ctstatus', id: O_CTSTATUS, arg: true, invert: true },
    { name: 'ctexpire', id: 11, arg: true, invert: true },
    { name: 'ctorigsrcport', id: 6, arg: true, invert: true },
    { name: 'ctorigdstport', id: 7, arg: true, invert: true },
    { name: 'ctreplsrcport', id: 8, arg: true, invert: true },
    { name: 'ctrepldstport', id: 9, arg: true, invert: true },
    { name: 'ctdir', id: O_CTDIR, arg: true },
  ],
  init: () => ({ alias: false }),
  parse(st, { entry, arg, invert }) {
    const a = arg ?? '';
    switch (entry.id) {
      case O_CTSTATE:
        st.states = { set: parseList(a, CT_STATE_PARSE_ORDER, 'ctstate'), invert };
        break;
      case O_CTSTATUS:
        st.statuses = { set: parseList(a, CT_STATUS_PARSE_ORDER, 'ctstatus'), invert };
        break;
      case O_CTDIR:
        if (a.toLowerCase() === 'original') st.dir = 'ORIGINAL';
        else if (a.toLowerCase() === 'reply') st.dir = 'REPLY';
        else
          throw new XtError(`conntrack: Bad value for "--ctdir" option: "${a}"`, {
            explain: '--ctdir takes ORIGINAL or REPLY.',
          });
        break;
      default:
        throw unsupported(`conntrack --${entry.name}`);
    }
  },
  check(_st, xflags) {
    if (xflags === 0)
      throw new XtError('conntrack: At least one option is required', {
        explain: 'add --ctstate, --ctstatus or --ctdir.',
      });
  },
};

/** `state_parse_states()`: like ctstate but only the five classic states, and a stricter tail check. */
function parseStates(arg: string): Set<CtStateName> {
  const out = new Set<CtStateName>();
  let rest = arg;
  const bad = () =>
    new XtError(`Bad state "${rest}"`, {
      explain: `--state takes a comma-separated list without spaces of ${STATE_PARSE_ORDER.join(', ')}.`,
    });
  let comma: number;
  while ((comma = rest.indexOf(',')) >= 0) {
    const item = rest.slice(0, comma);
    const hit = item === '' ? undefined : STATE_PARSE_ORDER.find((n) => prefixOf(item, n));
    if (hit === undefined) throw bad();
    out.add(hit);
    rest = rest.slice(comma + 1);
  }
  if (rest === '')
    throw new XtError('"--state" requires a list of states with no spaces, e.g. ESTABLISHED,RELATED');
  const hit = STATE_PARSE_ORDER.find((n) => prefixOf(rest, n));
  if (hit === undefined) throw bad();
  out.add(hit);
  return out;
}

export const STATE_EXT: ExtDef<ConntrackState> = {
  name: 'state',
  options: [{ name: 'state', id: 0, arg: true, mand: true, invert: true }],
  init: () => ({ alias: true }),
  parse(st, { arg, invert }) {
    st.states = { set: parseStates(arg ?? ''), invert };
  },
};
