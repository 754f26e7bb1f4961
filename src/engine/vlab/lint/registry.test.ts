/** The registry, the sources and docs/lint-rules.md agree: every code is documented and explained. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APPROXIMATED, NOT_EVALUATED, RULES } from './registry.ts';
import { WHY } from './sources.ts';

const docs = readFileSync(new URL('../../../../docs/lint-rules.md', import.meta.url), 'utf8');
const emitted = RULES.flatMap((r) => r.codes);

describe('the rule registry', () => {
  it('covers every rule of vlab-reference §4.3: evaluated, or said why not', () => {
    for (let i = 1; i <= 24; i++) {
      const code = `VL-${String(i).padStart(2, '0')}`;
      expect(emitted.includes(code) !== code in NOT_EVALUATED, code).toBe(true);
    }
  });
  it('every emitted code has its source and a row in docs/lint-rules.md', () => {
    for (const code of [...emitted, 'LAB-01', 'LAB-02']) {
      expect(WHY[code as keyof typeof WHY], code).toMatch(/\[|semantics|docs\//);
      expect(docs, code).toContain(`| ${code} `);
    }
  });
  it('the docs explain every rule that is not evaluated or only approximated', () => {
    for (const code of [...Object.keys(NOT_EVALUATED), ...Object.keys(APPROXIMATED)])
      expect(docs, code).toMatch(new RegExp(`\\| ${code}\\s+\\|[^\\n]*(not evaluated|approximat)`, 'i'));
  });
  it('codes are unique to their rule', () => {
    expect(new Set(emitted).size).toBe(emitted.length);
  });
});
