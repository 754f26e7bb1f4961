import { issueText } from '../lab/issues.ts';

/** Problems found while importing a lab script: where (1-based line), which command, and what. */
export interface ScriptIssue {
  readonly line: number;
  /** The command as written (continuation lines joined, clipped), or '' for the script as a whole. */
  readonly command: string;
  readonly message: string;
}

/** Longest command text an issue carries. */
export const MAX_COMMAND_TEXT = 160;

/** A command's source text on one line: continuations joined, blanks collapsed, invisible characters shown. */
export function commandText(src: string): string {
  const one = src
    .replace(/\\\r?\n/g, ' ')
    .replace(/[ \t\n]+/g, ' ')
    .replace(/^ | $/g, '');
  return issueText(one, MAX_COMMAND_TEXT);
}

/** A command handler's refusal: `kernel` when the real tool or kernel would refuse it too. */
export class CommandFailure extends Error {
  constructor(
    message: string,
    readonly kind: 'kernel' | 'unsupported' = 'unsupported',
    /** Failing changes nothing and is the usual clean-up idiom (`ip netns del X 2>/dev/null`). */
    readonly harmless = false,
  ) {
    super(message);
  }
}

/** Throws a refusal the real kernel or tool would also give (the script itself would fail here). */
export function kernelRefuses(message: string): never {
  throw new CommandFailure(message, 'kernel');
}

/** Throws a refusal of something natlab cannot import. */
export function unsupported(message: string): never {
  throw new CommandFailure(message, 'unsupported');
}
