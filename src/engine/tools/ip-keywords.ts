/** iproute2's keyword tables (ip/ip.c, ip/iproute.c, ip/iprule.c, ip/ipaddress.c), in matching order. */

/** iproute2's `matches(arg, keyword)`: arg is a non-empty prefix of keyword. */
export function matches(arg: string, keyword: string): boolean {
  return arg.length > 0 && keyword.startsWith(arg);
}

export function firstMatch(arg: string, keywords: readonly string[]): string | undefined {
  return keywords.find((k) => matches(arg, k));
}

/** ip.c `usage()`. */
export const USAGE = `Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }
       ip [ -force ] -batch filename
where  OBJECT := { address | addrlabel | amt | fou | help | ila | ioam | l2tp |
                   link | macsec | maddress | monitor | mptcp | mroute | mrule |
                   neighbor | neighbour | netconf | netns | nexthop | ntable |
                   ntbl | route | rule | sr | tap | tcpmetrics |
                   token | tunnel | tuntap | vrf | xfrm }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |
                    -h[uman-readable] | -iec | -j[son] | -p[retty] |
                    -f[amily] { inet | inet6 | mpls | bridge | link } |
                    -4 | -6 | -M | -B | -0 |
                    -l[oops] { maximum-addr-flush-attempts } | -br[ief] |
                    -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |
                    -rc[vbuf] [size] | -n[etns] name | -N[umeric] | -a[ll] |
                    -c[olor]}
`;

/** ip.c's options, in the order main() tries them. */
// prettier-ignore
export const IP_OPTIONS = [
  '-loops', '-family', '-human', '-human-readable', '-iec', '-stats', '-statistics', '-details',
  '-resolve', '-oneline', '-timestamp', '-tshort', '-Version', '-force', '-batch', '-brief', '-json',
  '-pretty', '-rcvbuf', '-color', '-help', '-netns', '-Numeric', '-all',
];

/** ip.c's objects, in the order `do_cmd()` tries them. */
// prettier-ignore
export const IP_OBJECTS = [
  'address', 'addrlabel', 'maddress', 'route', 'rule', 'neighbor', 'neighbour', 'ntable', 'ntbl', 'link',
  'l2tp', 'fou', 'ila', 'macsec', 'tunnel', 'tunl', 'tuntap', 'tap', 'token', 'tcpmetrics', 'tcp_metrics',
  'monitor', 'xfrm', 'mroute', 'mrule', 'netns', 'netconf', 'vrf', 'sr', 'nexthop', 'mptcp', 'ioam',
  'help', 'stats',
];

/** `do_iproute()` subcommands. */
// prettier-ignore
export const ROUTE_CMDS = [
  'add', 'change', 'replace', 'prepend', 'append', 'test', 'delete', 'list', 'show', 'lst', 'get', 'flush',
  'save', 'restore', 'showdump', 'help',
];

/** `do_iprule()` subcommands. */
// prettier-ignore
export const RULE_CMDS = [
  'list', 'lst', 'show', 'save', 'restore', 'add', 'delete', 'flush', 'help',
];

/** `do_ipaddr()` subcommands. */
// prettier-ignore
export const ADDR_CMDS = [
  'add', 'change', 'replace', 'delete', 'list', 'show', 'lst', 'flush', 'save', 'showdump', 'restore',
  'help',
];

/** Subcommands that change the namespace. */
export const WRITES = new Set([
  'add',
  'change',
  'replace',
  'prepend',
  'append',
  'delete',
  'flush',
  'restore',
]);

/** `ip route show` selectors natlab does not filter by. */
// prettier-ignore
export const SHOW_SELECTORS = [
  'to', 'root', 'match', 'exact', 'vrf', 'cached', 'cloned', 'tos', 'dsfield', 'protocol', 'scope', 'type',
  'iif', 'mark', 'metric', 'priority', 'preference', 'via', 'src', 'realms', 'from',
];

/** `ip addr show` selectors natlab does not filter by. */
// prettier-ignore
export const ADDR_SELECTORS = [
  'to', 'scope', 'up', 'label', 'group', 'master', 'vrf', 'type', 'dynamic', 'permanent', 'secondary',
  'primary', 'tentative', 'deprecated', 'dadfailed', 'temporary', 'nomaster', 'noprefixroute', 'autojoin',
];
