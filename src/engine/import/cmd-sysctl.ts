/**
 * `sysctl [-q] [-w] [-e] KEY=VALUE…` (procps-ng: a word with `=` is a write even without -w) and
 * `echo N > /proc/sys/net/…` inside a namespace. The IPv4 knobs natlab models go to the namespace's
 * {@link SysctlTracker}; IPv6 knobs and the bridge's netfilter switches are accepted (they do not change
 * what natlab simulates); anything else is refused, as the lab format refuses it.
 */
import { checkSysctlValue, parseSysctlName } from '../lab/sysctl.ts';
import { targetNs, type Ctx } from './context.ts';
import { kernelRefuses, unsupported } from './issues.ts';
import type { Ns } from './model.ts';
import type { SysctlWrite } from './sysctl-tracker.ts';

/** A sysctl key in dotted form; a key written with `/` separators keeps its dots in names (`eth0.5`). */
export function dottedKey(key: string): string {
  const k = key.replace(/^\/+/, '');
  const slash = k.indexOf('/');
  const dot = k.indexOf('.');
  if (slash >= 0 && (dot < 0 || slash < dot))
    return k
      .split('/')
      .filter((p) => p !== '')
      .map((p) => p.replaceAll('.', '/'))
      .join('.');
  return k;
}

export function runSysctl(c: Ctx, args: readonly string[]): void {
  let write = false;
  let ignoreUnknown = false;
  const pairs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      pairs.push(...args.slice(i + 1));
      break;
    }
    if (a === '--write') write = true;
    else if (a === '--quiet' || a === '--values' || a === '--names') continue;
    else if (a === '--ignore') ignoreUnknown = true;
    else if (a === '--load' || a === '--system' || a.startsWith('--load='))
      unsupported('sysctl --load/--system reads settings from files: write each setting as KEY=VALUE');
    else if (a === '--all') return c.harmless('sysctl -a');
    else if (/^-[a-zA-Z]+$/.test(a)) {
      for (const f of a.slice(1)) {
        if (f === 'w') write = true;
        else if (f === 'e') ignoreUnknown = true;
        else if ('qnNb'.includes(f)) continue;
        else if (f === 'p')
          unsupported('sysctl -p reads settings from a file: write each setting as KEY=VALUE');
        else if (f === 'a' || f === 'A' || f === 'X') return c.harmless('sysctl -a');
        else unsupported(`sysctl option "-${f}" is not supported`);
      }
    } else pairs.push(a);
  }
  if (pairs.length === 0) kernelRefuses('sysctl: no variables specified');
  const writes = pairs.filter((p) => p.includes('='));
  if (writes.length === 0) {
    if (write) kernelRefuses(`sysctl: "${pairs[0]}" must be of the form name=value`);
    return c.harmless('sysctl (reading)');
  }
  const ns = targetNs(c);
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    writeSysctl(c, ns, dottedKey(p.slice(0, eq).trim()), p.slice(eq + 1).trim(), ignoreUnknown);
  }
}

/** `echo VALUE > /proc/sys/PATH` run inside a namespace. */
export function writeProcSys(c: Ctx, path: string, value: string): void {
  const ns = targetNs(c);
  writeSysctl(c, ns, dottedKey(path.slice('/proc/sys/'.length)), value.trim(), false);
}

function writeSysctl(c: Ctx, ns: Ns, key: string, text: string, ignoreUnknown: boolean): void {
  if (/^net\.ipv6\./.test(key)) return; // IPv6 is not modelled; its knobs change nothing natlab simulates
  const bridge = /^net\.bridge\.bridge-nf-call-(iptables|arptables|ip6tables)$/.exec(key);
  if (bridge) {
    if (bridge[1] !== 'ip6tables' && text !== '0') {
      ns.bridgeNf = Number(text);
      c.warn(
        `${key}=${text}: natlab's segments are plain bridges that never pass frames through iptables (this namespace has no rules for them)`,
      );
    }
    return;
  }
  if (!/^-?\d+$/.test(text))
    kernelRefuses(`sysctl: setting key "${key}": Invalid argument (natlab reads integers only: "${text}")`);
  const value = Number(text);
  const names = ns.links.map((l) => l.name);
  const t = parseSysctlName(key, names);
  if (!t.ok) {
    const missing = /^net\.ipv4\.conf\.(.+)\.([a-z_]+)$/.exec(key);
    if (missing && t.error.startsWith('no interface')) {
      if (ignoreUnknown) return;
      kernelRefuses(
        `sysctl: cannot stat /proc/sys/${key.replaceAll('.', '/')}: No such file or directory (no interface "${missing[1]!.replaceAll('/', '.')}" in ${ns.name} at this point)`,
      );
    }
    if (ignoreUnknown && !key.startsWith('net.ipv4.')) return;
    unsupported(t.error);
  }
  const bad = checkSysctlValue(t.value, value);
  if (bad) unsupported(`${key}: ${bad} (as natlab models it)`);
  const target = t.value;
  let w: SysctlWrite;
  if (target.kind === 'conf' && target.scope === 'iface') {
    const ifname = target.iface;
    const link = ns.links.find((l) => l.name === ifname)!;
    link.configured = true;
    w = { kind: 'iface', uid: link.uid, key: target.key };
  } else if (target.kind === 'conf')
    w = target.scope === 'all' ? { kind: 'all', key: target.key } : { kind: 'default', key: target.key };
  else w = target;
  ns.sysctl.apply(w, value, c.line);
}
