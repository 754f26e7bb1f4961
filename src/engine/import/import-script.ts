/**
 * A lab script (bash building network namespaces with ip, sysctl and iptables, as natlab's exporter
 * writes it or as the kernel's selftests are written) → a lab. The script is read without
 * running anything; its commands are applied in order to a model of the namespaces; the result is
 * compiled like any lab, and every problem — in the script or found by the compiler — is reported on
 * the script line it comes from. Never throws. See docs/script-format.md.
 */
import { compileLab } from '../lab/compile.ts';
import { issueText, MAX_ISSUE_MESSAGE } from '../lab/issues.ts';
import type { LabDocument, LabIssue } from '../lab/format.ts';
import { commandText, type ScriptIssue } from './issues.ts';
import { readPreamble } from './natlab-preamble.ts';
import { runScript } from './run-script.ts';
import { buildDoc } from './to-doc.ts';

export type { ScriptIssue } from './issues.ts';

export type ImportResult =
  | { readonly ok: true; readonly doc: LabDocument; readonly warnings: ScriptIssue[] }
  | { readonly ok: false; readonly issues: ScriptIssue[] };

export interface ImportOptions {
  /** The lab's name when the script does not give one (natlab's exporter writes it in a comment). */
  readonly name?: string;
}

/** Most problems reported for one script. */
export const MAX_ISSUES = 200;
/** Longest script read (natlab's own scripts take ~5 kB per device; a lab file may have 32 MB). */
export const MAX_SCRIPT_CHARS = 32 * 1024 * 1024;

export function importScript(text: string, opts: ImportOptions = {}): ImportResult {
  try {
    const r = importText(text, opts);
    return r.ok ? { ...r, warnings: r.warnings.map(shown) } : { ok: false, issues: r.issues.map(shown) };
  } catch (e) {
    return {
      ok: false,
      issues: [
        {
          line: 1,
          command: '',
          message: `natlab failed while importing this script (please report it): ${String(e)}`,
        },
      ],
    };
  }
}

function importText(input: string, opts: ImportOptions): ImportResult {
  if (input.length > MAX_SCRIPT_CHARS)
    return fail([
      {
        line: 1,
        command: '',
        message: `the script has ${input.length} characters; natlab reads lab scripts up to ${MAX_SCRIPT_CHARS / 1048576} MB`,
      },
    ]);
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const crlf = text.indexOf('\r\n');
  if (crlf >= 0) {
    const line = text.slice(0, crlf).split('\n').length;
    return fail([
      {
        line,
        command: commandText(text.split('\n')[line - 1] ?? ''),
        message:
          'the script has Windows line endings (\\r\\n): bash reads each \\r as part of the command; convert it (dos2unix)',
      },
    ]);
  }
  const preamble = readPreamble(text);
  const run = runScript(preamble.text, preamble);
  const named = (i: ScriptIssue): ScriptIssue =>
    i.command
      ? i
      : { ...i, command: run.texts.get(i.line) ?? commandText(text.split('\n')[i.line - 1] ?? '') };
  if (run.errors.length) return fail(run.errors.map(named));
  const built = buildDoc(run.world, preamble, preamble.name ?? opts.name ?? 'Imported lab');
  if (built.errors.length || !built.doc) return fail(built.errors.map(named));
  const compiled = compileLab(built.doc);
  const at = (i: LabIssue): ScriptIssue => {
    const note = built.gatewayNotes.get(i.path);
    const refused = i.message.indexOf(': the kernel refuses it: "Nexthop has invalid gateway"');
    const message = note && refused > 0 ? `${i.message.slice(0, refused)}: ${note}` : i.message;
    return named({ line: lineOf(i.path, built.lines), command: '', message });
  };
  const errors = compiled.issues.filter((i) => i.severity === 'error').map(at);
  if (errors.length) return fail(errors);
  const warnings = [...run.warnings, ...built.warnings.map(named), ...compiled.issues.map(at)].sort(
    (a, b) => a.line - b.line,
  );
  return { ok: true, doc: built.doc, warnings };
}

/** Messages quote user text: control characters are shown escaped, never sent to a terminal raw. */
const shown = (i: ScriptIssue): ScriptIssue => ({ ...i, message: issueText(i.message, MAX_ISSUE_MESSAGE) });

function fail(issues: ScriptIssue[]): ImportResult {
  const sorted = [...issues].sort((a, b) => a.line - b.line);
  if (sorted.length <= MAX_ISSUES) return { ok: false, issues: sorted };
  const extra = sorted.length - MAX_ISSUES;
  return {
    ok: false,
    issues: [
      ...sorted.slice(0, MAX_ISSUES),
      { line: sorted[MAX_ISSUES]!.line, command: '', message: `… and ${extra} more problems` },
    ],
  };
}

/** The line behind a document path: the path itself, else its closest ancestor with a line. */
function lineOf(path: string, lines: ReadonlyMap<string, number>): number {
  let p = path;
  for (;;) {
    const l = lines.get(p);
    if (l !== undefined) return l;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    if (cut <= 0) return 1;
    p = p.slice(0, cut);
  }
}
