/**
 * One device's routes as Windows `route -p add DEST mask MASK GATEWAY metric N` commands (a .cmd file).
 * Windows has one routing table and no route types: only unicast routes of table main with a gateway
 * are written as commands. A gateway that is one of the device's own addresses makes the route on-link
 * on Windows as on Linux. Routes without a gateway need the Windows interface index, which natlab cannot
 * know: they are written as `rem` lines to complete by hand. Everything else is listed as not expressible.
 * Windows metrics start at 1: the Linux metric + 1 is written (at most 9999).
 */
import { formatIpv4, maskOf } from '../addr/ipv4.ts';
import type { Device } from '../model/device.ts';
import type { Network } from '../model/network.ts';
import { tableName, TABLE_MAIN, type Route } from '../model/route.ts';
import { deviceTitle, type ExportText } from './device.ts';
import { customRules, userRoutes } from './ip-commands.ts';
import { routeArgs } from './netns-script.ts';

/** Text that cmd.exe reads as nothing but a comment: no `%`, `^`, `&`, `|`, `<`, `>`, quotes or controls. */
export function remText(s: string): string {
  return s.replace(/[^A-Za-z0-9 _.,:;()/+=@#'*?[\]{}~$-]/g, '?');
}

const rem = (s: string) => `rem ${remText(s)}`;

/** Why a route cannot be a Windows route command, or null. */
function inexpressible(r: Route): string | null {
  if (r.table !== TABLE_MAIN)
    return `in routing table ${tableName(r.table)} (Windows has one routing table, and no policy rules)`;
  if (r.type !== 'unicast') return `a ${r.type} route (Windows routes have no type)`;
  if (r.onlink) return 'onlink (Windows needs the gateway on a connected network)';
  if (r.scope !== 'global' && r.gateway !== undefined) return `scope ${r.scope}`;
  return null;
}

export function windowsRoutes(net: Network, d: Device): ExportText {
  const out = [
    '@echo off',
    rem(`natlab: routes of ${deviceTitle(net, d)} as Windows route commands`),
    rem('run in an elevated cmd.exe; -p keeps a route across reboots; metric = Linux metric + 1'),
  ];
  const manual: string[] = [];
  const lost: string[] = [];
  const warnings: string[] = [];
  for (const r of userRoutes(d)) {
    const linux = `ip route add ${routeArgs(r).join(' ')}`;
    const why = inexpressible(r);
    if (why) {
      lost.push(rem(`  ${linux}: ${why}`));
      warnings.push(`${linux}: not expressible on Windows: ${why}`);
      continue;
    }
    const metric = Math.min(r.metric + 1, 9999);
    const dest = `${formatIpv4(r.dst)} mask ${formatIpv4(maskOf(r.len))}`;
    const notes = [
      ...(r.prefsrc !== undefined ? [`src ${formatIpv4(r.prefsrc)} is not expressible`] : []),
      ...(r.metric + 1 > 9999 ? [`metric ${r.metric} capped at 9999`] : []),
    ];
    if (r.gateway === undefined) {
      manual.push(
        rem(
          `  on-link on ${r.dev ?? '?'}: route -p add ${dest} 0.0.0.0 metric ${metric} if INDEX${notes.length ? ` (${notes.join('; ')})` : ''}`,
        ),
      );
      warnings.push(`${linux}: needs the Windows interface index of ${r.dev ?? '?'}; written as a comment`);
      continue;
    }
    for (const n of notes) {
      out.push(rem(`${linux}: ${n}`));
      warnings.push(`${linux}: ${n}`);
    }
    out.push(`route -p add ${dest} ${formatIpv4(r.gateway)} metric ${metric}`);
  }
  if (manual.length)
    out.push(
      rem('routes without a gateway need the interface index (route print) in place of INDEX:'),
      ...manual,
    );
  if (lost.length) out.push(rem('not expressible on Windows:'), ...lost);
  const rules = customRules(d).length;
  if (rules) {
    out.push(
      rem(
        `the device's ${rules} policy rule${rules === 1 ? '' : 's'} (ip rule) are not expressible on Windows`,
      ),
    );
    warnings.push(`${rules} policy rule${rules === 1 ? '' : 's'} (ip rule) not expressible on Windows`);
  }
  if (userRoutes(d).length === 0) out.push(rem('no routes besides the connected routes of the addresses'));
  out.push('');
  return { text: out.join('\n'), warnings };
}
