import type { Network } from '../engine/model/network.ts';
import { formatIssue } from '../engine/lab/format.ts';
import { importScript, type ScriptIssue } from '../engine/import/import-script.ts';
import { loadLab, loadLabValue, type LoadResult } from '../lab/load.ts';
import type { CliIo } from './io.ts';

/**
 * Whether a LAB argument is a lab script rather than a lab document: its name ends in `.sh`, or its text
 * starts with `#!`, or its first non-blank character is not `{`.
 */
export function isLabScript(file: string, text: string): boolean {
  if (file.endsWith('.sh') || text.startsWith('#!')) return true;
  const first = text.replace(/^\uFEFF/, '').trimStart()[0];
  return first !== undefined && first !== '{';
}

/** The lab's name when a script does not say it: the file's name without directory and extension. */
export function scriptLabName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.(sh|bash)$/, '') || 'Imported lab';
}

/** A script problem the way compilers print them: `FILE:LINE: message`, then the command. */
export function printScriptIssue(io: CliIo, file: string, i: ScriptIssue, warning = false): void {
  io.stderr(`${file}:${i.line}: ${warning ? 'warning: ' : ''}${i.message}\n`);
  if (i.command) io.stderr(`    ${i.command}\n`);
}

/** Reads a file, or prints why it cannot be read. */
export function readText(io: CliIo, file: string): string | null {
  try {
    return io.readFile(file);
  } catch (e) {
    const code = (e as { code?: string }).code;
    io.stderr(
      `natlab: ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : String(e)}\n`,
    );
    return null;
  }
}

/**
 * Reads and compiles a lab: a lab document (`*.lab.json`), or a lab script (a bash script building
 * network namespaces, docs/script-format.md), which is imported first. Problems are printed the way
 * compilers do: `file: path: message` for documents, `file:line: message` for scripts.
 */
export function readLab(io: CliIo, file: string): Network | null {
  return readLabLoaded(io, file)?.network ?? null;
}

/**
 * Loads a lab's text: a lab document, or a lab script imported first (its problems printed as
 * `FILE:LINE: message`). Null when the script cannot be imported; otherwise the loader's result, valid
 * or not, for the caller to report.
 */
export function loadLabText(io: CliIo, file: string, text: string): LoadResult | null {
  if (!isLabScript(file, text)) return loadLab(text);
  const imported = importScript(text, { name: scriptLabName(file) });
  if (!imported.ok) {
    const n = imported.issues.length;
    io.stderr(`natlab: ${file}: the script cannot be imported (${n} problem${n === 1 ? '' : 's'}):\n`);
    for (const i of imported.issues) printScriptIssue(io, file, i);
    return null;
  }
  for (const w of imported.warnings) printScriptIssue(io, file, w, true);
  return loadLabValue(imported.doc);
}

/** {@link readLab}, with everything loading found: the documents, the provenance, the design's result. */
export function readLabLoaded(io: CliIo, file: string): Extract<LoadResult, { ok: true }> | null {
  const text = readText(io, file);
  if (text === null) return null;
  const r = loadLabText(io, file, text);
  if (r === null) return null;
  if (!r.ok) {
    const errors = r.issues.filter((i) => i.severity === 'error');
    io.stderr(
      `natlab: ${file} is not a valid lab (${errors.length} error${errors.length === 1 ? '' : 's'}):\n`,
    );
    for (const i of r.issues)
      io.stderr(`  ${file}: ${i.severity === 'warning' ? 'warning: ' : ''}${formatIssue(i)}\n`);
    return null;
  }
  for (const w of r.warnings) io.stderr(`${file}: warning: ${formatIssue(w)}\n`);
  return r;
}
