/** The console tests' labs (the example labs, compiled) and a console session over one of them. */
import { readFileSync } from 'node:fs';
import type { LabDocument } from '../lab/format.ts';
import type { Network } from '../model/network.ts';
import { routeGet } from '../routing/route-get.ts';
import { SimState } from '../sim/state.ts';
import { compileOrThrow } from '../testing/kernel-lab.ts';
import { execCommand, type CommandOutput } from './exec.ts';

export function exampleLab(name: string): Network {
  const url = new URL(`../../../public/labs/${name}.lab.json`, import.meta.url);
  return compileOrThrow(JSON.parse(readFileSync(url, 'utf8')) as LabDocument);
}

/** One console: a lab and its running state, shared by the commands typed into it. */
export class ConsoleSession {
  readonly state = new SimState();
  constructor(readonly net: Network) {}

  run(device: string, line: string): CommandOutput {
    return execCommand(this.net, device, line.split(' ').filter(Boolean), { routeGet, state: this.state });
  }
}
