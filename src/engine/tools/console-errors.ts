/** natlab's own console messages: what it refuses, what it supports, and its `help`. */
import type { CommandOutput } from './ip-route-get.ts';

export const SUPPORTED = [
  'ip [-4] [-j [-p]] route [show|list] [table T|all] [dev D]',
  'ip [-j [-p]] route get ADDR [from A] [iif D] [oif D] [mark M]',
  'ip [-j [-p]] rule [show|list]',
  'ip [-4] [-j [-p]] addr [show|list] [[dev] D]',
  'iptables [-t TABLE] -S [CHAIN]',
  'iptables-save [-t TABLE]',
  'ping [-c N] [-I ADDR|DEV] [-m MARK] [-t TTL] [-W S] [-e ID] [-n] [-q] ADDR',
  'conntrack -L [-p PROTO] [-s A] [-d A] [-r A] [-q A] [-m MARK[/MASK]]',
  'conntrack -F | conntrack -C',
  'help',
];

function supportedList(): string {
  return `natlab's console supports:\n${SUPPORTED.map((s) => `  ${s}\n`).join('')}`;
}

/** The console's `help`: what it runs, and where it differs from a real shell. */
export const HELP = `${supportedList()}
Each command answers as the real tool does on Debian 12 (iproute2 6.1, iptables 1.8.9,
iputils-ping 20221126, conntrack-tools 1.4.7), from what the lab puts on this device.

ping sends -c packets (default 1: the real ping runs until Ctrl-C) through natlab's trace, one
second apart. natlab has no clock: answers print without " time=... ms", the statistics without
", time ...ms" and without the "rtt min/avg/max/mdev" line. ICMP ids are 4242, 4243... (-e picks one).
The packets share this console's connection tracking and ARP caches with later commands:
a second ping finds its conntrack entry ESTABLISHED, and conntrack -L shows the entries.
conntrack -F empties the device's table (start a device afresh); timeouts print as set by the
last packet (the kernel counts them down).

The console runs one command: no pipes, lists, redirections or variables.
`;

/** A command that would change the device: the console only reads. */
export function readOnly(argv: readonly string[]): CommandOutput {
  return {
    stdout: '',
    stderr: `natlab: "${argv.join(' ')}" would change the device, and natlab's console is read-only: edit the lab instead.\n${supportedList()}`,
    code: 2,
  };
}

/** A read-only command natlab does not simulate. */
export function unsupported(argv: readonly string[], why?: string): CommandOutput {
  return {
    stdout: '',
    stderr: `natlab: "${argv.join(' ')}" is not supported${why !== undefined ? ` (${why})` : ''}.\n${supportedList()}`,
    code: 2,
  };
}
