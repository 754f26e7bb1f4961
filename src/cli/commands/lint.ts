import { parseArgs } from 'node:util';
import { compileDesign } from '../../engine/vlab/compile-design.ts';
import {
  countBySeverity,
  diagnosticsFromLoadIssues,
  lintLab,
  mergeDiagnostics,
  type Diagnostic,
  type PatchOp,
} from '../../engine/vlab/lint/index.ts';

import { EXIT, UsageError, type CliIo } from '../io.ts';
import { loadLabText, readText } from '../load-lab.ts';

export const LINT_HELP = `usage: natlab lint LAB [--json]

Checks a lab's virtual-lab designs against the failures users of Veeam's virtual labs report
(VL-01..VL-24: routes to the masquerade networks, access IPs, masquerade overlaps and sizes, vNIC
addresses, networking modes, isolation) and the compiled network against netfilter footguns (NF-01..:
strict rp_filter and proxy ARP on an appliance, NETMAP sizes, fwmark rules no MARK satisfies,
duplicate addresses). Where packets decide, the engine traces them. docs/lint-rules.md lists every code.

One line per problem — SEVERITY CODE PATH: message — then why it fails in production (with its
source) and the fix, when one can be applied to the document. --json prints them as JSON, each fix
as JSON Patch operations on the lab document.

exit status: 0 no errors (warnings and infos may be printed), 1 errors or an invalid lab, 2 usage error
`;

interface Linted {
  readonly valid: boolean;
  readonly diagnostics: readonly Diagnostic[];
}

/** The lab's diagnostics: the loader's problems, and the linter's (on the design alone if it does not compile). */
function lintFile(io: CliIo, file: string, text: string): Linted | null {
  const r = loadLabText(io, file, text);
  if (r === null) return null;
  if (r.ok) {
    const lint = lintLab({
      doc: r.doc,
      network: r.network,
      provenance: r.provenance,
      ...(r.design ? { design: r.design } : {}),
    });
    return { valid: true, diagnostics: mergeDiagnostics(diagnosticsFromLoadIssues(r.warnings), lint) };
  }
  const load = diagnosticsFromLoadIssues(r.issues);
  if (!r.doc) return { valid: false, diagnostics: load };
  // the document has the right shape but does not compile: the design rules still apply, and say more
  const design = r.doc.virtualLabs ? compileDesign(r.doc) : undefined;
  const lint = lintLab({ doc: r.doc, ...(design ? { design } : {}) });
  return { valid: false, diagnostics: mergeDiagnostics(load, lint) };
}

const opText = (op: PatchOp) =>
  op.op === 'remove' ? `remove ${op.path}` : `${op.op} ${op.path} ${JSON.stringify(op.value)}`;

function textOf(d: Diagnostic): string {
  const where = d.paths[0] !== undefined ? ` ${d.paths[0]}` : '';
  let s = `${d.severity} ${d.code}${where}: ${d.message}\n    why: ${d.why}\n`;
  if (d.fix) s += `    fix: ${d.fix.label}\n${d.fix.patch.map((op) => `      ${opText(op)}\n`).join('')}`;
  return s;
}

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function lintCommand(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout(LINT_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('natlab lint needs exactly one LAB file');
  const file = positionals[0]!;
  const text = readText(io, file);
  if (text === null) return EXIT.invalid;
  const r = lintFile(io, file, text);
  if (!r) return EXIT.invalid;
  const summary = countBySeverity(r.diagnostics);
  const failed = !r.valid || summary.error > 0;
  if (values.json) {
    io.stdout(`${JSON.stringify({ file, valid: r.valid, summary, diagnostics: r.diagnostics }, null, 2)}\n`);
    return failed ? EXIT.invalid : EXIT.ok;
  }
  for (const d of r.diagnostics) io.stdout(textOf(d));
  const counts = [
    count(summary.error, 'error'),
    count(summary.warning, 'warning'),
    count(summary.info, 'info'),
  ];
  io.stdout(
    r.diagnostics.length === 0
      ? `${file}: no problems found\n`
      : `${file}: ${counts.join(', ')}${r.valid ? '' : ' (the lab is invalid)'}\n`,
  );
  return failed ? EXIT.invalid : EXIT.ok;
}
