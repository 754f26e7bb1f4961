import { parseArgs } from 'node:util';
import { netnsScript } from '../../engine/export/netns-script.ts';
import { EXIT, UsageError, type CliIo } from '../io.ts';
import { readLab } from '../load-lab.ts';

export const EXPORT_HELP = `usage: natlab export LAB --format netns-script [--prefix P]

Prints the lab in another form:
  netns-script   a bash script that builds the lab in network namespaces (run it as root);
                 run it with --down to tear the lab down again. Namespaces are named PREFIX+id
                 (default prefix "nl-"). Every modelled sysctl is set explicitly; only validated
                 names reach the shell.

exit status: 0 ok, 1 the lab is invalid, 2 usage error
`;

const FORMATS = ['netns-script'];

export function exportCommand(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      prefix: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(EXPORT_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('natlab export needs exactly one LAB file');
  const format = values.format ?? 'netns-script';
  if (!FORMATS.includes(format))
    throw new UsageError(`--format ${format}: expected one of ${FORMATS.join(', ')}`);
  const net = readLab(io, positionals[0]!);
  if (!net) return EXIT.invalid;
  try {
    io.stdout(netnsScript(net, values.prefix !== undefined ? { prefix: values.prefix } : {}));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return EXIT.ok;
}
