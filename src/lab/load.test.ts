/** Loading lab files: the seed lab, text that is not JSON, JSON that is not a lab. Every problem names its place (a JSON path) and what is wrong; the exact messages are part of the contract (docs/lab-format.md, "Errors"). */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jsonSyntaxError, loadLab, loadLabValue, MAX_LAB_BYTES } from './load.ts';
import { SEED_TEXT, seed, errorsAfter, errorsOfText } from './load.test-support.ts';

describe('the seed lab', () => {
  it('loads with no issue at all', () => {
    const r = loadLab(SEED_TEXT);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings).toEqual([]);
    expect(r.fromVersion).toBe(2);
    expect(r.doc).toEqual(seed());
    expect(r.expanded).toBe(r.doc);
    expect(r.network.devices.map((d) => d.id)).toEqual(['gateway', 'vbs', 'sf0006', 'vlab', 'sf0006-copy']);
  });

  it('loads from a value as from its text', () => {
    const r = loadLabValue(seed());
    expect(r.ok).toBe(true);
  });

  it('may start with a byte order mark', () => {
    expect(loadLab(`\uFEFF${SEED_TEXT}`).ok).toBe(true);
  });
});

describe('not JSON', () => {
  it.each([
    ['{\n  "a": 1,\n  "b": }', 'unexpected "}" (expected a value) at line 3, column 8'],
    ['', 'unexpected end of the file (expected a value) at line 1, column 1'],
    ['   \n', 'unexpected end of the file (expected a value) at line 2, column 1'],
    ['{"a":1}x', 'unexpected "x" (expected the end of the file) at line 1, column 8'],
    ['{"a": "abc', 'a string that is never closed at line 1, column 7'],
    ['[1,]', 'unexpected "]" (expected a value) at line 1, column 4'],
    ['{"a": 1,}', 'unexpected "}" (expected a "key") at line 1, column 9'],
    ['{"a" 1}', 'unexpected "1" (expected ":") at line 1, column 6'],
    ["{'a': 1}", `unexpected "'" (expected a "key" or "}") at line 1, column 2`],
    ['// comment\n{}', 'unexpected "/" (expected a value) at line 1, column 1'],
    [
      '{"a": "x\ny"}',
      'a control character in a string (write it as \\n, \\t or \\u00XX) at line 1, column 9',
    ],
    ['{"a": "\\x"}', 'a bad escape \\x in a string at line 1, column 8'],
    ['{"a": "\\u12"}', 'a bad \\u escape in a string at line 1, column 8'],
    ['{"a": 01}', 'unexpected "1" (expected "," or "}") at line 1, column 8'],
    ['{"a": tru}', 'unexpected "t" (expected a value) at line 1, column 7'],
    ['{"a": NaN}', 'unexpected "N" (expected a value) at line 1, column 7'],
    ['[[[', 'unexpected end of the file (expected a value) at line 1, column 4'],
    ['{\r\n"a":\r\n]', 'unexpected "]" (expected a value) at line 3, column 1'],
  ])('%j → %s', (text, message) => {
    expect(errorsOfText(text)).toEqual([`not valid JSON: ${message}`]);
  });

  it('a syntax error deep in a big file is found by line and column', () => {
    const lines = JSON.stringify(seed(), null, 2).split('\n');
    lines[40] = lines[40]!.replace(/^( *)/, '$1@');
    const [e] = errorsOfText(lines.join('\n'));
    expect(e).toMatch(/^not valid JSON: unexpected "@" \(expected .*\) at line 41, column \d+$/);
    const col = Number(/column (\d+)$/.exec(e!)![1]);
    expect(lines[40]![col - 1]).toBe('@');
  });

  it('finds the error where JSON.parse fails, and none where it does not (property)', () => {
    const jsonish = fc.string({
      unit: fc.constantFrom(...'{}[],:"\\ \n\t\r0123456789-+.eEtrufalsn\u0001é💥x'.split('')),
      maxLength: 40,
    });
    const mutatedJson = fc
      .tuple(fc.json({ maxDepth: 4 }), fc.nat(), fc.nat({ max: 3 }), fc.string({ maxLength: 3 }))
      .map(([t, at, del, ins]) => {
        const k = t.length ? at % t.length : 0;
        return t.slice(0, k) + ins + t.slice(k + del);
      });
    fc.assert(
      fc.property(fc.oneof(jsonish, mutatedJson, fc.json(), fc.string()), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        const e = jsonSyntaxError(text);
        expect(e === null).toBe(valid);
        if (e) expect(e.pos).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 3000 },
    );
  });

  it('a file bigger than the limit is refused before parsing', () => {
    const [e] = errorsOfText(' '.repeat(MAX_LAB_BYTES + 1));
    expect(e).toMatch(/^the file is 32\.0 MB; natlab reads lab files up to 32 MB$/);
  });
});

describe('not a lab document', () => {
  it.each([
    ['[]', 'a lab file is a JSON object, not an array'],
    ['null', 'a lab file is a JSON object, not null'],
    ['42', 'a lab file is a JSON object, not number'],
    ['"lab"', 'a lab file is a JSON object, not string'],
    ['true', 'a lab file is a JSON object, not boolean'],
  ])('%s', (text, message) => {
    expect(errorsOfText(text)).toEqual([message]);
  });

  it.each([
    [
      undefined,
      'schemaVersion: missing: this does not look like a natlab lab file (it needs "schemaVersion")',
    ],
    [
      3,
      'schemaVersion: this lab was written by a newer natlab (schema version 3; this natlab reads up to 2): update natlab to open it',
    ],
    ['1', 'schemaVersion: "1" is not a schema version (a positive integer)'],
    [0, 'schemaVersion: 0 is not a schema version (a positive integer)'],
    [1.5, 'schemaVersion: 1.5 is not a schema version (a positive integer)'],
    [null, 'schemaVersion: null is not a schema version (a positive integer)'],
  ])('schemaVersion %j', (version, message) => {
    expect(
      errorsAfter((d) => {
        d.schemaVersion = version;
      }),
    ).toEqual([message]);
  });
});
