import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LabDocument } from '../lab/format.ts';
import { compileDesign } from '../vlab/compile-design.ts';
import { cell, markdownReport } from './markdown-report.ts';

const lab = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../../../public/labs/${name}.lab.json`, import.meta.url), 'utf8'),
  ) as LabDocument;

const golden = (name: string, text: string) => {
  const url = new URL(`./__golden__/${name}`, import.meta.url);
  if (process.env['UPDATE_GOLDEN']) writeFileSync(url, text);
  expect(text).toBe(readFileSync(url, 'utf8'));
};

describe('markdown design report', () => {
  it.each(['surebackup-basic', 'surebackup-static-mapping', 'surebackup-multi-network'])(
    '%s (golden)',
    (name) => {
      const doc = lab(name);
      golden(`report.${name}.md`, markdownReport(doc, compileDesign(doc)));
    },
  );
  it('every appliance line carries the design field that produced it', () => {
    const doc = lab('surebackup-multi-network');
    const text = markdownReport(doc, compileDesign(doc));
    const rows = text.split('\n').filter((l) => l.startsWith('| `-t ') || l.startsWith('| `fwmark'));
    expect(rows.length).toBeGreaterThan(4);
    for (const r of rows) expect(r, r).toMatch(/\| `virtualLabs\[0\][^`]*` \|$/);
  });
  it('user text cannot break a table or inject HTML', () => {
    expect(cell('a|b <script>x</script>\nnext `tick` & co')).toBe(
      'a\\|b &lt;script&gt;x&lt;/script&gt; next \\`tick\\` &amp; co',
    );
    const doc = lab('surebackup-basic');
    const hostile = { ...doc, name: 'lab | <b>x</b>\n# not a heading' };
    const first = markdownReport(hostile, compileDesign(hostile)).split('\n')[0];
    expect(first).toBe('# lab \\| &lt;b&gt;x&lt;/b&gt; # not a heading');
  });
  it('a lab without a design says so', () => {
    const doc = lab('dnat-redirect');
    expect(markdownReport(doc, compileDesign(doc))).toContain('This lab has no virtual-lab design');
  });
});
