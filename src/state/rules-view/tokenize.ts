/**
 * A small hand tokenizer for the Rules panel's syntax highlighting: each printed line → tokens whose
 * texts put together give the line back exactly (whitespace included), each with a kind for its colour.
 * It only colours: the engine's printers made the text and its parsers read it.
 */

export type TokenKind =
  | 'comment'
  | 'table'
  | 'chain'
  | 'option'
  | 'target'
  | 'verdict'
  | 'accept'
  | 'nat'
  | 'addr'
  | 'number'
  | 'iface'
  | 'keyword'
  | 'string'
  | 'name';

export interface Token {
  readonly text: string;
  readonly kind?: TokenKind;
}

export type Syntax = 'iptables' | 'ip-rule' | 'ip-route' | 'sysctl';

const ACCEPTS = new Set(['ACCEPT', 'RETURN']);
const VERDICTS = new Set(['DROP', 'REJECT', 'QUEUE']);
const NAT = new Set(['DNAT', 'SNAT', 'MASQUERADE', 'NETMAP', 'REDIRECT']);
const ADDR =
  /^!?(?:\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,2})?(?:-\d{1,3}(?:\.\d{1,3}){3})?(?::\d+(?:-\d+)?)?|default|all)$/;
const NUMBER = /^(?:0x[0-9a-f]+|\d+)(?:[/:](?:0x[0-9a-f]+|\d+))?$/i;
const RULE_KEYWORDS = new Set([
  'from',
  'to',
  'not',
  'fwmark',
  'iif',
  'oif',
  'tos',
  'lookup',
  'table',
  'goto',
  'nop',
  'ipproto',
  'sport',
  'dport',
  'suppress_prefixlength',
  'suppress_ifgroup',
  'uidrange',
  'realms',
  'unreachable',
  'prohibit',
  'blackhole',
  'l3mdev',
]);
const ROUTE_TYPES = new Set([
  'local',
  'broadcast',
  'unreachable',
  'blackhole',
  'prohibit',
  'throw',
  'unicast',
]);
const ROUTE_KEYWORDS = new Set([
  'via',
  'dev',
  'table',
  'proto',
  'scope',
  'src',
  'metric',
  'onlink',
  'linkdown',
  'dead',
  'pervasive',
  'mtu',
  'nexthop',
  'weight',
]);

/** `"quoted text"`, a word, or a run of blanks. */
const PIECES = /"(?:[^"\\]|\\.)*"|[^\s"]+|\s+|"/g;

function targetKind(w: string): TokenKind {
  if (ACCEPTS.has(w)) return 'accept';
  if (VERDICTS.has(w)) return 'verdict';
  if (NAT.has(w)) return 'nat';
  return 'target';
}

function iptablesWord(w: string, prev: string | undefined): TokenKind | undefined {
  if (w.startsWith('"')) return 'string';
  if (prev === '-j' || prev === '-g' || prev === '--jump' || prev === '--goto') return targetKind(w);
  if (prev === '-A' || prev === '-I' || prev === '-N' || prev === '-P') return 'chain';
  if (prev === '-i' || prev === '-o' || prev === '--in-interface' || prev === '--out-interface')
    return 'iface';
  if (w === '!') return 'keyword';
  if (/^--?[A-Za-z]/.test(w)) return 'option';
  if (ADDR.test(w)) return 'addr';
  if (NUMBER.test(w)) return 'number';
  return undefined;
}

function ruleWord(w: string, prev: string | undefined): TokenKind | undefined {
  if (/^\d+:$/.test(w)) return 'number';
  if (prev === 'lookup' || prev === 'table') return 'table';
  if (prev === 'iif' || prev === 'oif') return 'iface';
  if (RULE_KEYWORDS.has(w)) return 'keyword';
  if (ADDR.test(w)) return 'addr';
  if (NUMBER.test(w)) return 'number';
  return undefined;
}

function routeWord(w: string, prev: string | undefined, first: boolean): TokenKind | undefined {
  if (first && ROUTE_TYPES.has(w)) return 'target';
  if (prev === 'dev') return 'iface';
  if (prev === 'table') return 'table';
  if (prev === 'proto' || prev === 'scope') return 'name';
  if (ROUTE_KEYWORDS.has(w)) return 'keyword';
  if (ADDR.test(w)) return 'addr';
  if (NUMBER.test(w)) return 'number';
  return undefined;
}

function iptablesLine(line: string): Token[] | undefined {
  if (line.startsWith('#')) return [{ text: line, kind: 'comment' }];
  if (/^\*\S+$/.test(line)) return [{ text: line, kind: 'table' }];
  if (line === 'COMMIT') return [{ text: line, kind: 'keyword' }];
  const policy = /^(:\S+)( +)(\S+)(.*)$/.exec(line);
  if (policy) {
    const [, chain, gap, p, rest] = policy as unknown as [string, string, string, string, string];
    const out: Token[] = [{ text: chain, kind: 'chain' }, { text: gap }];
    out.push(p === '-' ? { text: p } : { text: p, kind: targetKind(p) });
    if (rest) out.push({ text: rest, kind: 'number' });
    return out;
  }
  return undefined;
}

/** The tokens of one line; `text` put back together is the line. */
export function tokenize(syntax: Syntax, line: string): Token[] {
  if (syntax === 'iptables') {
    const whole = iptablesLine(line);
    if (whole) return whole;
  }
  if (syntax === 'sysctl') {
    const m = /^(\S+)( = )(.*)$/.exec(line);
    if (m) return [{ text: m[1]!, kind: 'name' }, { text: m[2]! }, { text: m[3]!, kind: 'number' }];
  }
  const out: Token[] = [];
  let prev: string | undefined;
  let first = true;
  for (const [w] of line.matchAll(PIECES)) {
    if (/^\s/.test(w)) {
      out.push({ text: w });
      continue;
    }
    const kind =
      syntax === 'iptables'
        ? iptablesWord(w, prev)
        : syntax === 'ip-rule'
          ? ruleWord(w, prev)
          : syntax === 'ip-route'
            ? routeWord(w, prev, first)
            : undefined;
    out.push(kind ? { text: w, kind } : { text: w });
    prev = w;
    first = false;
  }
  return out;
}
