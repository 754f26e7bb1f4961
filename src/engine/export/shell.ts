/** Shell quoting for generated scripts: every value that reaches bash goes through one of these. */

const SAFE = /^[A-Za-z0-9_./:=+@%^,-]+$/;

/** A single shell word, single-quoted unless it is made only of characters no shell treats specially. */
export function shq(s: string): string {
  if (s !== '' && SAFE.test(s)) return s;
  return `'${s.replaceAll("'", `'"'"'`)}'`;
}

/** A comment line that cannot end the comment early or run anything. */
export function shComment(s: string): string {
  return `# ${s.replace(/[\r\n]+/g, ' ').replace(/[^\x20-\x7e\u00a0-\uffff]/g, '?')}`;
}
