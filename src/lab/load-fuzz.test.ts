/** Fuzzing: loadLab returns ok or issues, never throws, never hangs. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadLab } from './load.ts';
import { SEED_TEXT, seed, errorsOf, checkResult, loadChecked, HOSTILE } from './load.test-support.ts';

// --- fuzzing

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Place = { parent: Json[] | { [k: string]: Json }; key: string | number };

function places(root: Json): Place[] {
  const out: Place[] = [];
  const todo: Json[] = [root];
  while (todo.length) {
    const v = todo.pop()!;
    if (Array.isArray(v))
      v.forEach((x, i) => {
        out.push({ parent: v, key: i });
        todo.push(x);
      });
    else if (typeof v === 'object' && v !== null)
      for (const [k, x] of Object.entries(v)) {
        out.push({ parent: v, key: k });
        todo.push(x);
      }
  }
  return out;
}

type Mutation = {
  at: number;
  op: 'replace' | 'delete' | 'insert' | 'dup' | 'hostile';
  value: Json;
  s: string;
};

function mutate(doc: Json, ms: readonly Mutation[]): Json {
  for (const m of ms) {
    const ps = places(doc);
    if (!ps.length) break;
    const { parent, key } = ps[m.at % ps.length]!;
    const arr = Array.isArray(parent) ? parent : null;
    const obj = arr ? null : (parent as { [k: string]: Json });
    const get = () => (arr ? arr[key as number]! : obj![key as string]!);
    const set = (v: Json) => (arr ? (arr[key as number] = v) : (obj![key as string] = v));
    switch (m.op) {
      case 'replace':
        set(m.value);
        break;
      case 'hostile':
        set(m.s);
        break;
      case 'delete':
        if (arr) arr.splice(key as number, 1);
        else delete obj![key as string];
        break;
      case 'insert':
        if (arr) arr.splice(key as number, 0, m.value);
        else obj![m.s] = m.value;
        break;
      case 'dup':
        if (arr) arr.push(structuredClone(get()));
        else obj![`${key}${m.s}`] = structuredClone(get());
        break;
    }
  }
  return doc;
}

const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string(),
);
const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('replace', 'delete', 'insert', 'dup', 'hostile'),
  value: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  s: hostileString,
});

describe('fuzzing: loadLab returns ok or issues, never throws, never hangs', () => {
  it('arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (v) => {
        loadChecked(v);
      }),
      { numRuns: 2000 },
    );
  });

  it('arbitrary values given directly (not through JSON)', () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 4 }), (v) => {
        loadChecked(v, false);
      }),
      { numRuns: 1000 },
    );
  });

  it('arbitrary objects that claim to be labs', () => {
    const labish = fc.record(
      {
        schemaVersion: fc.constantFrom<Json>(1, 1, 1, 2, '1', null),
        name: fc.oneof(hostileString, fc.jsonValue({ maxDepth: 1 })) as fc.Arbitrary<Json>,
        segments: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
        devices: fc.array(
          fc.dictionary(
            fc.constantFrom('id', 'kind', 'interfaces', 'routes', 'sysctls', 'iptables', 'x'),
            fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
          ),
          { maxLength: 3 },
        ),
        layout: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
      },
      { requiredKeys: ['schemaVersion'] },
    );
    fc.assert(
      fc.property(labish, (v) => {
        loadChecked(v);
      }),
      { numRuns: 2000 },
    );
  });

  it('arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.string({ unit: 'binary' })), (text) => {
        const r = loadLab(text);
        checkResult(undefined, r);
      }),
      { numRuns: 1000 },
    );
  });

  it('the seed lab, mutated (thousands of cases)', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 5 }), (ms) => {
        loadChecked(mutate(seed() as Json, ms));
      }),
      { numRuns: 4000 },
    );
  });

  it('the seed lab’s text, mutated: invalid JSON always says where', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat({ max: 5 }), fc.string({ maxLength: 4 }), (at, del, ins) => {
        const k = at % SEED_TEXT.length;
        const text = SEED_TEXT.slice(0, k) + ins + SEED_TEXT.slice(k + del);
        const r = loadLab(text);
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          expect(errorsOf(r)).toEqual([
            expect.stringMatching(/^not valid JSON: .* at line \d+, column \d+$/),
          ]);
          return;
        }
        checkResult(json, r);
      }),
      { numRuns: 2000 },
    );
  });
});
