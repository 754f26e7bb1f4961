/**
 * One device's routes as `ip route add` lines: every route the lab added (all tables and types, in
 * insertion order), not the kernel's own routes of its addresses. Policy rules are not routes: a route
 * in another table than main only takes effect through the device's `ip rule`s (the ip format has both).
 */
import type { Device } from '../model/device.ts';
import type { Network } from '../model/network.ts';
import { TABLE_MAIN } from '../model/route.ts';
import { deviceTitle, type ExportText } from './device.ts';
import { customRules, routeAddArgs, userRoutes } from './ip-commands.ts';
import { shComment, shq } from './shell.ts';

export function linuxRoutes(net: Network, d: Device): ExportText {
  const routes = userRoutes(d);
  const out = [shComment(`natlab: routes of ${deviceTitle(net, d)} (run as root on the device)`)];
  if (routes.length === 0) out.push('# no routes besides the kernel’s own routes of the addresses');
  const otherTables = routes.some((r) => r.table !== TABLE_MAIN) && customRules(d).length > 0;
  if (otherTables)
    out.push('# routes in tables other than main are used through the device’s policy rules (format ip)');
  for (const r of routes) out.push(['ip', ...routeAddArgs(r)].map(shq).join(' '));
  out.push('');
  return { text: out.join('\n'), warnings: [] };
}
