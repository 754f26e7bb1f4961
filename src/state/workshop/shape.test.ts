import { describe, expect, it } from 'vitest';
import { MAX_FLOWS, readShape } from './shape.ts';

const base = {
  format: 'natlab-exercise',
  version: 1,
  title: 'T',
  lab: {},
  flows: [
    {
      probe: { from: 'vbs', to: '10.0.0.1' },
      questions: [{ at: { leg: 'request', hop: 0, step: 0 }, kind: 'verdict' }],
    },
  ],
};
const problems = (json: Record<string, unknown>) => {
  const r = readShape(json);
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
};

describe('the exercise file’s shape', () => {
  it('reads a minimal exercise, optional fields left out', () => {
    expect(readShape(base)).toEqual({ ok: true, value: base });
  });

  it('points at each wrong field, however deep', () => {
    expect(
      problems({
        ...base,
        instructions: 5,
        flows: [
          {
            label: 'x'.repeat(301),
            probe: { from: '', to: 7, sport: 70000, dport: 1.5 },
            questions: [
              { at: { leg: 'answer', hop: '1', step: 0, extra: true }, kind: 'verdict', prompt: null },
              'verdict',
              { at: { leg: 'reply', hop: 0 }, kind: 'mark', expected: 'y'.repeat(201) },
            ],
          },
          [],
        ],
      }),
    ).toEqual([
      'instructions: expected a string, got number 5',
      'flows[0].label: too long: 301 characters, at most 300',
      'flows[0].probe.from: a device id is needed',
      'flows[0].probe.to: expected a string, got number 7',
      'flows[0].probe.sport: number 70000 is out of range (an integer 0..65535)',
      'flows[0].probe.dport: number 1.5 is out of range (an integer 0..65535)',
      'flows[0].questions[0].at.extra: unknown field (check the spelling; the fields are listed in docs/workshop.md)',
      'flows[0].questions[0].at.leg: expected "request" | "reply", got "answer"',
      'flows[0].questions[0].at.hop: expected a number, got "1"',
      'flows[0].questions[0].prompt: expected a string, got null',
      'flows[0].questions[1]: expected an object, got "verdict"',
      'flows[0].questions[2].at.step: missing',
      'flows[0].questions[2].expected: too long: 201 characters, at most 200',
      'flows[1]: expected an object, got an array',
    ]);
  });

  it('needs a lab, flows, and not too many of them', () => {
    const { lab: _l, ...noLab } = base;
    expect(problems(noLab)).toEqual(['lab: missing']);
    expect(problems({ ...base, flows: [] })).toEqual(['flows: an exercise needs at least one flow']);
    expect(problems({ ...base, flows: Array.from({ length: MAX_FLOWS + 1 }, () => base.flows[0]) })).toEqual([
      `flows: ${MAX_FLOWS + 1} items; at most ${MAX_FLOWS} are allowed here`,
    ]);
    expect(problems({ ...base, 'odd key': 1 })).toEqual([
      '["odd key"]: unknown field (check the spelling; the fields are listed in docs/workshop.md)',
    ]);
  });
});
