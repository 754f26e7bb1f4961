import { describe, expect, it } from 'vitest';
import { JsonWriter } from './json-writer.ts';

function route(w: JsonWriter, dst: string, flags: string[]): void {
  w.startObject();
  w.name('dst');
  w.string(dst);
  w.name('flags');
  w.startArray();
  for (const f of flags) w.string(f);
  w.endArray();
  w.endObject();
}

describe('JsonWriter (lib/json_writer.c)', () => {
  it('compact', () => {
    const w = new JsonWriter(false);
    w.startArray();
    route(w, '1.2.3.4', []);
    route(w, '10.60.0.0/24', ['onlink']);
    w.endArray();
    expect(w.text()).toBe('[{"dst":"1.2.3.4","flags":[]},{"dst":"10.60.0.0/24","flags":["onlink"]}]');
  });

  it('pretty, as `ip -j -p route` prints it', () => {
    const w = new JsonWriter(true);
    w.startArray();
    route(w, '1.2.3.4', []);
    route(w, '10.60.0.0/24', ['onlink', 'dead']);
    w.endArray();
    expect(w.text()).toBe(
      [
        '[ {',
        '        "dst": "1.2.3.4",',
        '        "flags": [ ]',
        '    },{',
        '        "dst": "10.60.0.0/24",',
        '        "flags": [ "onlink","dead" ]',
        '    } ]',
      ].join('\n'),
    );
  });

  it('empty dumps', () => {
    for (const pretty of [false, true]) {
      const w = new JsonWriter(pretty);
      w.startArray();
      w.endArray();
      expect(w.text()).toBe(pretty ? '[ ]' : '[]');
    }
  });

  it('escapes only what jsonw_puts escapes', () => {
    const w = new JsonWriter(false);
    w.string('a"b\\c\td\u0001é');
    expect(w.text()).toBe('"a\\"b\\\\c\\td\u0001é"');
  });
});
