/**
 * A lab on the real kernel: built in network namespaces from its compiled Network with the generated
 * script, and always torn down again — on success, failure, Ctrl-C or SIGTERM — so that nothing is left
 * behind (no namespace with our prefix, no process inside one).
 */
import { netnsScript } from '../engine/export/netns-script.ts';
import type { Network } from '../engine/model/network.ts';
import { deleteNamespaces, kernelUnavailable, namespacesWithPrefix, runScript } from './host.ts';

const live = new Set<string>();
let handlersInstalled = false;

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const cleanup = () => {
    for (const p of live) deleteNamespaces(p);
    live.clear();
  };
  process.on('exit', cleanup);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.on(sig, () => {
      cleanup();
      process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
    });
}

/** Tears down every namespace under `prefix` on exit, Ctrl-C or SIGTERM (for labs built elsewhere). */
export function guardPrefix(prefix: string): void {
  installHandlers();
  live.add(prefix);
}

/** The lab under `prefix` was torn down: no need to on exit. */
export function releasePrefix(prefix: string): void {
  live.delete(prefix);
}

/** A unique namespace prefix for one run: `nlv<pid>-` plus a counter. */
let counter = 0;
export function uniquePrefix(base = 'nlv'): string {
  return `${base}${process.pid % 100000}${(counter++).toString(36)}-`;
}

export class KernelUnavailable extends Error {}

/** Builds the lab under `prefix` (removing leftovers of an earlier run first). Throws on failure, leaving nothing. */
export function buildLab(net: Network, prefix: string, opts: { keep?: boolean } = {}): void {
  const why = kernelUnavailable();
  if (why) throw new KernelUnavailable(why);
  if (!opts.keep) {
    installHandlers();
    live.add(prefix);
  }
  const r = runScript(netnsScript(net, { prefix }));
  if (r.code !== 0) {
    deleteNamespaces(prefix);
    live.delete(prefix);
    throw new Error(`building the lab in namespaces failed:\n${r.stderr.trim() || r.stdout.trim()}`);
  }
}

/** Tears a lab down and checks that nothing with the prefix is left. */
export function teardown(prefix: string): void {
  deleteNamespaces(prefix);
  live.delete(prefix);
  const left = namespacesWithPrefix(prefix);
  if (left.length) throw new Error(`namespaces left behind: ${left.join(', ')}`);
}

/** Runs `fn` with the lab built, and tears it down whatever happens. */
export async function withLab<T>(net: Network, prefix: string, fn: () => Promise<T>): Promise<T> {
  buildLab(net, prefix);
  try {
    return await fn();
  } finally {
    teardown(prefix);
  }
}
