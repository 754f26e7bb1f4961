/**
 * Runs a lab script's commands, in order, against the importer's model of the namespaces ({@link World}):
 * `set -e` and `|| true` decide whether a command the kernel would refuse stops the script (an error) or
 * is ignored (a warning); redirections are checked (only `/dev/null`, `2>&1` and, inside a namespace,
 * `echo N > /proc/sys/…` are allowed); `ip netns exec NS …`, natlab's `nsx NS …` and
 * `ip netns exec NS sh -c '…'` run commands inside a namespace. Commands that only print or wait are
 * skipped with one warning per kind; everything else unknown is an error naming the line.
 */
import { runIp } from './cmd-ip.ts';
import { runIptables } from './cmd-iptables.ts';
import { runRestore } from './cmd-restore.ts';
import { runSysctl, writeProcSys } from './cmd-sysctl.ts';
import { openNs, HOST_REFUSAL, type Ctx } from './context.ts';
import { CommandFailure, unsupported, type ScriptIssue } from './issues.ts';
import { World, type Ns } from './model.ts';
import type { Preamble } from './natlab-preamble.ts';
import { parseShell, type Redirect, type ShellCommand } from './shell-parse.ts';

const IPTABLES = new Set([
  'iptables',
  'iptables-nft',
  'iptables-legacy',
  '/sbin/iptables',
  '/usr/sbin/iptables',
]);
const RESTORE = new Set(['iptables-restore', 'iptables-nft-restore', 'iptables-legacy-restore']);
const IP6 = new Set([
  'ip6tables',
  'ip6tables-nft',
  'ip6tables-legacy',
  'ip6tables-restore',
  'ip6tables-nft-restore',
  'ip6tables-legacy-restore',
]);
const VARIABLE_BUILTINS = new Set(['local', 'export', 'readonly', 'declare', 'typeset', 'unset', 'let']);
const NOT_LAB = new Set([
  'ping',
  'ping6',
  'tcpdump',
  'nc',
  'ncat',
  'netcat',
  'socat',
  'curl',
  'wget',
  'iperf',
  'iperf3',
  'traceroute',
  'tracepath',
  'arping',
  'mtr',
  'ss',
  'netstat',
  'conntrack',
  'timeout',
  'kill',
  'killall',
  'pkill',
  'python',
  'python3',
  'nping',
  'hping3',
  'dig',
  'nslookup',
  'cat',
  'grep',
  'awk',
  'sed',
  'wait',
]);
const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', '/bin/sh', '/bin/bash']);
const SET_OPTIONS = new Set(['errexit', 'nounset', 'pipefail', 'xtrace', 'verbose', 'errtrace']);

interface Redirs {
  readonly stderrNull: boolean;
  readonly procWrite?: string;
  readonly bad?: string;
}

function redirections(list: readonly Redirect[]): Redirs {
  const fds: Record<number, string> = { 1: 'out', 2: 'err' };
  const dest = (t: string) =>
    t === '/dev/null' ? 'null' : t.startsWith('/proc/sys/') ? `proc:${t}` : `file:${t}`;
  for (const r of list) {
    if (r.op === '<' || r.op === '<&' || r.op === '<>' || r.op === '<<<')
      return { stderrNull: false, bad: `input redirection ("${r.op} ${r.target}") is not supported` };
    if (r.op === '&>' || r.op === '&>>') fds[1] = fds[2] = dest(r.target);
    else if (r.op === '>&' && /^\d$/.test(r.target)) fds[r.fd ?? 1] = fds[Number(r.target)] ?? 'closed';
    else if (r.op === '>&' && r.target === '-') fds[r.fd ?? 1] = 'null';
    else if (r.op === '>&' && r.fd === null) fds[1] = fds[2] = dest(r.target);
    else fds[r.fd ?? 1] = dest(r.target);
  }
  const file = Object.values(fds).find((v) => v.startsWith('file:'));
  if (file)
    return {
      stderrNull: false,
      bad: `redirection to the file "${file.slice(5)}" is not supported: a lab script only builds namespaces`,
    };
  const proc = fds[1]?.startsWith('proc:') ? fds[1].slice(5) : undefined;
  if (fds[2]?.startsWith('proc:'))
    return { stderrNull: false, bad: 'writing error output to /proc/sys is not supported' };
  return { stderrNull: fds[2] === 'null', ...(proc !== undefined ? { procWrite: proc } : {}) };
}

