/** natlab's own console messages: what it refuses, and what it supports. */
import type { CommandOutput } from './ip-route-get.ts';

export const SUPPORTED = [
  'ip [-4] [-j [-p]] route [show|list] [table T|all] [dev D]',
  'ip [-j [-p]] route get ADDR [from A] [iif D] [oif D] [mark M]',
  'ip [-j [-p]] rule [show|list]',
  'ip [-4] [-j [-p]] addr [show|list] [[dev] D]',
  'iptables [-t TABLE] -S [CHAIN]',
  'iptables-save [-t TABLE]',
];

function supportedList(): string {
  return `natlab's console supports:\n${SUPPORTED.map((s) => `  ${s}\n`).join('')}`;
}

/** A command that would change the device: the console only reads. */
export function readOnly(argv: readonly string[]): CommandOutput {
  return {
    stdout: '',
    stderr: `natlab: "${argv.join(' ')}" would change the device, and natlab's console is read-only: edit the lab instead.\n${supportedList()}`,
    code: 2,
  };
}

/** A read-only command natlab does not simulate. */
export function unsupported(argv: readonly string[], why?: string): CommandOutput {
  return {
    stdout: '',
    stderr: `natlab: "${argv.join(' ')}" is not supported${why !== undefined ? ` (${why})` : ''}.\n${supportedList()}`,
    code: 2,
  };
}
