/** The run's report for people (text) and machines (`--json`). */
import type { ProbeSpec } from '../probe.ts';
import type { ProbeView } from '../scenarios.ts';
import { FIELDS, formatAgreement } from './compare.ts';
import type { FuzzCase } from './generate.ts';
import type { ProbeResult, RunReport } from './run.ts';

export function probeText(p: ProbeSpec): string {
  const opt = [
    p.dport !== undefined ? `dport ${p.dport}` : '',
    `${p.proto === 'icmp' ? 'id' : 'sport'} ${p.sport}`,
    p.src ? `src ${p.src}` : '',
    p.mark ? `mark 0x${p.mark.toString(16)}` : '',
    p.ttl !== undefined ? `ttl ${p.ttl}` : '',
  ].filter(Boolean);
  return `${p.from} → ${p.to} ${p.proto} (${opt.join(', ')})`;
}

function show(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** The two views side by side, differing fields marked. */
export function sideBySide(engine: ProbeView, kernel: ProbeView, diffFields: ReadonlySet<string>): string[] {
  const lines: string[] = [];
  for (const f of FIELDS) {
    if (f === 'routes') {
      const n = Math.max(engine.routes.length, kernel.routes.length);
      for (let i = 0; i < n; i++) {
        const e = engine.routes[i];
        const k = kernel.routes[i];
        const q = e?.query ?? k?.query;
        const mark = e?.answer === k?.answer ? ' ' : '≠';
        const ask = q
          ? `${q.device}: ${q.dst}${q.from ? ` from ${q.from}` : ''}${q.iif ? ` iif ${q.iif}` : ''}${q.mark ? ` mark 0x${q.mark.toString(16)}` : ''}`
          : '?';
        lines.push(
          `   ${mark} route ${ask}`,
          `        engine: ${e?.answer ?? '—'}`,
          `        kernel: ${k?.answer ?? '—'}`,
        );
      }
      continue;
    }
    const mark = diffFields.has(f) ? '≠' : ' ';
    lines.push(`   ${mark} ${f.padEnd(9)} engine: ${show(engine[f])}`);
    if (diffFields.has(f)) lines.push(`     ${''.padEnd(9)} kernel: ${show(kernel[f])}`);
  }
  return lines;
}

export function describeDisagreement(c: FuzzCase, p: ProbeResult, where?: string): string[] {
  const fields = new Set(p.diffs.map((d) => d.field));
  const lab = where
    ? `${where}/lab.lab.json`
    : `--seed ${c.seed} --start ${c.index} --cases 1 --keep-failures DIR writes it`;
  return [
    `✗ ${c.id} probe ${p.index}: ${probeText(p.spec)} — ${[...fields].join(', ')} differ`,
    `   lab: ${lab}`,
    `   engine says: ${p.summary}`,
    ...sideBySide(p.engine, p.kernel, fields),
    ...(p.recheck && JSON.stringify(p.recheck) !== JSON.stringify(p.kernel)
      ? [`   the kernel the second time: ${JSON.stringify({ ...p.recheck, routes: undefined })}`]
      : []),
  ];
}

export function formatReport(r: RunReport, kept: ReadonlyMap<ProbeResult, string> = new Map()): string {
  const cases = r.results.length;
  const compileErrors = r.results.filter((c) => c.compileErrors.length);
  const failures = r.results.filter((c) => c.failure);
  const lines = [
    `natlab differential suite: seed ${r.seed}, ${cases} cases (labs), ${r.probes} probes, ${(r.ms / 1000).toFixed(1)} s`,
    `agreement per field (engine = kernel):`,
    ...formatAgreement(r.agreement),
  ];
  if (compileErrors.length) {
    lines.push(`labs the compiler refused (${compileErrors.length}):`);
    for (const c of compileErrors) lines.push(`  ${c.fuzzCase.id}: ${c.compileErrors.join('; ')}`);
  }
  if (failures.length) {
    lines.push(`harness failures (${failures.length}):`);
    for (const c of failures) lines.push(`  ${c.fuzzCase.id}: ${c.failure}`);
  }
  if (r.unstable.length) {
    lines.push(
      `unstable (the kernel answered differently the second time; not counted) (${r.unstable.length}):`,
    );
    for (const u of r.unstable) lines.push(...describeDisagreement(u.fuzzCase, u.probe));
  }
  if (r.retried.length) {
    lines.push(`retried (disagreed once, agreed on every field when probed again) (${r.retried.length}):`);
    for (const x of r.retried)
      lines.push(
        `  ${x.fuzzCase.id} probe ${x.probe.index}: ${probeText(x.probe.spec)} — first ${x.probe.diffs.map((d) => d.field).join(', ')}`,
      );
  }
  lines.push(`disagreements: ${r.disagreements.length}`);
  for (const d of r.disagreements)
    lines.push(...describeDisagreement(d.fuzzCase, d.probe, kept.get(d.probe)));
  if (r.leftovers.namespaces.length || r.leftovers.processes)
    lines.push(
      `LEFT BEHIND: ${r.leftovers.namespaces.length} namespaces, ${r.leftovers.processes} processes`,
    );
  return lines.join('\n');
}

export function reportJson(r: RunReport, kept: ReadonlyMap<ProbeResult, string> = new Map()): unknown {
  return {
    seed: r.seed,
    cases: r.results.length,
    probes: r.probes,
    seconds: Math.round(r.ms / 100) / 10,
    agreement: r.agreement,
    compileErrors: r.results
      .filter((c) => c.compileErrors.length)
      .map((c) => ({ case: c.fuzzCase.id, errors: c.compileErrors })),
    failures: r.results.filter((c) => c.failure).map((c) => ({ case: c.fuzzCase.id, failure: c.failure })),
    unstable: r.unstable.map((u) => ({
      case: u.fuzzCase.id,
      probe: u.probe.spec,
      engine: u.probe.engine,
      kernel: u.probe.kernel,
      again: u.probe.recheck,
    })),
    retried: r.retried.map((x) => ({ case: x.fuzzCase.id, probe: x.probe.spec, first: x.probe.kernel })),
    disagreements: r.disagreements.map((d) => ({
      case: d.fuzzCase.id,
      probe: d.probe.spec,
      fields: d.probe.diffs.map((x) => x.field),
      engine: d.probe.engine,
      kernel: d.probe.kernel,
      ...(kept.has(d.probe) ? { kept: kept.get(d.probe) } : {}),
    })),
    leftovers: r.leftovers,
  };
}