export interface RunResult {
  readonly world: World;
  readonly errors: ScriptIssue[];
  readonly warnings: ScriptIssue[];
  /** Each line's (first) command, for problems found later on that line. */
  readonly texts: ReadonlyMap<number, string>;
}

export function runScript(text: string, preamble: Preamble): RunResult {
  const r = new Runner(preamble);
  r.runText(text, null, null);
  r.finish();
  return { world: r.world, errors: r.errors, warnings: r.warnings, texts: r.texts };
}

class Runner {
  readonly world = new World();
  readonly errors: ScriptIssue[] = [];
  readonly warnings: ScriptIssue[] = [];
  private readonly harmless = new Map<string, { line: number; text: string; lines: number[] }>();
  private setE = false;
  private exited: { line: number; after: boolean } | null = null;
  private depth = 0;
  readonly texts = new Map<number, string>();

  constructor(private readonly preamble: Preamble) {}

  /** Runs a script; `shellNs` is where its shell runs (null: the host), `atLine` pins nested scripts' lines. */
  runText(text: string, shellNs: Ns | null, atLine: { line: number; text: string } | null): void {
    for (const cmd of parseShell(text)) {
      if (this.exited) {
        this.exited.after = true;
        break;
      }
      const line = atLine?.line ?? cmd.line;
      const shown = atLine ? atLine.text : cmd.text;
      if (!this.texts.has(line)) this.texts.set(line, shown);
      this.runCommand(cmd, shellNs, line, shown);
    }
  }

  finish(): void {
    for (const [kind, h] of this.harmless)
      this.warnings.push({
        line: h.line,
        command: h.text,
        message: `skipped: ${kind} only shows or waits, it builds nothing${h.lines.length > 1 ? ` (lines ${h.lines.join(', ')})` : ''}`,
      });
    if (this.exited?.after)
      this.warnings.push({
        line: this.exited.line,
        command: 'exit',
        message: 'the script exits here: the commands after it are never run and were not imported',
      });
    this.warnings.sort((a, b) => a.line - b.line);
  }

  private runCommand(cmd: ShellCommand, shellNs: Ns | null, line: number, text: string): void {
    const fail = (message: string): void => {
      this.errors.push({ line, command: text, message });
    };
    if (cmd.error) return fail(cmd.error);
    if (cmd.words.length === 0) return fail('a redirection without a command is not supported');
    const r = redirections(cmd.redirects);
    if (r.bad) return fail(r.bad);
    const ctx: Ctx = {
      world: this.world,
      ns: shellNs,
      cmd,
      line,
      warn: (message) => {
        this.warnings.push({ line, command: text, message });
      },
      issueAt: (l, message) => {
        this.errors.push({ line: l, command: text, message });
      },
      harmless: (what) => {
        const h = this.harmless.get(what);
        if (h) h.lines.push(line);
        else this.harmless.set(what, { line, text, lines: [line] });
      },
      exec: (ns, words) => {
        if (this.depth > 16) unsupported('commands nested this deep are not supported');
        this.depth++;
        try {
          this.dispatch({ ...ctx, ns }, words, r, shellNs);
        } finally {
          this.depth--;
        }
      },
      execScript: (ns, script) => {
        if (this.depth > 8) unsupported('shells nested this deep are not supported');
        // the inner shell's `set -e` and `exit` are its own
        const { setE, exited } = this;
        this.depth++;
        try {
          this.runText(script, ns, { line, text });
        } finally {
          this.depth--;
          this.setE = setE;
          this.exited = exited;
        }
      },
    };
    try {
      this.dispatch(ctx, cmd.words, r, shellNs);
    } catch (e) {
      if (!(e instanceof CommandFailure)) throw e;
      const tolerated = cmd.ignoreFailure || (r.stderrNull && !this.setE);
      if (e.kind === 'kernel' && tolerated) {
        if (!e.harmless)
          ctx.warn(`this command fails (${e.message}); the script goes on, so it changes nothing`);
      } else if (e.kind === 'kernel') fail(`this command fails on Linux: ${e.message}`);
      else fail(e.message);
    }
  }

