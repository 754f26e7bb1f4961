import type { LabIssue } from './document.ts';

/** Collects problems found while compiling a lab document, each with its JSON path. */
export class Issues {
  readonly list: LabIssue[] = [];
  error(path: string, message: string): void {
    this.list.push({ path, message, severity: 'error' });
  }
  warning(path: string, message: string): void {
    this.list.push({ path, message, severity: 'warning' });
  }
  get hasErrors(): boolean {
    return this.list.some((i) => i.severity === 'error');
  }
}
