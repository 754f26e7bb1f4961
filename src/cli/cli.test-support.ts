/** Runs the CLI in-process with captured output and an in-memory file overlay, for the CLI tests. */
import { readFileSync } from 'node:fs';
import type { CliIo } from './io.ts';
import { main } from './main.ts';

export const SEED = 'public/labs/surebackup-basic.lab.json';
/** The seed lab drawn by hand (the appliance `vlab` written out): for variants that edit the appliance. */
export const DRAWN_SEED = 'src/engine/testing/fixtures/surebackup-drawn.lab.json';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function io(files: Record<string, string>) {
  const out = { stdout: '', stderr: '' };
  const io: CliIo = {
    stdout: (s) => (out.stdout += s),
    stderr: (s) => (out.stderr += s),
    readFile: (p) => (p in files ? files[p]! : readFileSync(new URL(`../../${p}`, import.meta.url), 'utf8')),
    now: () => new Date(2026, 10, 21, 11, 19, 36),
  };
  return { io, out };
}

/** A synchronous command (trace, exec, check, export…). */
export function cli(argv: string[], files: Record<string, string> = {}): CliRun {
  const { io: i, out } = io(files);
  const code = main(argv, i);
  if (typeof code !== 'number') throw new Error(`natlab ${argv[0]} is asynchronous: use cliAsync`);
  return { code, ...out };
}

/** Any command, awaited (verify is asynchronous). */
export async function cliAsync(argv: string[], files: Record<string, string> = {}): Promise<CliRun> {
  const { io: i, out } = io(files);
  const code = await main(argv, i);
  return { code, ...out };
}

/** The drawn seed lab as a mutable object, for variants of its appliance. */
export function seedDoc(): {
  devices: { id: string; sysctls?: Record<string, number>; [k: string]: unknown }[];
  [k: string]: unknown;
} {
  return JSON.parse(readFileSync(new URL(`../../${DRAWN_SEED}`, import.meta.url), 'utf8'));
}
