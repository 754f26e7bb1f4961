/** `natlab` command line: trace, exec, check, export, import, verify, up, down. */
import { checkCommand, CHECK_HELP } from './commands/check.ts';
import { execCommandCli, EXEC_HELP } from './commands/exec.ts';
import { exportCommand, EXPORT_HELP } from './commands/export.ts';
import { importCommand, IMPORT_HELP } from './commands/import.ts';
import { lintCommand, LINT_HELP } from './commands/lint.ts';
import { traceCommand, TRACE_HELP } from './commands/trace.ts';
import { downCommand, upCommand, UP_HELP } from './commands/up.ts';
import { verifyCommand, VERIFY_HELP } from './commands/verify.ts';
import { EXIT, UsageError, processIo, type CliIo } from './io.ts';

export const VERSION = '0.1.0';

const HELP = `natlab ${VERSION} — what the Linux kernel does with your lab's packets

usage:
  natlab trace LAB --from DEVICE --to IP [--src IP] [--proto icmp|tcp|udp] [--sport N] [--dport N] [--mark N] [--ttl N] [--json]
  natlab exec LAB DEVICE -- COMMAND...     read-only ip / iptables commands against a simulated device
  natlab check LAB                         validate a lab file
  natlab lint LAB [--json]                 check its virtual-lab designs and netfilter footguns (docs/lint-rules.md)
  natlab export LAB [--format F] [--device D]   netns-script, iptables-save, nft, ip, ifupdown, linux-/windows-routes,
                                           markdown (design report), veeam-powershell (docs/export-formats.md)
  natlab import SCRIPT > lab.lab.json      a namespace script (ip, sysctl, iptables) as a lab file
  natlab verify LAB [--probe "FROM TO [proto] [port]"]... [--json]   compare the engine with this kernel (root)
  natlab up LAB | natlab down LAB          build the lab in namespaces and leave it running / tear it down
  natlab help [COMMAND]

LAB is a *.lab.json file (docs/lab-format.md) or a namespace script (docs/script-format.md). Exit status: 0 answered, 1 the lab is invalid, 2 usage
(verify: 3 when the engine and the kernel disagree).
`;

const COMMANDS: Record<
  string,
  { run: (args: string[], io: CliIo) => number | Promise<number>; help: string }
> = {
  trace: { run: traceCommand, help: TRACE_HELP },
  exec: { run: execCommandCli, help: EXEC_HELP },
  check: { run: checkCommand, help: CHECK_HELP },
  lint: { run: lintCommand, help: LINT_HELP },
  export: { run: exportCommand, help: EXPORT_HELP },
  import: { run: importCommand, help: IMPORT_HELP },
  verify: { run: verifyCommand, help: VERIFY_HELP },
  up: { run: upCommand, help: UP_HELP },
  down: { run: downCommand, help: UP_HELP },
};

/**
 * Runs one command. Commands that touch the kernel (verify) are asynchronous and return a promise;
 * the others answer synchronously, so tests can call them without awaiting.
 */
export function main(argv: readonly string[], io: CliIo = processIo): number | Promise<number> {
  const [cmd, ...rest] = argv;
  const usage = (e: unknown): number => {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(
        `natlab: ${(e as Error).message}\nTry 'natlab help${cmd && COMMANDS[cmd] ? ` ${cmd}` : ''}'.\n`,
      );
      return EXIT.usage;
    }
    throw e;
  };
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
    const r = c.run([...rest], io);
    return typeof r === 'number' ? r : r.catch(usage);
  } catch (e) {
    return usage(e);
  }
}
