/**
 * Words nft 1.0.6 reads as keywords where a chain name is expected (`chain NAME {`, `jump NAME`): such
 * an iptables chain name has no nft spelling (nft 1.0.6 accepts no quoted chain names). Derived on
 * Debian 12 (nftables 1.0.6) from the parser's token names in libnftables.so.1, keeping those that
 * `nft -c -f` refuses as a chain name; src/kernel/export-tools.test.ts checks the list against nft.
 */
// prettier-ignore
export const NFT_CHAIN_KEYWORDS: ReadonlySet<string> = new Set([
  'accept', 'add', 'ah', 'all', 'arp', 'auto-merge', 'bridge', 'cgroup', 'chain', 'comment', 'comp',
  'constant', 'continue', 'counter', 'cpu', 'create', 'ct', 'day', 'dccp', 'define', 'delete',
  'describe', 'device', 'devices', 'dnat', 'drop', 'dst', 'dup', 'dynamic', 'ecn', 'element',
  'elements', 'esp', 'ether', 'exists', 'expires', 'export', 'exthdr', 'fib', 'flags', 'flow',
  'flowtable', 'flush', 'frag', 'fwd', 'gc-interval', 'get', 'goto', 'handle', 'hbh', 'hook', 'hour',
  'ibriport', 'ibrname', 'icmp', 'icmpv6', 'igmp', 'iif', 'iifgroup', 'iifname', 'iiftype', 'import',
  'include', 'index', 'inet', 'insert', 'interval', 'ip', 'ip6', 'ipsec', 'jhash', 'jump', 'limit',
  'list', 'log', 'map', 'mark', 'masquerade', 'meta', 'meter', 'mh', 'missing', 'monitor', 'netdev',
  'nftrace', 'notrack', 'numgen', 'obriport', 'obrname', 'offload', 'oif', 'oifgroup', 'oifname',
  'oiftype', 'osf', 'pkttype', 'policy', 'position', 'priority', 'queue', 'quota', 'random',
  'redefine', 'redirect', 'reject', 'rename', 'replace', 'reset', 'return', 'rt', 'rt0', 'rt2',
  'rtclassid', 'rule', 'ruleset', 'sctp', 'secmark', 'set', 'size', 'skgid', 'skuid', 'snat',
  'socket', 'srh', 'symhash', 'synproxy', 'table', 'tcp', 'th', 'time', 'timeout', 'tproxy', 'type',
  'typeof', 'udp', 'udplite', 'undefine', 'update', 'vlan', 'vmap', 'xt',
]);

/** nft's unquoted string token (scanner.l `string`): a letter, `_` or `.`, then letters, digits, `/ - _ .`. */
const NFT_STRING = /^[A-Za-z_.][A-Za-z0-9/_.-]*$/;

/** Why an iptables chain name cannot be an nft chain name, or null. */
export function nftChainNameProblem(name: string): string | null {
  if (!NFT_STRING.test(name))
    return `chain name "${name}" is not an nft identifier (a letter, _ or . first, then letters, digits, / - _ .)`;
  if (NFT_CHAIN_KEYWORDS.has(name)) return `chain name "${name}" is an nft keyword`;
  return null;
}
