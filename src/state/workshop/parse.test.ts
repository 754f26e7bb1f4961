import { describe, expect, it } from 'vitest';
import { parseExercise, parseExerciseValue } from './parse.ts';
import { serializeExercise } from './serialize.ts';
import { EXAMPLE_TEXT, exampleJson, loaded, seedLab } from './workshop.test-support.ts';

const errorsOf = (json: unknown) => {
  const r = typeof json === 'string' ? parseExercise(json) : parseExerciseValue(json);
  return r.ok ? [] : r.error.map((i) => `${i.path}: ${i.message}`);
};

/** The example with its first flow's questions replaced. */
const withQuestions = (questions: unknown[]) => {
  const ex = exampleJson();
  return { ...ex, flows: [{ ...ex.flows[0]!, questions }] };
};

describe('the example exercise (public/exercises/surebackup-basic.exercise.json)', () => {
  it('parses, traces both flows and places its six questions, with no warning', () => {
    const x = loaded();
    expect(x.exercise.title).toBe('NETMAP and fwmark in a SureBackup virtual lab');
    expect(x.warnings).toEqual([]);
    expect(x.flows.map((f) => f.result.outcome)).toEqual(['answered', 'error']);
    expect(x.flows.map((f) => f.questions.map((q) => q.question.kind))).toEqual([
      ['mark', 'nat-address', 'route-table', 'nat-address', 'verdict'],
      ['verdict'],
    ]);
    expect(x.flows[0]!.questions[1]!.candidate.prompt).toBe(
      'vlab nat PREROUTING: what is the destination after NETMAP?',
    );
    // the instructor's own prompt replaces the generated one; the choices stay the RPDB's tables
    expect(x.flows[0]!.questions[2]!.candidate.prompt).toMatch(/^The packet now carries mark 0x6\./);
    expect(x.flows[0]!.questions[2]!.candidate.options?.map((o) => o.value)).toEqual([
      'local',
      '2',
      'main',
      'default',
    ]);
  });

  it('is written as serializeExercise writes it, field for field', () => {
    const x = loaded();
    expect(JSON.parse(serializeExercise(x.exercise))).toEqual(JSON.parse(EXAMPLE_TEXT));
    expect(Object.keys(JSON.parse(EXAMPLE_TEXT) as object)).toEqual([
      'format',
      'version',
      'title',
      'instructions',
      'lab',
      'flows',
    ]);
  });
});

