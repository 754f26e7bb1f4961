/** Problems found in a pasted dump: which dump, which line, what it says, what is wrong. */

export type DumpSource = 'iptables-save' | 'ip rule' | 'ip route';

export interface DumpIssue {
  readonly source: DumpSource;
  /** 1-based line of the pasted text (0: the text as a whole). */
  readonly line: number;
  /** The line itself, as pasted. */
  readonly text: string;
  readonly message: string;
}

/** `ip route line 3: "unreachable 10.0.0.0/8 nhid 4": …`. */
export function formatDumpIssue(i: DumpIssue): string {
  const where = i.line > 0 ? `${i.source} line ${i.line}` : i.source;
  return `${where}${i.text ? `: ${JSON.stringify(i.text)}` : ''}: ${i.message}`;
}

/** The lines of a pasted text, numbered, without a trailing empty line; `\r\n` read as `\n`. */
export function dumpLines(text: string): { readonly n: number; readonly text: string }[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((t, i) => ({ n: i + 1, text: t }));
}
