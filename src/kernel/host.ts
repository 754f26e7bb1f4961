/**
 * Running things on the real kernel, in namespaces natlab created: the lab script, commands inside a
 * namespace, packet captures. Everything here is Node-only; nothing in the engine or UI imports it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Why kernel tests cannot run here, or null if they can (Linux, root, ip/iptables/tcpdump/ping present). */
export function kernelUnavailable(): string | null {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0)
    return 'not root (network namespaces need CAP_NET_ADMIN)';
  for (const tool of ['ip', 'iptables', 'iptables-restore', 'tcpdump', 'ping', 'bash']) {
    const r = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
    if (r.status !== 0)
      return `${tool} is not installed (apt-get install iproute2 iptables tcpdump iputils-ping)`;
  }
  return null;
}

export function run(cmd: string, args: readonly string[], timeoutMs = 20000): RunResult {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: timeoutMs });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Runs a generated bash script (written to a private temp file) with arguments. */
export function runScript(script: string, args: readonly string[] = []): RunResult {
  const dir = mkdtempSync(join(tmpdir(), 'natlab-'));
  try {
    const f = join(dir, 'lab.sh');
    writeFileSync(f, script, { mode: 0o700 });
    return run('bash', [f, ...args], 60000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function nsExec(ns: string, args: readonly string[], timeoutMs = 20000): RunResult {
  return run('ip', ['netns', 'exec', ns, ...args], timeoutMs);
}

/** Namespaces whose name starts with the prefix. */
export function namespacesWithPrefix(prefix: string): string[] {
  const r = run('ip', ['netns', 'list']);
  return r.stdout
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((n) => n.startsWith(prefix));
}

/** Kills whatever runs in one namespace and deletes it. */
export function deleteNamespace(ns: string): void {
  const pids = run('ip', ['netns', 'pids', ns]).stdout.split('\n').filter(Boolean);
  for (const pid of pids) spawnSync('kill', ['-9', pid]);
  run('ip', ['netns', 'del', ns]);
}

/** Kills whatever runs in our namespaces and deletes them. */
export function deleteNamespaces(prefix: string): void {
  for (const ns of namespacesWithPrefix(prefix)) deleteNamespace(ns);
}

export interface Capture {
  /** Stops the capture and returns the lines tcpdump printed. */
  stop(): Promise<string[]>;
}

/** Starts `tcpdump -l -n` in a namespace and resolves once it is listening. */
export async function startCapture(ns: string, iface: string, filter: string): Promise<Capture> {
  const p = spawn('ip', ['netns', 'exec', ns, 'tcpdump', '-l', '-n', '-e', '-i', iface, filter], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  p.stdout.on('data', (b: Buffer) => (out += b.toString()));
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`tcpdump in ${ns} did not start: ${err}`)), 5000);
    p.stderr.on('data', (b: Buffer) => {
      err += b.toString();
      if (err.includes('listening on')) {
        clearTimeout(t);
        resolve();
      }
    });
    p.on('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`tcpdump in ${ns} exited (${code}): ${err}`));
    });
  });
  return {
    stop: () =>
      new Promise((resolve) => {
        const done = () => resolve(out.split('\n').filter(Boolean));
        if (p.exitCode !== null) return done();
        p.once('exit', done);
        setTimeout(() => p.kill('SIGINT'), 300); // let in-flight packets arrive
      }),
  };
}