describe('round trip', () => {
  it('parse(serialize(x)) equals x, and serializing is stable', () => {
    const x = loaded().exercise;
    const text = serializeExercise(x);
    const again = parseExercise(text);
    if (!again.ok) throw new Error('does not parse');
    expect(again.value.exercise).toEqual(x);
    expect(serializeExercise(again.value.exercise)).toBe(text);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('keeps hostile text as data', () => {
    const title = '<img src=x onerror=alert(1)>\u202e"; DROP TABLE --';
    const ex = { ...loaded().exercise, title, instructions: '<script>alert(1)</script>\n\u0000' };
    const r = parseExercise(serializeExercise(ex));
    expect(r.ok && r.value.exercise.title).toBe(title);
    expect(r.ok && r.value.exercise.instructions).toBe('<script>alert(1)</script>\n\u0000');
  });
});

describe('malformed exercises give errors that point at the path', () => {
  it('bad JSON says where', () => {
    expect(errorsOf('{"format": "natlab-exercise",\n  "title": }')).toEqual([
      ': not valid JSON: unexpected "}" (expected a value) at line 2, column 12',
    ]);
  });

  it('a wrong format tag, a lab file, or a newer version is one clear message', () => {
    expect(errorsOf({ ...exampleJson(), format: 'natlab-lab' })).toEqual([
      'format: this is not a natlab exercise: expected "format": "natlab-exercise", got "natlab-lab"',
    ]);
    expect(errorsOf(seedLab())).toEqual(['format: this is a lab file, not an exercise: open it as a lab']);
    expect(errorsOf({ ...exampleJson(), version: 2 })).toEqual([
      'version: this exercise was written by a newer natlab (version 2); this natlab reads version 1',
    ]);
    expect(errorsOf([1, 2])).toEqual([': expected an exercise (a JSON object), got an array']);
    expect(errorsOf({ ...exampleJson(), version: '1' })).toEqual(['version: expected 1, got "1"']);
  });

  it('a step that does not exist names the part of the ref', () => {
    const ex = exampleJson();
    const questions = [...ex.flows[0]!.questions];
    questions[2] = { at: { leg: 'request', hop: 7, step: 0 }, kind: 'route-table' };
    expect(errorsOf(withQuestions(questions))).toEqual([
      'flows[0].questions[2].at.hop: the request leg has no hop 7: it has 3 hops (0..2: vbs, vlab, sf0006-copy)',
    ]);
    questions[2] = { at: { leg: 'request', hop: 1, step: 500 }, kind: 'route-table' };
    expect(errorsOf(withQuestions(questions))).toEqual([
      'flows[0].questions[2].at.step: hop 1 (vlab) of the request leg has no step 500: it has 21 steps (0..20)',
    ]);
    questions[2] = { at: { leg: 'request', hop: -1, step: 0 }, kind: 'route-table' };
    expect(errorsOf(withQuestions(questions))).toEqual([
      'flows[0].questions[2].at.hop: number -1 is out of range (an integer 0..1000000)',
    ]);
  });

  it('a step that does not fit the kind says what it is and what it can ask', () => {
    expect(
      errorsOf(withQuestions([{ at: { leg: 'request', hop: 1, step: 9 }, kind: 'nat-address' }])),
    ).toEqual([
      'flows[0].questions[0].kind: step 9 of hop 1 (vlab) of the request leg is a route step: a nat-address question needs a nat step; this step can ask route-table or out-interface',
    ]);
  });

  it('a lab with errors points into the lab', () => {
    const ex = exampleJson();
    const lab = structuredClone(ex.lab) as unknown as {
      devices: { interfaces: { addresses: string[] }[] }[];
    };
    lab.devices[1]!.interfaces[0]!.addresses[0] = '192.168.149.300/24';
    expect(errorsOf({ ...ex, lab })).toEqual([
      'lab.devices[1].interfaces[0].addresses[0]: "192.168.149.300/24" is not an IPv4 address',
    ]);
    const { lab: _gone, ...noLab } = ex;
    expect(errorsOf(noLab)).toEqual(['lab: missing']);
  });

  it('fields, probes and questions are checked where they are', () => {
    const ex = exampleJson();
    const flow = ex.flows[0]!;
    expect(
      errorsOf({
        ...ex,
        title: '',
        colour: 'red',
        flows: [
          { ...flow, probe: { from: 'vbs', to: '192.168.150.360' } },
          { ...flow, probe: { from: 'vbs', to: '192.168.150.36', proto: 'sctp' }, questions: [] },
        ],
      }),
    ).toEqual([
      'colour: unknown field (check the spelling; the fields are listed in docs/workshop.md)',
      'title: an exercise needs a title',
      'flows[0].probe.to: "192.168.150.360" is not an IPv4 address',
      'flows[1].probe.proto: expected "icmp" | "tcp" | "udp", got "sctp"',
      'flows[1].questions: a flow needs at least one question',
    ]);
    expect(
      errorsOf({ ...ex, flows: [{ ...flow, probe: { from: 'nosuch', to: '192.168.150.36' } }] }),
    ).toEqual([
      'flows[0].probe.from: the lab has no device "nosuch" (devices: gateway, vbs, sf0006, sf0006-copy, vlab)',
    ]);
    expect(
      errorsOf({ ...ex, flows: [{ ...flow, probe: { from: 'vbs', to: '192.168.150.36', proto: 'tcp' } }] }),
    ).toEqual(['flows[0].probe.dport: a tcp probe needs a destination port (--dport)']);
  });

  it('flags an expected answer the engine disagrees with, and a question asked twice', () => {
    const ex = exampleJson();
    const q = ex.flows[0]!.questions;
    const r = parseExerciseValue(withQuestions([{ ...q[1]!, expected: '192.168.150.36/32' }, q[1]!, q[2]!]));
    if (!r.ok) throw new Error('does not parse');
    expect(r.value.warnings).toEqual([
      {
        path: 'flows[0].questions[0].expected',
        message: `the file expects "192.168.150.36/32", but the engine's trace says "192.168.149.36": the engine's answer counts`,
        severity: 'warning',
      },
      {
        path: 'flows[0].questions[1]',
        message: 'the same question as flows[0].questions[0]; it is asked twice',
        severity: 'warning',
      },
    ]);
    // an expected answer written another way is no warning
    expect(loaded(JSON.stringify(withQuestions([{ ...q[2]!, expected: 'Table 2' }]))).warnings).toEqual([]);
  });
});
