import { describe, expect, it } from 'vitest';
import { tokenizeRestore, tokenizeShell } from './tokenize.ts';

const words = (line: string) => {
  const r = tokenizeShell(line);
  return r.ok ? r.value.map((t) => t.text) : r.error;
};

describe('tokenizeShell (POSIX shell word splitting)', () => {
  it.each([
    ['-s 1.2.3.4  -j   ACCEPT', ['-s', '1.2.3.4', '-j', 'ACCEPT']],
    ['\t-i eth0\n', ['-i', 'eth0']],
    ["--comment 'hello world'", ['--comment', 'hello world']],
    ['--comment "hello world"', ['--comment', 'hello world']],
    ["--comment ''", ['--comment', '']],
    ['--comment ""', ['--comment', '']],
    ["a'b c'd", ['ab cd']],
    ['say\\ hi', ['say hi']],
    ['"a \\"b\\" \\\\ c"', ['a "b" \\ c']],
    ['"keep \\x and \\\'"', ["keep \\x and \\'"]],
    ["'no \\escape \" here'", ['no \\escape " here']],
    ['-j ACCEPT # a comment', ['-j', 'ACCEPT']],
    ['--comment a#b', ['--comment', 'a#b']],
    ['"$" lone', ['$', 'lone']],
    ["'$HOME'", ['$HOME']],
    ['line\\\ncontinued', ['linecontinued']],
    ['', []],
  ])('%j', (line, expected) => {
    expect(words(line)).toEqual(expected);
  });

  it('reports where each word starts and ends', () => {
    const r = tokenizeShell("-m comment --comment 'x y' -j DROP");
    expect(r.ok && r.value.map((t) => [t.start, t.end])).toEqual([
      [0, 2],
      [3, 10],
      [11, 20],
      [21, 26],
      [27, 29],
      [30, 34],
    ]);
  });

  it.each([
    ["--comment 'oops", 10, 'unterminated single quote'],
    ['-s 1.2.3.4 --comment "oops', 21, 'unterminated double quote'],
    ['-j ACCEPT \\', 10, 'trailing backslash'],
    ['-s $ADDR', 3, 'shell expansion'],
    ['--comment "$(date)"', 11, 'shell expansion'],
    ['--comment `date`', 10, 'command substitution'],
    ['-j ACCEPT; rm', 9, 'shell operator ";"'],
    ['-j ACCEPT | tee', 10, 'shell operator "|"'],
  ])('refuses %j at column %d', (line, column, what) => {
    const r = tokenizeShell(line);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.column).toBe(column);
      expect(r.error.message).toContain(what);
    }
  });
});

describe('tokenizeRestore (add_param_to_argv of iptables-restore)', () => {
  const split = (line: string) => tokenizeRestore(line).map((t) => t.text);
  it.each([
    ['-A INPUT -j ACCEPT', ['-A', 'INPUT', '-j', 'ACCEPT']],
    ['--comment "hello world"', ['--comment', 'hello world']],
    ['--comment "say \\"hi\\" \\\\ \\\'x\\\'"', ['--comment', 'say "hi" \\ \'x\'']],
    ['--comment ""', ['--comment', '']],
    ["--comment 'single quoted'", ['--comment', "'single", "quoted'"]],
    ['--comment a"b c"d', ['--comment', 'ab c', 'd']],
    ['--comment back\\slash', ['--comment', 'back\\slash']],
    ['--comment "$HOME `x`"', ['--comment', '$HOME `x`']],
    ['  -A   INPUT\t-j ACCEPT  ', ['-A', 'INPUT', '-j', 'ACCEPT']],
  ])('%j', (line, expected) => {
    expect(split(line)).toEqual(expected);
  });
});
