/** What a command handler gets: the world, the namespace it runs in, and ways to report. */
import { kernelRefuses, unsupported } from './issues.ts';
import type { Ns, World } from './model.ts';
import type { ShellCommand } from './shell-parse.ts';

export interface Ctx {
  readonly world: World;
  /** The namespace the command runs in; null for the host's own (root) namespace. */
  readonly ns: Ns | null;
  readonly cmd: ShellCommand;
  readonly line: number;
  /** A warning on this command. */
  warn(message: string): void;
  /** A problem on another line (a here-document's body line). */
  issueAt(line: number, message: string): void;
  /** A command that only prints or waits: skipped, reported once per kind. */
  harmless(what: string): void;
  /** Runs a command inside a namespace (`ip netns exec NS …`). */
  exec(ns: Ns, words: readonly string[]): void;
  /** Runs a nested script inside a namespace (`ip netns exec NS sh -c '…'`). */
  execScript(ns: Ns | null, script: string): void;
}

export const HOST_REFUSAL =
  'lab scripts must build namespaces; this command would change the host (run it with "ip -n NS …" or "ip netns exec NS …")';

/** The namespace the command changes, or the refusal to touch the host. */
export function targetNs(c: Ctx): Ns {
  if (c.ns === null) unsupported(HOST_REFUSAL);
  return c.ns;
}

/** A namespace by name, as `ip -n NAME` / `ip netns exec NAME` open it. */
export function openNs(c: Ctx, name: string): Ns {
  const ns = c.world.namespaces.get(name);
  if (!ns) kernelRefuses(`Cannot open network namespace "${name}": No such file or directory`);
  return ns;
}

/** The next argument, or iproute2's complaint when the line ends early. */
export function nextArg(args: readonly string[], i: number): string {
  const a = args[i];
  if (a === undefined) kernelRefuses('Command line is not complete. Try option "help"');
  return a;
}
