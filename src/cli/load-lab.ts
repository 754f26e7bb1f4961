import type { Network } from '../engine/model/network.ts';
import { formatIssue } from '../engine/lab/format.ts';
import { loadLab } from '../lab/load.ts';
import type { CliIo } from './io.ts';

/** Reads and compiles a lab file, printing problems the way compilers do (`file: path: message`). */
export function readLab(io: CliIo, file: string): Network | null {
  let text: string;
  try {
    text = io.readFile(file);
  } catch (e) {
    const code = (e as { code?: string }).code;
    io.stderr(
      `natlab: ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : String(e)}\n`,
    );
    return null;
  }
  const r = loadLab(text);
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
  return r.network;
}
