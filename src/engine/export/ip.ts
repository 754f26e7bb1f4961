/**
 * One device as a bash script of `ip` and `sysctl -w` commands, to run as root on the device (or in a
 * namespace holding interfaces of the same names): links up, addresses, sysctls that differ from a fresh
 * namespace, policy rules, routes of every table and type, proxy neighbours. The netfilter ruleset is
 * not part of it (the iptables-save and nft formats are). Every word is quoted by `shq`.
 */
import type { Device } from '../model/device.ts';
import type { Network } from '../model/network.ts';
import { deviceTitle, type ExportText } from './device.ts';
import {
  addressesArgs,
  customRules,
  linkUpArgs,
  proxyArgs,
  routeAddArgs,
  ruleAddArgs,
  ruleDelArgs,
  sysctlWrites,
  userRoutes,
} from './ip-commands.ts';
import { shComment, shq } from './shell.ts';

const cmd = (words: readonly string[]) => words.map(shq).join(' ');

/** `# MACs: eth0 02:…:01 (segment prod), …` — the script does not change them. */
export function macComment(d: Device): string {
  const links = d.ifaces
    .filter((i) => !i.loopback)
    .map((i) => `${i.name} ${i.mac}${i.segment ? ` (segment ${i.segment})` : ' (unplugged)'}`);
  return shComment(`interfaces in the lab: ${links.join(', ') || 'none but lo'}`);
}

function section(out: string[], title: string, lines: readonly string[]): void {
  if (lines.length === 0) return;
  out.push('', `# ${title}`, ...lines);
}

export function ipScript(net: Network, d: Device): ExportText {
  const out = [
    '#!/bin/bash',
    shComment(`natlab: ${deviceTitle(net, d)} as ip and sysctl commands`),
    '# run as root on the device (or: ip netns exec NS bash THIS); its interfaces must exist already',
    macComment(d),
    'set -euo pipefail',
  ];
  section(
    out,
    'links',
    linkUpArgs(d).map((a) => cmd(['ip', ...a])),
  );
  section(
    out,
    'addresses, in the order they were added',
    addressesArgs(d).map((a) => cmd(['ip', ...a])),
  );
  section(
    out,
    'sysctls that differ from a fresh network namespace',
    sysctlWrites(d).map((w) => cmd(['sysctl', '-w', w])),
  );
  section(out, 'policy rules', [
    ...ruleDelArgs(d).map((a) => cmd(['ip', ...a])),
    ...customRules(d).map((r) => cmd(['ip', ...ruleAddArgs(r)])),
  ]);
  section(
    out,
    'routes, in the order they were added',
    userRoutes(d).map((r) => cmd(['ip', ...routeAddArgs(r)])),
  );
  section(
    out,
    'proxy ARP entries',
    proxyArgs(d).map((a) => cmd(['ip', ...a])),
  );
  out.push('');
  return { text: out.join('\n'), warnings: [] };
}
