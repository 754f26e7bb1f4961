/** The shell front end: what a lab script's text becomes, and what it refuses (once, on its line). */
import { describe, expect, it } from 'vitest';
import { parseShell } from './shell-parse.ts';

const words = (src: string) => parseShell(src).map((c) => c.words);
const errors = (src: string) =>
  parseShell(src)
    .filter((c) => c.error)
    .map((c) => [c.line, c.error]);

describe('reading commands', () => {
  it('comments, blank lines, continuations, ; and &&', () => {
    const src =
      '#!/bin/bash\n# comment\n\nip netns add a  # trailing\nip link \\\n  add x type dummy; ip a && ip b\n';
    const cmds = parseShell(src);
    expect(cmds.map((c) => [c.line, c.words])).toEqual([
      [4, ['ip', 'netns', 'add', 'a']],
      [5, ['ip', 'link', 'add', 'x', 'type', 'dummy']],
      [6, ['ip', 'a']],
      [6, ['ip', 'b']],
    ]);
    expect(cmds[1]!.text).toBe('ip link add x type dummy');
  });

  it('quotes and backslashes, without expansion', () => {
    expect(words(`echo 'a b' "c d" e\\ f "x\\"y" 'it'"'"'s' "\\$HOME" a#b`)).toEqual([
      ['echo', 'a b', 'c d', 'e f', 'x"y', "it's", '$HOME', 'a#b'],
    ]);
    expect(words('iptables -m comment --comment "two\nlines" -j ACCEPT')).toEqual([
      ['iptables', '-m', 'comment', '--comment', 'two\nlines', '-j', 'ACCEPT'],
    ]);
  });

  it('`|| true` marks the commands before it', () => {
    const cmds = parseShell('ip a add x || true\nip b && ip c || :\nip d');
    expect(cmds.map((c) => [c.words.join(' '), c.ignoreFailure])).toEqual([
      ['ip a add x', true],
      ['ip b', true],
      ['ip c', true],
      ['ip d', false],
    ]);
  });

  it('redirections', () => {
    const [c] = parseShell('ip netns del x 2>/dev/null >/dev/null 2>&1');
    expect(c!.redirects).toEqual([
      { fd: 2, op: '>', target: '/dev/null' },
      { fd: null, op: '>', target: '/dev/null' },
      { fd: 2, op: '>&', target: '1' },
    ]);
  });

  it('here-documents: quoted, unquoted, <<- ; lines after them keep their numbers', () => {
    const src = [
      "nsx a iptables-restore <<'EOF'",
      '*nat',
      '-A POSTROUTING -j MASQUERADE $x',
      'EOF',
      'ip netns exec b iptables-restore <<-END',
      '\t*filter',
      '\tCOMMIT',
      '\tEND',
      'ip c',
    ].join('\n');
    const cmds = parseShell(src);
    expect(cmds.map((c) => [c.line, c.heredoc])).toEqual([
      [1, { body: '*nat\n-A POSTROUTING -j MASQUERADE $x\n', line: 2 }],
      [5, { body: '*filter\nCOMMIT\n', line: 6 }],
      [9, undefined],
    ]);
    expect(errors('iptables-restore <<EOF\n-A X -j $T\nEOF\n')[0]![1]).toMatch(/quote the delimiter/);
    expect(errors("iptables-restore <<'EOF'\n*nat\n")[0]![1]).toMatch(/never closed/);
  });
});

describe('refusals, one per construct, on its line', () => {
  it.each([
    ['ip netns add $NS', /variables are not supported.*\$NS/],
    ['ip netns add ${P}a', /variables are not supported/],
    ['ip netns add "$P"a', /variables are not supported/],
    ['ip netns add $(hostname)', /command substitution/],
    ['ip netns add `hostname`', /command substitution/],
    ['ip netns add $((1+2))', /arithmetic/],
    ['P=kt-', /variables are not supported.*P=/],
    ['ip netns add ns*', /quote the word/],
    ['ip netns add ~', /home directory/],
    ['ip link add veth{0,1} type dummy', /brace expansion/],
    ['ip a | grep x', /pipes/],
    ['sleep 1 &', /background/],
    ['ip a || echo failed', /only as "\|\| true"/],
    ['( ip a )', /subshells/],
    ["echo 'open", /unterminated single quote/],
    ['echo "open', /unterminated double quote/],
    ['cat <<<"x"', /here-strings/],
    ['fi', /unexpected "fi"/],
  ])('%j', (src, re) => {
    const e = errors(src);
    expect(e).toHaveLength(1);
    expect(e[0]![0]).toBe(1);
    expect(e[0]![1]).toMatch(re);
  });

  it('a loop, a conditional, a function: one error each, and what follows is read again', () => {
    const src = [
      'for n in a b; do',
      '  ip netns add "$n"',
      '  if true; then echo; fi',
      'done',
      'if [ -x /bin/ip ]; then ip a; else ip b; fi',
      'nsx() { local n=$1; shift; ip netns exec "$n" "$@"; }',
      'setup() {',
      '  ip a',
      '}',
      'while read x; do :; done',
      'ip netns add ok',
    ].join('\n');
    expect(errors(src)).toEqual([
      [1, expect.stringMatching(/loops \(for\)/)],
      [5, expect.stringMatching(/conditionals \(if\)/)],
      [6, expect.stringMatching(/functions are not supported.*nsx/)],
      [7, expect.stringMatching(/functions are not supported.*setup/)],
      [10, expect.stringMatching(/loops \(while\)/)],
    ]);
    expect(parseShell(src).at(-1)!.words).toEqual(['ip', 'netns', 'add', 'ok']);
  });
});
