/**
 * What happens to a parsed rule on its way into the kernel and back, as `iptables -S` shows it:
 * `ipv4_post_parse()` (addresses), `do_parse()`'s last checks, the nf_tables encoding of
 * iptables/nft.c (`add_match()`: tcp/udp/mark become native expressions, so several tcp matches merge
 * into one on the way back in nft-shared.c), and the kernel's own validation (`xt_check_match()` /
 * `xt_check_target()`), whose refusals iptables reports as `RULE_APPEND failed (Invalid argument)`.
 */
import { canonical, type Ipv4 } from '../addr/ipv4.ts';
import {
  HOOK_OF_CHAIN,
  TABLE_HOOKS,
  type IfaceMatch,
  type Rule,
  type TableName,
} from '../model/netfilter.ts';
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP } from '../model/packet.ts';
import { commandChecks, type ExtInstance, type XtParsed } from './parse-core.ts';
import { storeMatches, storeTarget, type StoreCtx } from './store-ext.ts';
import { hookProblem, tableProblem } from './target-hooks.ts';
import { XtError, unsupported } from './xt-ext.ts';
import { maskLen, numericToIpaddr, parseIpMask } from './xt-values.ts';

/** getnetbyname() over Debian's /etc/networks. */
const NETWORKS: ReadonlyMap<string, number> = new Map([
  ['default', 0],
  ['loopback', 0x7f000000],
  ['link-local', 0xa9fe0000],
]);

const HOSTNAME =
  /^(?=.*[A-Za-z])[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/;

/** `xtables_ipparse_multiple()` for one `-s`/`-d` argument; natlab keeps a single contiguous prefix. */
function parseAddress(text: string, tok: number, invert: boolean): { addr: Ipv4; len: number } {
  const items = text.split(',');
  const out = items.map((raw) => {
    const item = raw.replace(/^\s+/, '');
    if (item.length > 255) throw new XtError('Hostname too long', { token: tok });
    const slash = item.lastIndexOf('/');
    let name = slash >= 0 ? item.slice(0, slash) : item;
    const mask = (() => {
      try {
        return parseIpMask(slash >= 0 ? item.slice(slash + 1) : null);
      } catch (e) {
        if (e instanceof XtError) throw new XtError(e.message, { ...e.detail, token: tok });
        throw e;
      }
    })();
    if (mask === 0) name = '0.0.0.0';
    const addr = numericToIpaddr(name) ?? NETWORKS.get(name) ?? null;
    if (addr === null) {
      if (HOSTNAME.test(name))
        throw unsupported(
          `host names ("${name}"): iptables resolves them once, when the rule is added; write the address`,
          tok,
        );
      throw new XtError(`host/network \`${name}' not found`, {
        token: tok,
        explain: 'write an IPv4 address, optionally with /prefix-length or /netmask.',
      });
    }
    return { addr, mask };
  });
  if (out.length > 1) {
    if (invert)
      throw new XtError('! not allowed with multiple source or destination IP addresses', { token: tok });
    throw unsupported(
      'comma-separated address lists (iptables turns them into one rule per address); write one rule per address',
      tok,
    );
  }
  const { addr, mask } = out[0]!;
  const len = maskLen(mask);
  if (len === null) throw unsupported(`the non-contiguous netmask in "${text}"`, tok);
  return canonical({ addr: addr as Ipv4, len });
}

const EINVAL = (chain: string, explain: string, token?: number) =>
  new XtError(` RULE_APPEND failed (Invalid argument): rule in chain ${chain}`, {
    explain,
    ...(token !== undefined ? { token } : {}),
  });

function iface(x: { name: string; tok: number } | null, invert: boolean): IfaceMatch | undefined {
  if (!x) return undefined;
  const wildcard = x.name.endsWith('+');
  const name = wildcard ? x.name.slice(0, -1) : x.name;
  if (wildcard && name === '' && !invert) return undefined;
  return { name, wildcard, invert };
}

/** The kernel's `par->match->proto` check for matches that stay xt compat matches. */
function compatProtoCheck(inst: ExtInstance, r: XtParsed, chain: string) {
  const need = { tcp: IPPROTO_TCP, udp: IPPROTO_UDP, icmp: IPPROTO_ICMP }[inst.def.name];
  if (need !== undefined && (r.proto !== need || r.inverted.has('p')))
    throw EINVAL(
      chain,
      `-m ${inst.def.name} needs -p ${inst.def.name} (without "!") in the same rule.`,
      inst.tok,
    );
}

export function storeRule(r: XtParsed, ctx: { table: TableName; chain: string }): Rule {
  const inv = (l: string) => r.inverted.has(l);
  const src = r.src ? parseAddress(r.src.text, r.src.tok, inv('s')) : undefined;
  const dst = r.dst ? parseAddress(r.dst.text, r.dst.tok, inv('d')) : undefined;
  commandChecks(r, ctx.chain);
  const sctx: StoreCtx = {
    proto: r.proto,
    protoInvert: inv('p'),
    chain: ctx.chain,
    compatProtoCheck: (i) => compatProtoCheck(i, r, ctx.chain),
  };
  const matches = storeMatches(r.matches, sctx);
  for (const [which, a] of [
    ['s', src],
    ['d', dst],
  ] as const)
    if (a && a.len === 0 && inv(which))
      throw EINVAL(
        ctx.chain,
        `! -${which} 0.0.0.0/0 can never match; nf_tables refuses it.`,
        (which === 's' ? r.src : r.dst)?.tok,
      );
  const target = storeTarget(r, sctx);
  if (target.kind !== 'none') {
    const tp = tableProblem(target.kind, ctx.table);
    if (tp) throw EINVAL(ctx.chain, `${tp}.`, r.jumpTok);
    const hook = HOOK_OF_CHAIN[ctx.chain];
    if (hook && TABLE_HOOKS[ctx.table].includes(hook)) {
      const hp = hookProblem(target.kind, hook);
      if (hp) throw EINVAL(ctx.chain, `${hp}.`, r.jumpTok);
    }
    if (
      (target.kind === 'jump' || target.kind === 'goto') &&
      TABLE_HOOKS[ctx.table].some((h) => HOOK_OF_CHAIN[target.chain] === h)
    )
      throw new XtError(` RULE_APPEND failed (Operation not supported): rule in chain ${ctx.chain}`, {
        token: r.jumpTok,
        explain: `${target.chain} is a built-in chain; iptables can only jump to user-defined chains.`,
      });
  }
  const iif = iface(r.iif, inv('i'));
  const oif = iface(r.oif, inv('o'));
  return {
    ...(src && src.len > 0 ? { src: { ...src, invert: inv('s') } } : {}),
    ...(dst && dst.len > 0 ? { dst: { ...dst, invert: inv('d') } } : {}),
    ...(iif ? { iif } : {}),
    ...(oif ? { oif } : {}),
    ...(r.proto !== 0 ? { proto: { proto: r.proto, invert: inv('p') } } : {}),
    ...(r.fragment ? { fragment: { invert: inv('f') } } : {}),
    matches,
    target,
  };
}