  private dispatch(c: Ctx, words: readonly string[], r: Redirs, shellNs: Ns | null): void {
    let w = words;
    while (w[0] === 'sudo' || w[0] === 'command') {
      if (w[1]?.startsWith('-')) unsupported(`${w[0]} options are not supported`);
      w = w.slice(1);
    }
    const name = w[0];
    if (name === undefined) unsupported('nothing to run');
    const args = w.slice(1);
    const isRestore = RESTORE.has(name);
    if (c.cmd.heredoc && !isRestore && name !== 'ip' && name !== 'nsx')
      unsupported('a here-document is read only by iptables-restore');
    if (r.procWrite !== undefined && !['echo', 'printf', 'ip', 'nsx'].includes(name))
      unsupported('only "echo VALUE > /proc/sys/…" may write to /proc/sys');
    if (IPTABLES.has(name)) return runIptables(c, args);
    if (isRestore) return runRestore(c, args);
    if (IP6.has(name)) return c.warn('IPv6 is not modelled: ip6tables commands are left out');
    switch (name) {
      case 'ip':
      case '/sbin/ip':
      case '/usr/sbin/ip':
      case '/bin/ip':
        return runIp(c, args);
      case 'sysctl':
      case '/sbin/sysctl':
        return runSysctl(c, args);
      case 'echo':
      case 'printf': {
        if (r.procWrite === undefined) return c.harmless(name);
        if (shellNs === null)
          unsupported(
            `the redirection to ${r.procWrite} is made by this shell, in the host's namespace: it would change the host (write "ip netns exec NS sysctl -w KEY=VALUE")`,
          );
        const vals = name === 'echo' ? args.filter((a) => !/^-[neE]+$/.test(a)) : args;
        if (name === 'printf' && vals.length !== 1)
          unsupported('printf with a format is not supported: use echo');
        return writeProcSys({ ...c, ns: shellNs }, r.procWrite, vals.join(' '));
      }
      case 'true':
      case ':':
        return;
      case 'set':
        return this.set(args);
      case 'exit':
        this.exited = { line: c.line, after: false };
        if (args[0] !== undefined && args[0] !== '0') c.warn(`the script exits with status ${args[0]} here`);
        return;
      case 'sleep':
      case 'trap':
        return c.harmless(name);
      case 'nsx':
        if (!this.preamble.nsx) break;
        if (args[0] === undefined) unsupported('nsx needs a namespace');
        return c.exec(openNs(c, args[0]), args.slice(1));
    }
    if (SHELLS.has(name)) {
      if (args[0] !== '-c' || args[1] === undefined)
        unsupported(
          `running another script ("${name} ${args.join(' ')}") is not supported: put its commands here`,
        );
      if (args.length > 2) unsupported('positional parameters ($0, $1 …) of sh -c are not supported');
      return c.execScript(c.ns, args[1]);
    }
    if (VARIABLE_BUILTINS.has(name))
      unsupported(`variables are not supported ("${name}"): write the value itself where it is used`);
    if (name === 'source' || name === '.')
      unsupported(
        'sourcing another file is not supported: put its commands here (with the values written out)',
      );
    if (name === 'modprobe')
      unsupported('modprobe loads kernel modules into the host: it is not part of building a lab');
    if (name === 'nft')
      unsupported('nftables rulesets (nft) are not supported: write iptables rules (iptables-nft)');
    if (name === 'tc') unsupported('traffic control (tc) is not modelled');
    if (name === 'ethtool' || name === 'bridge') unsupported(`${name} settings are not modelled`);
    if (NOT_LAB.has(name))
      unsupported(
        `"${name}" is not part of building a lab: natlab imports the lab's configuration (use natlab trace to send packets)`,
      );
    if (c.ns === null && name.startsWith('/')) unsupported(HOST_REFUSAL);
    unsupported(
      `unknown command "${name}": natlab imports ip, iptables, iptables-restore and sysctl commands (docs/script-format.md)`,
    );
  }

  private set(args: readonly string[]): void {
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '-o' || a === '+o') {
        const o = args[++i];
        if (o === undefined || !SET_OPTIONS.has(o))
          unsupported(`set ${a} ${o ?? ''}: only errexit, nounset, pipefail, xtrace are supported`);
        if (o === 'errexit') this.setE = a === '-o';
      } else if (/^[-+][euxvE]+$/.test(a)) {
        if (a.includes('e')) this.setE = a[0] === '-';
      } else if (/^[-+][euxvEo]+$/.test(a) && a.endsWith('o')) {
        if (a.includes('e')) this.setE = a[0] === '-';
        const o = args[++i];
        if (o === undefined || !SET_OPTIONS.has(o))
          unsupported(`set ${a} ${o ?? ''}: only errexit, nounset, pipefail, xtrace are supported`);
        if (o === 'errexit') this.setE = a[0] === '-';
      } else unsupported(`"set ${args.join(' ')}" is not supported (set -e, -u, -x, -o pipefail are)`);
    }
  }
}
