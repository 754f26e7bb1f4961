import { parseArgs } from 'node:util';
import { EXIT, UsageError, type CliIo } from '../io.ts';
import { readLab } from '../load-lab.ts';

export const CHECK_HELP = `usage: natlab check LAB

Validates and compiles a lab file: schema, addresses, interface and segment references, and every
route, rule and iptables line as the kernel would accept it. Prints the problems with their JSON path.

exit status: 0 valid (warnings may be printed), 1 invalid, 2 usage error
`;

export function checkCommand(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout(CHECK_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('natlab check needs exactly one LAB file');
  const net = readLab(io, positionals[0]!);
  if (!net) return EXIT.invalid;
  io.stdout(`${positionals[0]}: ok (${net.devices.length} devices, ${net.segments.size} segments)\n`);
  return EXIT.ok;
}
