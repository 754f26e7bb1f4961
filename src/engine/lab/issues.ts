import type { LabIssue } from './format.ts';

/** Longest path and message an issue carries: user text (a 10 MB name) is elided in the middle. */
export const MAX_ISSUE_PATH = 400;
export const MAX_ISSUE_MESSAGE = 2000;
/** Longest object key written in full in a path (a longer one is quoted and clipped). */
export const MAX_KEY = 120;

/** `s` if it is at most `max` characters, else its start and end around a `…(N characters)…` marker. */
export function clipText(s: string, max: number): string {
  if (s.length <= max) return s;
  const keep = Math.max(0, max - 24);
  const head = Math.ceil(keep / 2);
  const tail = keep - head;
  return `${s.slice(0, head)}…(${s.length - keep} characters)…${tail ? s.slice(-tail) : ''}`;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/g;
const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Text for one line of an issue: control characters (a newline in a name) are shown escaped as in JSON
 * (`\n`, `\u001b`), so user text can never start a line of its own in a terminal or a log; then clipped.
 */
export function issueText(s: string, max: number): string {
  const escaped = s.replace(
    CONTROL,
    (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return clipText(escaped, max);
}

/**
 * One object key of a JSON path, as src/lab/load.ts's `formatPath` writes it: `.key` for identifier-like
 * keys, else `["key"]` quoted as JSON (`sysctls["net.ipv4.ip_forward"]`, `nat["MY-CHAIN"]`).
 */
export function keyPath(key: string): string {
  return key.length <= MAX_KEY && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)
    ? `.${key}`
    : `[${JSON.stringify(clipText(key, MAX_KEY))}]`;
}

/** Collects problems found while compiling a lab document, each with its JSON path. */
export class Issues {
  readonly list: LabIssue[] = [];
  error(path: string, message: string): void {
    this.add(path, message, 'error');
  }
  warning(path: string, message: string): void {
    this.add(path, message, 'warning');
  }
  get hasErrors(): boolean {
    return this.list.some((i) => i.severity === 'error');
  }
  private add(path: string, message: string, severity: LabIssue['severity']): void {
    this.list.push({
      path: issueText(path, MAX_ISSUE_PATH),
      message: issueText(message, MAX_ISSUE_MESSAGE),
      severity,
    });
  }
}
