import { execCommand } from '../../engine/tools/exec.ts';
import { explainOutput } from '../../engine/tools/explain.ts';
import { routeGet } from '../../engine/routing/route-get.ts';
import { EXIT, UsageError, type CliIo } from '../io.ts';
import { readLabLoaded } from '../load-lab.ts';

/** The date as iptables-save prints it (`ctime(3)` without the newline): `Sat Nov 21 11:19:36 2026`. */
export function ctimeDate(d: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getDay()]} ${months[d.getMonth()]} ${String(d.getDate()).padStart(2, ' ')} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} ${d.getFullYear()}`;
}

export const EXEC_HELP = `usage: natlab exec LAB DEVICE [--explain] -- COMMAND [ARGS...]

Runs a read-only kernel command against a simulated device and prints what the real tool would
print on that device (text, or JSON where the tool has -j):

  ip [-j] route show [table main|local|default|N|all]
  ip [-j] route get ADDR [from ADDR] [iif DEV] [oif DEV] [mark MARK]
  ip [-j] rule show
  ip [-j] addr show [dev DEV]
  iptables [-t TABLE] -S [CHAIN]
  iptables-save
  ping [-c N] [-I ADDR] [-m MARK] [-t TTL] ADDR   (times are not simulated: no time= or rtt line)
  conntrack -L [-p PROTO] [-s ADDR] [-d ADDR]      (a fresh lab: empty; the designer's console keeps
                                                   the connections of its pings)

--explain   follow each line the lab made (iptables rules, ip rules, routes, addresses) with
            "  # PATH": the field of the lab file it comes from — for a device a virtual-lab design
            generated, the design field (virtualLabs[0].isolatedNetworks[0].masquerade). Text only.

exit status: the command's own (0 ok, 1/2 as the real tool), 1 if the lab is invalid, 2 usage error
`;

export function execCommandCli(args: string[], io: CliIo): number {
  if (args[0] === '--help' || args[0] === '-h') {
    io.stdout(EXEC_HELP);
    return EXIT.ok;
  }
  const sep = args.indexOf('--');
  let head = sep >= 0 ? args.slice(0, sep) : args.slice(0, 2);
  let command = sep >= 0 ? args.slice(sep + 1) : args.slice(2);
  // without `--`, `--explain` may still come right after DEVICE
  if (sep < 0 && command[0] === '--explain') {
    head = [...head, '--explain'];
    command = command.slice(1);
  }
  const explain = head.includes('--explain');
  head = head.filter((a) => a !== '--explain');
  const flag = head.find((a) => a.startsWith('-'));
  if (flag !== undefined) throw new UsageError(`natlab exec: unknown option ${flag} (only --explain)`);
  if (head.length !== 2) throw new UsageError('usage: natlab exec LAB DEVICE [--explain] -- COMMAND...');
  if (command.length === 0) throw new UsageError('natlab exec: no COMMAND given after --');
  const [file, device] = head as [string, string];
  const lab = readLabLoaded(io, file);
  if (!lab) return EXIT.invalid;
  const net = lab.network;
  const r = execCommand(net, device, command, { routeGet, date: ctimeDate(io.now()) });
  let stdout = r.stdout;
  const dev = net.byId.get(device);
  if (explain && dev && r.code === 0) {
    const e = explainOutput(dev, command, r.stdout, lab.provenance);
    if (!e.ok) throw new UsageError(`natlab exec: ${e.error}`);
    stdout = e.text;
  }
  io.stdout(stdout);
  io.stderr(r.stderr);
  return r.code;
}
