/**
 * The production build the UI benchmarks measure: `vite build` into a temporary folder, served by
 * `vite preview` on a port of its own, and Debian's Chromium driven by Playwright (as e2e does).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser } from '@playwright/test';

export const UI_BENCH_PORT = 5194;
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DIST = path.join(os.tmpdir(), 'natlab-bench-dist');
const VITE = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');

/** Builds the app for production into {@link DIST} (quiet); unminified for readable profiles. */
export async function buildApp(opts: { minify?: boolean } = {}): Promise<void> {
  const minify = opts.minify === false ? ['--minify', 'false'] : [];
  await promisify(execFile)(
    process.execPath,
    [VITE, 'build', '--outDir', DIST, '--emptyOutDir', '--logLevel', 'error', ...minify],
    { cwd: ROOT, maxBuffer: 16 << 20 },
  );
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export interface Preview {
  readonly url: string;
  stop(): Promise<void>;
}

/** `vite preview` of {@link DIST}; resolves once the port answers. */
export async function startPreview(port = UI_BENCH_PORT): Promise<Preview> {
  if (await portOpen(port)) throw new Error(`port ${port} is already in use: is another UI bench running?`);
  const child: ChildProcess = spawn(
    process.execPath,
    [VITE, 'preview', '--outDir', DIST, '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    await Promise.race([gone, new Promise((r) => setTimeout(r, 3000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const deadline = Date.now() + 30_000;
  while (!(await portOpen(port))) {
    if (child.exitCode !== null) throw new Error(`vite preview exited (${child.exitCode}): ${stderr}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`vite preview did not open port ${port} in 30 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: `http://127.0.0.1:${port}`, stop };
}

export const VIEWPORT = { width: 1600, height: 1000 } as const;

/** Debian's Chromium, headless, as playwright.config.ts launches it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
