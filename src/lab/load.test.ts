/**
 * Loading bad lab files: nothing crashes, nothing hangs, and every problem names its place (a JSON path)
 * and what is wrong. The exact messages are part of the contract (docs/lab-format.md, "Errors").
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIssue, type LabIssue } from '../engine/lab/document.ts';
import { MAX_ISSUE_MESSAGE, MAX_ISSUE_PATH } from '../engine/lab/issues.ts';
import { jsonSyntaxError, loadLab, loadLabValue, MAX_LAB_BYTES, type LoadResult } from './load.ts';

const SEED_TEXT = readFileSync(
  new URL('../../public/labs/surebackup-basic.lab.json', import.meta.url),
  'utf8',
);
/** A fresh, freely breakable copy of the seed lab (untyped on purpose: the tests put wrong types in). */
const seed = () => JSON.parse(SEED_TEXT);
type Raw = ReturnType<typeof seed>;

/** The seed lab after `edit`, loaded from its JSON text. */
function loadEdited(edit: (d: Raw) => void): LoadResult {
  const d = seed();
  edit(d);
  return loadLab(JSON.stringify(d));
}
/** The error lines (`path: message`) of a lab that must fail to load. */
function errorsOf(r: LoadResult): string[] {
  if (r.ok) throw new Error(`expected the lab to be refused; it loaded (warnings: ${r.warnings.length})`);
  return r.issues.filter((i) => i.severity === 'error').map(formatIssue);
}
const errorsAfter = (edit: (d: Raw) => void) => errorsOf(loadEdited(edit));
const errorsOfText = (text: string) => errorsOf(loadLab(text));

// --- path checks: a path must lead into the document (all but its last key exist)

