import { execCommand } from '../../engine/tools/exec.ts';
import { routeGet } from '../../engine/routing/route-get.ts';
import { EXIT, UsageError, type CliIo } from '../io.ts';
import { readLab } from '../load-lab.ts';

/** The date as iptables-save prints it (`ctime(3)` without the newline): `Sat Nov 21 11:19:36 2026`. */
export function ctimeDate(d: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getDay()]} ${months[d.getMonth()]} ${String(d.getDate()).padStart(2, ' ')} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} ${d.getFullYear()}`;
}

export const EXEC_HELP = `usage: natlab exec LAB DEVICE -- COMMAND [ARGS...]

Runs a read-only kernel command against a simulated device and prints what the real tool would
print on that device (text, or JSON where the tool has -j):

  ip [-j] route show [table main|local|default|N|all]
  ip [-j] route get ADDR [from ADDR] [iif DEV] [oif DEV] [mark MARK]
  ip [-j] rule show
  ip [-j] addr show [dev DEV]
  iptables [-t TABLE] -S [CHAIN]
  iptables-save

exit status: the command's own (0 ok, 1/2 as the real tool), 1 if the lab is invalid, 2 usage error
`;

export function execCommandCli(args: string[], io: CliIo): number {
  if (args[0] === '--help' || args[0] === '-h') {
    io.stdout(EXEC_HELP);
    return EXIT.ok;
  }
  const sep = args.indexOf('--');
  const head = sep >= 0 ? args.slice(0, sep) : args.slice(0, 2);
  const command = sep >= 0 ? args.slice(sep + 1) : args.slice(2);
  if (head.length !== 2) throw new UsageError('usage: natlab exec LAB DEVICE -- COMMAND...');
  if (command.length === 0) throw new UsageError('natlab exec: no COMMAND given after --');
  const [file, device] = head as [string, string];
  const net = readLab(io, file);
  if (!net) return EXIT.invalid;
  const r = execCommand(net, device, command, { routeGet, date: ctimeDate(io.now()) });
  io.stdout(r.stdout);
  io.stderr(r.stderr);
  return r.code;
}
