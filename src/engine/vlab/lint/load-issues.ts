/**
 * The loader's own findings as diagnostics, so `natlab lint` prints one list: LAB-01 (the document is
 * invalid) and LAB-02 (a warning), except the footguns the linter knows better — a NETMAP in another
 * table than nat, which iptables refuses, is VL-23 with its story.
 */
import type { LabIssue } from '../../lab/format.ts';
import { diag } from './rule.ts';
import { WHY } from './sources.ts';
import type { Diagnostic } from './types.ts';

const NETMAP_TABLE = /the NETMAP target is only valid in the nat table/;

export function diagnosticsFromLoadIssues(issues: readonly LabIssue[]): Diagnostic[] {
  return issues.map((i) => {
    const paths = i.path ? [i.path] : [];
    const message = /[.!?)]$/.test(i.message) ? i.message : `${i.message}.`;
    if (NETMAP_TABLE.test(i.message))
      return diag(
        'VL-23',
        'error',
        `NETMAP outside the nat table: ${message}`,
        paths,
        undefined,
        WHY['VL-23'],
      );
    return i.severity === 'error'
      ? diag('LAB-01', 'error', message, paths)
      : diag('LAB-02', 'warning', message, paths);
  });
}

const RANK = { error: 0, warning: 1, info: 2 } as const;
const CONFLICT = /^(\d+\.\d+\.\d+\.\d+) is also configured on /;

/**
 * The loader's and the linter's diagnostics as one list, errors first: a loader error at a field a
 * lint error explains (with its source and fix) is left out, and so is the loader's address-conflict
 * warning for an address VL-04 or NF-04 already reports.
 */
export function mergeDiagnostics(load: readonly Diagnostic[], lint: readonly Diagnostic[]): Diagnostic[] {
  const explained = new Set(lint.filter((d) => d.severity === 'error').map((d) => d.paths[0]));
  const mentions = (a: string) =>
    lint.some(
      (d) =>
        (d.code === 'VL-04' || d.code === 'NF-04') &&
        new RegExp(`(^|[^\\d.])${a.replaceAll('.', '\\.')}($|[^\\d.])`).test(d.message),
    );
  const kept = load.filter((d) => {
    if (d.code === 'LAB-01') return !explained.has(d.paths[0]);
    const m = d.code === 'LAB-02' ? CONFLICT.exec(d.message) : null;
    return !(m && mentions(m[1]!));
  });
  return [...kept, ...lint]
    .map((d, i) => ({ d, i }))
    .sort((a, b) => RANK[a.d.severity] - RANK[b.d.severity] || a.i - b.i)
    .map((x) => x.d);
}
