import { parseArgs } from 'node:util';
import { importScript } from '../../engine/import/import-script.ts';
import { EXIT, UsageError, type CliIo } from '../io.ts';
import { printScriptIssue, readText, scriptLabName } from '../load-lab.ts';

/** Where `"$schema"` points by default: the schema as it sits next to public/labs/. */
export const DEFAULT_SCHEMA = '../schema/natlab-lab-v2.schema.json';

export const IMPORT_HELP = `usage: natlab import SCRIPT [--name NAME] [--schema URL] > lab.lab.json

Converts a lab script — a bash script that builds a lab in network namespaces with ip, sysctl and
iptables, as "natlab export --format netns-script" writes it or as the kernel's selftests are
written — into a lab document, printed as JSON. Nothing in the script is run.
See docs/script-format.md for what is imported and what is refused.

  --name NAME    the lab's name, if the script does not give one (default: the file's name)
  --schema URL   the "$schema" written into the document (default: ${DEFAULT_SCHEMA})

Problems are printed as SCRIPT:LINE: message, followed by the command.
Every command also accepts a script where it takes a LAB.

exit status: 0 ok (warnings may be printed), 1 the script cannot be imported, 2 usage error
`;

export function importCommand(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      schema: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(IMPORT_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('natlab import needs exactly one SCRIPT file');
  const file = positionals[0]!;
  const text = readText(io, file);
  if (text === null) return EXIT.invalid;
  const r = importScript(text, { name: values.name ?? scriptLabName(file) });
  if (!r.ok) {
    for (const i of r.issues) printScriptIssue(io, file, i);
    return EXIT.invalid;
  }
  for (const w of r.warnings) printScriptIssue(io, file, w, true);
  const doc = { $schema: values.schema ?? DEFAULT_SCHEMA, ...r.doc };
  io.stdout(`${JSON.stringify(doc, null, 2)}\n`);
  return EXIT.ok;
}
