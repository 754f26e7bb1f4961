/** The CLI's contact with the outside world, injectable so tests run commands in-process. */
import { readFileSync } from 'node:fs';

export interface CliIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly readFile: (path: string) => string;
  readonly now: () => Date;
}

export const processIo: CliIo = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  readFile: (p) => readFileSync(p, 'utf8'),
  now: () => new Date(),
};

/** Exit codes: 0 answered, 1 the lab (or its input) is invalid, 2 usage. */
export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

export class UsageError extends Error {}
