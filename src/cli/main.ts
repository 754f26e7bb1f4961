/** `natlab` command line: trace, exec, check. */
import { checkCommand, CHECK_HELP } from './commands/check.ts';
import { execCommandCli, EXEC_HELP } from './commands/exec.ts';
import { traceCommand, TRACE_HELP } from './commands/trace.ts';
import { EXIT, UsageError, processIo, type CliIo } from './io.ts';

export const VERSION = '0.1.0';

const HELP = `natlab ${VERSION} — what the Linux kernel does with your lab's packets

usage:
  natlab trace LAB --from DEVICE --to IP [--src IP] [--proto icmp|tcp|udp] [--sport N] [--dport N] [--mark N] [--ttl N] [--json]
  natlab exec LAB DEVICE -- COMMAND...     read-only ip / iptables commands against a simulated device
  natlab check LAB                         validate a lab file
  natlab help [COMMAND]

LAB is a *.lab.json file (docs/lab-format.md). Exit status: 0 answered, 1 the lab is invalid, 2 usage.
`;

const COMMANDS: Record<string, { run: (args: string[], io: CliIo) => number; help: string }> = {
  trace: { run: traceCommand, help: TRACE_HELP },
  exec: { run: execCommandCli, help: EXEC_HELP },
  check: { run: checkCommand, help: CHECK_HELP },
};

export function main(argv: readonly string[], io: CliIo = processIo): number {
  const [cmd, ...rest] = argv;
  try {
    if (cmd === undefined || cmd === '--help' || cmd === '-h') {
      io.stdout(HELP);
      return cmd === undefined ? EXIT.usage : EXIT.ok;
    }
    if (cmd === '--version' || cmd === '-V') {
      io.stdout(`natlab ${VERSION}\n`);
      return EXIT.ok;
    }
    if (cmd === 'help') {
      const c = rest[0] ? COMMANDS[rest[0]] : undefined;
      io.stdout(c ? c.help : HELP);
      return rest[0] && !c ? EXIT.usage : EXIT.ok;
    }
    const c = COMMANDS[cmd];
    if (!c) throw new UsageError(`unknown command "${cmd}" (commands: ${Object.keys(COMMANDS).join(', ')})`);
    return c.run([...rest], io);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(
        `natlab: ${(e as Error).message}\nTry 'natlab help${cmd && COMMANDS[cmd] ? ` ${cmd}` : ''}'.\n`,
      );
      return EXIT.usage;
    }
    throw e;
  }
}