type Key = string | number;
function parsePath(path: string): Key[] | null {
  const keys: Key[] = [];
  let rest = path;
  const first = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(rest);
  if (first) {
    keys.push(first[0]);
    rest = rest.slice(first[0].length);
  }
  while (rest) {
    let m: RegExpExecArray | null;
    if ((m = /^\.([A-Za-z_$][A-Za-z0-9_$]*)/.exec(rest))) keys.push(m[1]!);
    else if ((m = /^\[(\d+)\]/.exec(rest))) keys.push(Number(m[1]));
    else if ((m = /^\[("(?:[^"\\]|\\.)*")\]/.exec(rest))) keys.push(JSON.parse(m[1]!) as string);
    else return null;
    rest = rest.slice(m[0].length);
  }
  return keys;
}
function pathProblem(doc: unknown, path: string): string | null {
  if (path.includes('…(')) return null; // elided (a huge key): not resolvable by design
  const keys = parsePath(path);
  if (!keys) return `path ${JSON.stringify(path)} does not parse`;
  let at: unknown = doc;
  for (const k of keys.slice(0, -1)) {
    if (typeof at !== 'object' || at === null || !Object.prototype.hasOwnProperty.call(at, k))
      return `path ${JSON.stringify(path)}: nothing at ${JSON.stringify(k)}`;
    at = (at as Record<Key, unknown>)[k];
  }
  return null;
}

/** What every load result must satisfy, whatever the input. */
function checkResult(input: unknown, r: LoadResult): void {
  const list: readonly LabIssue[] = r.ok ? r.warnings : r.issues;
  if (!r.ok) expect(r.issues.some((i) => i.severity === 'error')).toBe(true);
  else expect(r.warnings.every((i) => i.severity === 'warning')).toBe(true);
  const isDoc = typeof input === 'object' && input !== null && !Array.isArray(input);
  for (const i of list) {
    expect(typeof i.message).toBe('string');
    expect(i.message.trim()).not.toBe('');
    expect(i.message.length).toBeLessThanOrEqual(MAX_ISSUE_MESSAGE);
    expect(i.path.length).toBeLessThanOrEqual(MAX_ISSUE_PATH);
    expect(i.message).not.toMatch(/\[object Object\]|undefined undefined/);
    if (isDoc) {
      expect(i.path, formatIssue(i)).not.toBe('');
      expect(pathProblem(input, i.path), formatIssue(i)).toBeNull();
    }
  }
}
/** Loads and checks the result's shape. A hang is caught by vitest's test timeout, not by timing here. */
function loadChecked(input: unknown, asText = true): LoadResult {
  const r = asText && typeof input !== 'string' ? loadLab(JSON.stringify(input)) : loadLabValue(input);
  checkResult(input, r);
  return r;
}

describe('the seed lab', () => {
  it('loads with no issue at all', () => {
    const r = loadLab(SEED_TEXT);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings).toEqual([]);
    expect(r.fromVersion).toBe(1);
    expect(r.doc).toEqual(seed());
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
      2,
      'schemaVersion: this lab was written by a newer natlab (schema version 2; this natlab reads up to 1): update natlab to open it',
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

const UNKNOWN = 'unknown field (check the spelling; allowed fields are listed in docs/lab-format.md)';

describe('unknown fields', () => {
  it.each<[string, (d: Raw) => void]>([
    ['extra', (d) => (d.extra = 1)],
    ['Name', (d) => (d.Name = 'typo')],
    ['segments[0].color', (d) => (d.segments[0].color = 'red')],
    ['devices[0].interface', (d) => (d.devices[0].interface = [])],
    ['devices[0].interfaces[0].ip', (d) => (d.devices[0].interfaces[0].ip = '1.2.3.4')],
    ['devices[1].routes[0].gw', (d) => (d.devices[1].routes[0].gw = '1.2.3.4')],
    ['devices[3].rules[0].lookup', (d) => (d.devices[3].rules[0].lookup = 2)],
    ['devices[3].iptables.nats', (d) => (d.devices[3].iptables.nats = {})],
    [
      'devices[3].interfaces[1].addresses[0].prefixroute',
      (d) => (d.devices[3].interfaces[1].addresses[0].prefixroute = 1),
    ],
    ['devices[0].defaultRules.all', (d) => (d.devices[0].defaultRules = { all: false })],
    ['layout.prod.height', (d) => (d.layout.prod.height = 3)],
    [
      'devices[0].proxyNeighbours[0].iface',
      (d) => (d.devices[0].proxyNeighbours = [{ address: '1.2.3.4', dev: 'eth0', iface: 'x' }]),
    ],
  ])('%s', (path, edit) => {
    expect(errorsAfter(edit)).toEqual([`${path}: ${UNKNOWN}`]);
  });

  it('__proto__ as a field is an unknown field, not a prototype', () => {
    const text = SEED_TEXT.replace('"schemaVersion": 1,', '"schemaVersion": 1, "__proto__": { "x": 1 },');
    expect(errorsOfText(text)).toEqual([`__proto__: ${UNKNOWN}`]);
  });
});

describe('wrong types and values', () => {
  const cases: [(d: Raw) => void, string][] = [
    [(d) => (d.name = 5), 'name: expected string, got number 5'],
    [(d) => delete d.name, 'name: missing (expected "name")'],
    [(d) => (d.name = 'n'.repeat(201)), 'name: too long (at most 200 characters)'],
    [(d) => (d.devices = {}), 'devices: expected Array, got an object'],
    [(d) => (d.segments = null), 'segments: expected Array, got null'],
    [(d) => (d.devices[0] = 'gateway'), 'devices[0]: expected Object, got "gateway"'],
    [(d) => (d.devices[0].interfaces = 'eth0'), 'devices[0].interfaces: expected Array, got "eth0"'],
    [
      (d) => (d.devices[0].kind = 'toaster'),
      'devices[0].kind: expected ("host" | "router" | "appliance"), got "toaster"',
    ],
    [
      (d) => (d.segments[1].kind = 'Isolated'),
      'segments[1].kind: expected ("production" | "isolated" | "link"), got "Isolated"',
    ],
    [(d) => (d.segments[0].vlan = 5000), 'segments[0].vlan: number 5000 is out of range (<=4094)'],
    [(d) => (d.segments[0].vlan = 1.5), 'segments[0].vlan: number 1.5 is out of range (an integer)'],
    [(d) => (d.segments[0].vlan = '0'), 'segments[0].vlan: expected number, got "0"'],
    [
      (d) => (d.devices[0].interfaces[0].addresses = '192.168.149.2/24'),
      'devices[0].interfaces[0].addresses: expected Array, got "192.168.149.2/24"',
    ],
    [
      (d) => (d.devices[0].interfaces[0].addresses = [5]),
      'devices[0].interfaces[0].addresses[0]: expected (string | Object), got number 5',
    ],
    [
      (d) => (d.devices[0].interfaces[0].segment = 5),
      'devices[0].interfaces[0].segment: expected string, got number 5',
    ],
    [
      (d) => (d.devices[3].interfaces[1].addresses[0].noprefixroute = 'yes'),
      'devices[3].interfaces[1].addresses[0].noprefixroute: expected boolean, got "yes"',
    ],
    [(d) => (d.devices[1].routes[0].metric = '1'), 'devices[1].routes[0].metric: expected number, got "1"'],
    [
      (d) => (d.devices[1].routes[0].metric = 2 ** 32),
      'devices[1].routes[0].metric: number 4294967296 is out of range (<=4294967295)',
    ],
    [
      (d) => (d.devices[1].routes[0].table = -1),
      'devices[1].routes[0].table: number -1 is out of range (>=0)',
    ],
    [
      (d) => (d.devices[1].routes[0].dev = 5),
      'devices[1].routes[0].dev: expected (string | "lo"), got number 5',
    ],
    [
      (d) => (d.devices[1].routes[0].onlink = 'yes'),
      'devices[1].routes[0].onlink: expected boolean, got "yes"',
    ],
    [
      (d) => (d.devices[1].routes[0].type = 'nat'),
      'devices[1].routes[0].type: expected ("unicast" | "local" | "broadcast" | "blackhole" | "unreachable" | "prohibit" | "throw"), got "nat"',
    ],
    [(d) => (d.devices[1].routes[0].to = 'x'), 'devices[1].routes[0].to: "x" is not an IPv4 prefix'],
    [
      (d) => (d.devices[1].routes[0].via = '192.168.149.500'),
      'devices[1].routes[0].via: "192.168.149.500" is not an IPv4 address',
    ],
    [
      (d) => (d.devices[3].rules[0].fwmark = true),
      'devices[3].rules[0].fwmark: expected (string | number), got boolean true',
    ],
    [
      (d) => (d.devices[3].rules[0].fwmark = 'x'),
      'devices[3].rules[0].fwmark: fwmark "x": "x" is not a 32-bit unsigned number',
    ],
    [
      (d) => (d.devices[3].rules[0].table = 'foo'),
      'devices[3].rules[0].table: table "foo" is not main, local, default or a number 1..4294967295',
    ],
    [
      (d) => (d.devices[3].rules[0] = { action: 'goto' }),
      'devices[3].rules[0].goto: action "goto" needs the target preference in "goto"',
    ],
    [
      (d) => (d.devices[3].rules[0] = { action: 'blackhole', table: 5 }),
      'devices[3].rules[0].table: a rule with action "blackhole" has no table',
    ],
    [
      (d) => (d.devices[3].rules[0].suppressPrefixlength = 33),
      'devices[3].rules[0].suppressPrefixlength: number 33 is out of range (<=32)',
    ],
    [
      (d) => (d.devices[3].sysctls['net.ipv4.ip_forward'] = true),
      'devices[3].sysctls["net.ipv4.ip_forward"]: expected number, got boolean true',
    ],
    [
      (d) => (d.devices[3].sysctls['net.ipv4.ip_forward'] = 0.5),
      'devices[3].sysctls["net.ipv4.ip_forward"]: number 0.5 is out of range (an integer)',
    ],
    [
      (d) => (d.devices[3].iptables.nat.PREROUTING = '-j ACCEPT'),
      'devices[3].iptables.nat.PREROUTING: expected (Array | Object), got "-j ACCEPT"',
    ],
    [
      (d) => (d.devices[3].iptables.filter = { INPUT: { policy: 'REJECT' } }),
      'devices[3].iptables.filter.INPUT.policy: expected ("ACCEPT" | "DROP"), got "REJECT"',
    ],
    [
      (d) => (d.devices[3].iptables.filter = { INPUT: { rules: '-j DROP' } }),
      'devices[3].iptables.filter.INPUT.rules: expected Array, got "-j DROP"',
    ],
    [
      (d) => (d.devices[0].listen = ['tcp/0']),
      'devices[0].listen[0]: "tcp/0" is not a listening socket like "tcp/443" or "udp/53"',
    ],
    [
      (d) => (d.devices[0].listen = ['sctp/80']),
      'devices[0].listen[0]: "sctp/80" is not a listening socket like "tcp/443" or "udp/53"',
    ],
    [
      (d) => (d.devices[0].listen = ['tcp/65536']),
      'devices[0].listen[0]: "tcp/65536" is not a listening socket like "tcp/443" or "udp/53"',
    ],
    [(d) => (d.layout.prod.x = 'a'), 'layout.prod.x: expected number, got "a"'],
    [
      (d) => (d.devices[0].proxyNeighbours = [{ address: '1.2.3.4', dev: 'eth7' }]),
      'devices[0].proxyNeighbours[0].dev: no interface "eth7" on gateway',
    ],
  ];
  it.each(cases.map(([edit, message]) => [message, edit] as const))('%s', (message, edit) => {
    expect(errorsAfter(edit)).toEqual([message]);
  });
});

describe('addresses', () => {
  it('the documented example: devices[2].interfaces[0].addresses[1]', () => {
    expect(
      errorsAfter((d) => {
        d.devices[2].interfaces[0].addresses = ['192.168.149.36/24', '192.168.1.300/24'];
      }),
    ).toEqual(['devices[2].interfaces[0].addresses[1]: "192.168.1.300/24" is not an IPv4 address']);
  });

  it.each<[unknown, string]>([
    ['192.168.1.300/24', 'addresses[0]: "192.168.1.300/24" is not an IPv4 address'],
    ['192.168.1.3', 'addresses[0]: "192.168.1.3" is not an IPv4 prefix (expected a.b.c.d/len)'],
    ['192.168.1.3/33', 'addresses[0]: "192.168.1.3/33" is not an IPv4 prefix: prefix length must be 0..32'],
    ['192.168.01.3/24', 'addresses[0]: "192.168.01.3/24" is not an IPv4 address'],
    [' 192.168.1.3/24', 'addresses[0]: " 192.168.1.3/24" is not an IPv4 address'],
    [{ address: '10.0.0.256/8' }, 'addresses[0].address: "10.0.0.256/8" is not an IPv4 address'],
    [
      { address: '10.0.0.1/8', broadcast: '10.255.255' },
      'addresses[0].broadcast: "10.255.255" is not an IPv4 address',
    ],
  ])('%j', (entry, message) => {
    expect(
      errorsAfter((d) => {
        d.devices[0].interfaces[0].addresses = [entry];
      }),
    ).toEqual([`devices[0].interfaces[0].${message}`]);
  });

  it('the same address twice on an interface is "File exists"', () => {
    expect(
      errorsAfter((d) => {
        d.devices[0].interfaces[0].addresses = ['192.168.149.2/24', '192.168.149.2/24'];
      }),
    ).toEqual([
      'devices[0].interfaces[0].addresses[1]: 192.168.149.2/24 is listed twice on this interface (the kernel answers "File exists")',
    ]);
  });

  it('the same address on two devices of a segment is a warning (ARP conflict), not an error', () => {
    const r = loadEdited((d) => {
      d.devices[1].interfaces[0].addresses = ['192.168.149.2/24'];
    });
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(r.warnings.map(formatIssue)).toEqual([
        'devices[1].interfaces[0].addresses: 192.168.149.2 is also configured on gateway in segment "prod": both answer ARP for it (address conflict)',
      ]);
  });
});

describe('MACs, ids, interface names, references', () => {
  it.each([
    ['zz', '"zz" is not a MAC address (aa:bb:cc:dd:ee:ff)'],
    ['00:11:22:33:44', '"00:11:22:33:44" is not a MAC address (aa:bb:cc:dd:ee:ff)'],
    ['00:11:22:33:44:55:66', '"00:11:22:33:44:55:66" is not a MAC address (aa:bb:cc:dd:ee:ff)'],
    ['0g:11:22:33:44:55', '"0g:11:22:33:44:55" is not a MAC address (aa:bb:cc:dd:ee:ff)'],
    ['01:00:5e:00:00:01', '01:00:5e:00:00:01 is a multicast MAC; an interface needs a unicast one'],
  ])('MAC %j', (mac, message) => {
    expect(
      errorsAfter((d) => {
        d.devices[0].interfaces[0].mac = mac;
      }),
    ).toEqual([`devices[0].interfaces[0].mac: ${message}`]);
  });

  it('a MAC used twice on a segment', () => {
    expect(
      errorsAfter((d) => {
        d.devices[1].interfaces[0].mac = '02:00:00:00:01:02';
      }),
    ).toEqual([
      'devices[1].interfaces[0].mac: MAC 02:00:00:00:01:02 is also used by gateway/eth0 on segment "prod"',
    ]);
  });

  const ID_RULE =
    'is not a valid id (1..32 characters of A-Z a-z 0-9 _ . -, starting with a letter or digit)';
  it.each(['', 'bad id', '-x', '_x', '.x', 'a'.repeat(33), '$(id)', 'a;b', 'ünï', 'a/b', 'a\nb', "a'b"])(
    'id %j',
    (id) => {
      expect(
        errorsAfter((d) => {
          d.devices[0].id = id;
          d.segments[0].id = id;
        }).slice(0, 2),
      ).toEqual([
        `segments[0].id: ${JSON.stringify(id)} ${ID_RULE}`,
        `devices[0].id: ${JSON.stringify(id)} ${ID_RULE}`,
      ]);
    },
  );

  it('ids of 32 characters and with dots, dashes, underscores are fine', () => {
    const id = `A${'b.-_9'.repeat(6)}x`;
    expect(id.length).toBe(32);
    const r = loadEdited((d) => {
      d.devices[0].id = id;
      d.layout[id] = d.layout.gateway;
      delete d.layout.gateway;
    });
    expect(r.ok).toBe(true);
  });

  const IFNAME_RULE = 'is not a valid interface name (1..15 characters of A-Z a-z 0-9 _ . -)';
  it.each([
    '',
    'abcdefghijklmnop',
    'eth0;rm',
    'eth 0',
    '$(reboot)',
    '`id`',
    'eth0\n',
    'eth/0',
    'eth:0',
    'éth0',
    "e'th",
  ])('interface name %j', (name) => {
    expect(
      errorsAfter((d) => {
        d.devices[0].interfaces[0].name = name;
      }),
    ).toEqual([`devices[0].interfaces[0].name: ${JSON.stringify(name)} ${IFNAME_RULE}`]);
  });

  it.each(['.', '..'])('interface name %j (refused by the kernel)', (name) => {
    expect(
      errorsAfter((d) => {
        d.devices[0].interfaces[0].name = name;
      }),
    ).toEqual([
      `devices[0].interfaces[0].name: interface name "${name}" must be 1..15 characters of A-Z a-z 0-9 _ . - (the kernel's IFNAMSIZ, and safe in shell scripts)`,
    ]);
  });

  it('interface names of 15 characters are fine', () => {
    expect(loadEdited((d) => (d.devices[0].interfaces[0].name = 'abcdefghijklmno')).ok).toBe(true);
  });

  it('an interface defined twice', () => {
    expect(errorsAfter((d) => d.devices[0].interfaces.push({ name: 'eth0' }))).toEqual([
      'devices[0].interfaces[1].name: interface "eth0" is defined twice on gateway',
    ]);
  });

  it('lo cannot be plugged or get a MAC', () => {
    expect(errorsAfter((d) => (d.devices[0].interfaces[0].name = 'lo'))).toEqual([
      'devices[0].interfaces[0].segment: the loopback interface cannot be plugged into a segment',
      'devices[0].interfaces[0].mac: the loopback interface has no MAC to set',
    ]);
  });

  it('an unknown segment', () => {
    expect(errorsAfter((d) => (d.devices[0].interfaces[0].segment = 'nope'))).toEqual([
      'devices[0].interfaces[0].segment: no segment "nope" (segments: prod, iso)',
    ]);
  });

  it('duplicate ids: device and device, segment and device, segment and segment', () => {
    expect(errorsAfter((d) => (d.devices[1].id = 'gateway'))[0]).toBe(
      'devices[1].id: id "gateway" is already used by devices[0]',
    );
    expect(errorsAfter((d) => (d.devices[0].id = 'prod'))[0]).toBe(
      'devices[0].id: id "prod" is already used by segments[0]',
    );
    expect(errorsAfter((d) => (d.segments[1].id = 'prod'))[0]).toBe(
      'segments[1].id: id "prod" is already used by segments[0]',
    );
  });

  it('a layout entry for nothing is a warning', () => {
    const r = loadEdited((d) => (d.layout['ghost-1'] = { x: 1, y: 2 }));
    expect(r.ok && r.warnings.map(formatIssue)).toEqual([
      'layout["ghost-1"]: no device or segment "ghost-1"; the position is ignored',
    ]);
  });
});

describe('sysctls', () => {
  it.each<[Record<string, unknown>, string]>([
    [
      { 'net.ipv4.tcp_syncookies': 1 },
      '["net.ipv4.tcp_syncookies"]: unknown or unmodelled sysctl "net.ipv4.tcp_syncookies" (natlab models: net.ipv4.ip_forward, ',
    ],
    [
      { 'net.ipv4.conf.all.rp_filtre': 1 },
      '["net.ipv4.conf.all.rp_filtre"]: unknown or unmodelled interface sysctl "rp_filtre" (natlab models: forwarding, rp_filter, ',
    ],
    [
      { 'net.ipv6.conf.all.forwarding': 1 },
      '["net.ipv6.conf.all.forwarding"]: unknown or unmodelled sysctl "net.ipv6.conf.all.forwarding"',
    ],
    [
      { 'net.ipv4.conf.eth9.rp_filter': 1 },
      '["net.ipv4.conf.eth9.rp_filter"]: no interface "eth9" on this device',
    ],
    [{ 'net.ipv4.conf.all.rp_filter': 3 }, '["net.ipv4.conf.all.rp_filter"]: value 3 is out of range 0..2'],
    [{ 'net.ipv4.ip_forward': 2 }, '["net.ipv4.ip_forward"]: value 2 is out of range 0..1'],
    [{ 'net.ipv4.ip_default_ttl': 0 }, '["net.ipv4.ip_default_ttl"]: value 0 is out of range 1..255'],
    [
      { 'net.ipv4.conf.eth0.arp_ignore': -1 },
      '["net.ipv4.conf.eth0.arp_ignore"]: value -1 is out of range 0..8',
    ],
    [{ 'a"b': 1 }, '["a\\"b"]: unknown or unmodelled sysctl "a"b"'],
  ])('%j', (sysctls, message) => {
    const [e, ...rest] = errorsAfter((d) => (d.devices[0].sysctls = sysctls));
    expect(rest).toEqual([]);
    expect(e!.startsWith(`devices[0].sysctls${message}`), e).toBe(true);
  });

  it('an interface with a dot is written with a slash, as sysctl(8) does', () => {
    const r = loadEdited((d) => {
      d.devices[0].interfaces[0].name = 'eth0.222';
      d.devices[0].sysctls = { 'net.ipv4.conf.eth0/222.rp_filter': 2 };
    });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.network.byId.get('gateway')!.ifByName.get('eth0.222')!.conf.rp_filter).toBe(2);
  });
});

describe('routes the kernel refuses', () => {
  const route = (...routes: unknown[]) => errorsAfter((d) => (d.devices[3].routes = routes));
  it('the documented example: a gateway that is not on-link', () => {
    expect(route({ to: '10.0.0.0/8', via: '1.2.3.4' })).toEqual([
      'devices[3].routes[0]: ip route add 10.0.0.0/8 via 1.2.3.4: the kernel refuses it: "Nexthop has invalid gateway"',
    ]);
    expect(route({ to: '10.0.0.0/8', via: '192.168.149.9', dev: 'eth1' })).toEqual([
      'devices[3].routes[0]: ip route add 10.0.0.0/8 via 192.168.149.9 dev eth1: the kernel refuses it: "Nexthop has invalid gateway"',
    ]);
  });

  it('a duplicate: of the kernel’s own prefix route, of an earlier route', () => {
    expect(route({ to: '192.168.149.0/24', dev: 'eth0' })).toEqual([
      `devices[3].routes[0]: ip route add 192.168.149.0/24 dev eth0: the kernel refuses it: "File exists (table 254 already has a route to 192.168.149.0/24: the kernel's own route for eth0)"`,
    ]);
    expect(
      route({ to: '10.0.0.0/8', via: '192.168.149.9' }, { to: '10.0.0.0/8', via: '192.168.149.8' }),
    ).toEqual([
      'devices[3].routes[1]: ip route add 10.0.0.0/8 via 192.168.149.8: the kernel refuses it: "File exists (table 254 already has a route to 10.0.0.0/8)"',
    ]);
    // another metric or table is another route
    expect(
      loadEdited(
        (d) =>
          (d.devices[3].routes = [
            { to: '10.0.0.0/8', via: '192.168.149.9' },
            { to: '10.0.0.0/8', via: '192.168.149.8', metric: 5 },
            { to: '10.0.0.0/8', via: '192.168.149.8', table: 7 },
          ]),
      ).ok,
    ).toBe(true);
  });

  it('host bits set', () => {
    expect(route({ to: '10.0.0.1/8', via: '192.168.149.9' })).toEqual([
      'devices[3].routes[0]: ip route add 10.0.0.1/8 via 192.168.149.9: the kernel refuses it: "Invalid prefix for given prefix length"',
    ]);
  });

  it('more refusals, each with its errno text', () => {
    expect(route({ to: '10.0.0.0/8', via: '192.168.149.9', dev: 'eth5' })).toEqual([
      'devices[3].routes[0]: ip route add 10.0.0.0/8 via 192.168.149.9 dev eth5: the kernel refuses it: "Cannot find device "eth5""',
    ]);
    expect(route({ to: '10.0.0.0/8', via: '192.168.149.9', src: '1.1.1.1' })).toEqual([
      'devices[3].routes[0]: ip route add 10.0.0.0/8 via 192.168.149.9 src 1.1.1.1: the kernel refuses it: "Invalid prefsrc address"',
    ]);
    expect(route({ to: '10.0.0.0/8', type: 'blackhole', dev: 'eth0' })).toEqual([
      'devices[3].routes[0]: ip route add blackhole 10.0.0.0/8 dev eth0: the kernel refuses it: "Gateway, device and multipath can not be specified for this route type"',
    ]);
    expect(route({ to: '10.0.0.0/8' })).toEqual([
      'devices[3].routes[0]: ip route add 10.0.0.0/8: the kernel refuses it: "No such device (a route needs "dev" or "via")"',
    ]);
    expect(route({ to: '10.0.0.0/8', table: 'x' })).toEqual([
      'devices[3].routes[0].table: table "x" is not main, local, default or a number 1..4294967295',
    ]);
  });
});

describe('iptables', () => {
  const ipt = (iptables: unknown) => errorsAfter((d) => (d.devices[3].iptables = iptables));
  it('an unknown option: the rule’s path and the column', () => {
    expect(ipt({ nat: { PREROUTING: ['-i eth0 -d 192.168.150.0/24 -j DNAT --to-foo 1.2.3.4'] } })).toEqual([
      'devices[3].iptables.nat.PREROUTING[0]: unknown option "--to-foo" — no loaded extension has an option "--to-foo"; write -p tcp/udp/icmp or -m MODULE before the options of that module. (at column 37)',
    ]);
    const [e] = ipt({
      filter: { INPUT: { policy: 'DROP', rules: ['-j ACCEPT', '-p tcp --dport 99999 -j ACCEPT'] } },
    });
    expect(e).toMatch(
      /^devices\[3\]\.iptables\.filter\.INPUT\.rules\[1\]: invalid port\/service `99999' .*\(at column 16\)$/,
    );
  });

  it('a jump to a chain that does not exist', () => {
    expect(ipt({ nat: { PREROUTING: ['-j NOPE'] } })).toEqual([
      "devices[3].iptables.nat.PREROUTING[0]: Chain 'NOPE' does not exist (create it in the nat table first)",
    ]);
    expect(ipt({ filter: { 'MY-CHAIN': ['-j NOPE'], INPUT: ['-j MY-CHAIN'] } })).toEqual([
      `devices[3].iptables.filter["MY-CHAIN"][0]: Chain 'NOPE' does not exist (create it in the filter table first)`,
    ]);
  });

  it('a NAT target in the wrong table or chain', () => {
    expect(ipt({ filter: { INPUT: ['-j MASQUERADE'] } })).toEqual([
      'devices[3].iptables.filter.INPUT[0]: RULE_APPEND failed (Invalid argument): rule in chain INPUT — the MASQUERADE target is only valid in the nat table. (at column 4)',
    ]);
    expect(ipt({ mangle: { PREROUTING: { rules: ['-j SNAT --to-source 1.2.3.4'] } } })).toEqual([
      'devices[3].iptables.mangle.PREROUTING.rules[0]: RULE_APPEND failed (Invalid argument): rule in chain PREROUTING — the SNAT target is only valid in the nat table. (at column 4)',
    ]);
    expect(ipt({ nat: { POSTROUTING: ['-j DNAT --to-destination 1.2.3.4'] } })).toEqual([
      'devices[3].iptables.nat.POSTROUTING[0]: RULE_APPEND failed (Invalid argument): rule in chain POSTROUTING — the DNAT target is only valid in PREROUTING, OUTPUT, not POSTROUTING. (at column 4)',
    ]);
  });

  it('chains: a built-in chain of another table, a policy on a user chain, bad names, a loop', () => {
    expect(ipt({ filter: { PREROUTING: [] } })).toEqual([
      'devices[3].iptables.filter.PREROUTING: the filter table has no PREROUTING chain (it has INPUT, FORWARD, OUTPUT)',
    ]);
    expect(ipt({ filter: { FOO: { policy: 'DROP' } } })).toEqual([
      'devices[3].iptables.filter.FOO.policy: user-defined chain FOO cannot have a policy (only built-in chains do)',
    ]);
    expect(ipt({ filter: { 'MY CHAIN': [] } })).toEqual([
      'devices[3].iptables.filter["MY CHAIN"]: invalid chain name "MY CHAIN" (no white space)',
    ]);
    expect(ipt({ filter: { ACCEPT: [] } })).toEqual([
      'devices[3].iptables.filter.ACCEPT: "ACCEPT" is a target, not a chain name',
    ]);
    const [loop] = ipt({ filter: { INPUT: ['-j A'], A: ['-j B'], B: ['-j A'] } });
    expect(loop).toMatch(/^devices\[3\]\.iptables\.filter\.B\[0\]: jump loop A → B → A: /);
  });

  it('a rule of 4096+ characters', () => {
    expect(ipt({ filter: { INPUT: [`-m comment --comment ${'x'.repeat(4100)} -j ACCEPT`] } })).toEqual([
      'devices[3].iptables.filter.INPUT[0]: too long (at most 4096 characters)',
    ]);
  });
});

describe('names valibot records would silently drop', () => {
  it.each([
    ['devices[0].sysctls', (d: Raw) => (d.devices[0].sysctls = JSON.parse('{"constructor": 1}'))],
    ['devices[0].sysctls', (d: Raw) => (d.devices[0].sysctls = JSON.parse('{"__proto__": 1}'))],
    ['layout', (d: Raw) => (d.layout = JSON.parse('{"prototype": {"x": 1, "y": 2}}'))],
    [
      'devices[3].iptables.filter',
      (d: Raw) => (d.devices[3].iptables.filter = JSON.parse('{"__proto__": ["-j DROP"]}')),
    ],
  ])('%s', (path, edit) => {
    const [e] = errorsAfter(edit);
    expect(e).toMatch(
      new RegExp(
        `^${path.replace(/[[\].]/g, '\\$&')}\\["(constructor|__proto__|prototype)"\\]: "\\1" cannot be used as a name here`,
      ),
    );
  });
});

const HOSTILE = [
  '"; rm -rf / #',
  '$(touch /tmp/natlab-pwned)',
  '`touch /tmp/natlab-pwned`',
  "'; touch /tmp/natlab-pwned; '",
  'a\nb\r\nc',
  'NATLAB_IPTABLES_EOF',
  '\u0000\u0007\u001b[31m',
  '\u202e\u2066\u200b\ufeff',
  '☃ 💥 ﷽ ẞ',
  '\ud800',
  '<script>alert(1)</script>',
  '${IFS}%s%n\\',
  '../../../etc/passwd',
  ' ',
];

describe('hostile strings', () => {
  it('display names and descriptions may contain anything (up to their length limits)', () => {
    for (const s of HOSTILE) {
      const r = loadEdited((d) => {
        d.name = s;
        d.description = s;
        d.segments[0].name = s;
        d.segments[0].description = s;
        d.devices[0].name = s;
        d.devices[0].description = s;
      });
      expect(r.ok, JSON.stringify(s)).toBe(true);
      if (r.ok) {
        expect(r.network.name).toBe(s);
        expect(r.network.byId.get('gateway')!.name).toBe(s);
        expect(r.network.segments.get('prod')!.name).toBe(s);
      }
    }
  });

  it('hostile strings in every other string field are refused, each at its path', () => {
    const fields: [string, (d: Raw, s: string) => void][] = [
      ['devices[0].id', (d, s) => (d.devices[0].id = s)],
      ['segments[0].id', (d, s) => (d.segments[0].id = s)],
      ['devices[0].interfaces[0].name', (d, s) => (d.devices[0].interfaces[0].name = s)],
      ['devices[0].interfaces[0].mac', (d, s) => (d.devices[0].interfaces[0].mac = s)],
      ['devices[0].interfaces[0].segment', (d, s) => (d.devices[0].interfaces[0].segment = s)],
      ['devices[0].interfaces[0].addresses[0]', (d, s) => (d.devices[0].interfaces[0].addresses = [s])],
      ['devices[1].routes[0].to', (d, s) => (d.devices[1].routes[0].to = s)],
      ['devices[1].routes[0].via', (d, s) => (d.devices[1].routes[0].via = s)],
      ['devices[1].routes[0].dev', (d, s) => (d.devices[1].routes[0].dev = s)],
      ['devices[3].rules[0].fwmark', (d, s) => (d.devices[3].rules[0].fwmark = s)],
      ['devices[3].rules[0].iif', (d, s) => (d.devices[3].rules[0].iif = s)],
      ['devices[0].listen[0]', (d, s) => (d.devices[0].listen = [s])],
      ['devices[0].sysctls', (d, s) => (d.devices[0].sysctls = { [s]: 1 })],
    ];
    for (const s of HOSTILE.filter((x) => x !== 'NATLAB_IPTABLES_EOF'))
      // a valid id
      for (const [path, edit] of fields) {
        const d = seed();
        edit(d, s);
        const r = loadChecked(d);
        expect(r.ok, `${path} = ${JSON.stringify(s)}`).toBe(false);
        if (!r.ok) expect(r.issues.some((i) => i.path.startsWith(path))).toBe(true);
      }
  });

  it('10 MB strings anywhere: refused or ignored quickly, with short messages', () => {
    const big = 'A'.repeat(10 * 1024 * 1024);
    const fields: [string, (d: Raw) => void][] = [
      ['name', (d) => (d.name = big)],
      ['description', (d) => (d.description = big)],
      ['devices[0].name', (d) => (d.devices[0].name = big)],
      ['devices[0].id', (d) => (d.devices[0].id = big)],
      ['devices[0].interfaces[0].name', (d) => (d.devices[0].interfaces[0].name = big)],
      ['devices[0].interfaces[0].mac', (d) => (d.devices[0].interfaces[0].mac = big)],
      ['devices[0].interfaces[0].addresses[0]', (d) => (d.devices[0].interfaces[0].addresses = [big])],
      ['devices[1].routes[0].to', (d) => (d.devices[1].routes[0].to = big)],
      ['devices[3].rules[0].fwmark', (d) => (d.devices[3].rules[0].fwmark = big)],
      ['devices[0].sysctls', (d) => (d.devices[0].sysctls = { [big]: 1 })],
      ['devices[3].iptables.nat', (d) => (d.devices[3].iptables.nat[big] = [])],
      ['devices[3].iptables.nat.PREROUTING[0]', (d) => (d.devices[3].iptables.nat.PREROUTING = [big])],
      ['layout', (d) => (d.layout[big] = { x: 0, y: 0 })],
      [`["${big.slice(0, 40)}`, (d) => (d[big] = 1)],
    ];
    for (const [path, edit] of fields) {
      const d = seed();
      edit(d);
      const r = loadChecked(d);
      const list = r.ok ? r.warnings : r.issues;
      expect(list.length, path).toBeGreaterThan(0);
      expect(list[0]!.path.startsWith(path.slice(0, 60)), `${path}: ${list[0]!.path.slice(0, 100)}`).toBe(
        true,
      );
    }
  });

  it('deeply nested junk', () => {
    const deep = `${'['.repeat(100000)}${']'.repeat(100000)}`;
    const deepObj = `${'{"a":'.repeat(100000)}1${'}'.repeat(100000)}`;
    expect(errorsOfText(deep)).toEqual(['a lab file is a JSON object, not an array']);
    expect(errorsOfText(SEED_TEXT.replace('"devices": [', `"junk": ${deepObj}, "devices": [`))).toEqual([
      `junk: ${UNKNOWN}`,
    ]);
    expect(errorsOfText(SEED_TEXT.replace('"interfaces": [', `"interfaces": [${deep}, `))[0]).toBe(
      'devices[0].interfaces[0]: expected Object, got an array',
    );
    expect(errorsOfText(SEED_TEXT.replace('"segments": [', `"segments": [${deepObj}, `))[0]).toMatch(
      /^segments\[0\]\.(id|kind|a): /,
    );
    expect(errorsOfText('['.repeat(500000))).toEqual([
      'not valid JSON: unexpected end of the file (expected a value) at line 1, column 500001',
    ]);
    let v: unknown = 1;
    for (let i = 0; i < 100000; i++) v = { a: [v] };
    const lab = { ...seed(), description: v };
    expect(errorsOf(loadLabValue(lab))).toEqual(['description: expected string, got an object']);
  });

  const longJumpChain = () => {
    const chains: Record<string, string[]> = { INPUT: ['-j C0'] };
    for (let i = 0; i < 20000; i++) chains[`C${i}`] = i + 1 < 20000 ? [`-j C${i + 1}`] : [];
    const d = seed();
    d.devices[0].iptables = { filter: chains };
    return JSON.stringify(d);
  };

  it('a jump chain thousands of chains long does not crash the loader', () => {
    const r = loadLab(longJumpChain());
    expect(r.ok || r.issues.length > 0).toBe(true);
  });

  it('a jump chain thousands of chains long is checked like any other ruleset (no recursion)', () => {
    const r = loadLab(longJumpChain());
    expect(r.ok).toBe(true);
  });

  it('thousands of routes on a device load (compile speed is measured by npm run bench, not here)', () => {
    const d = seed();
    d.devices[0].routes = Array.from({ length: 5000 }, (_, i) => ({
      to: `10.${i >> 8}.${i & 255}.0/24`,
      via: '192.168.149.9',
    }));
    expect(loadChecked(d).ok).toBe(true);
  });
});

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
