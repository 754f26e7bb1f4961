/** Shared helpers of the virtual-lab compiler tests: the example labs and compiled devices. */
import { readFileSync } from 'node:fs';
import { compileLab } from '../lab/compile.ts';
import type { LabDocument } from '../lab/format.ts';
import type { Network } from '../model/network.ts';
import { execCommand } from '../tools/exec.ts';
import { routeGet } from '../routing/route-get.ts';

/** A lab of public/labs (`surebackup-basic`) as a lab value. */
export function publicLab(name: string): LabDocument {
  return JSON.parse(
    readFileSync(new URL(`../../../public/labs/${name}.lab.json`, import.meta.url), 'utf8'),
  ) as LabDocument;
}

/** The seed lab drawn by hand, the appliance `vlab` written out (what schema 1 had in public/labs). */
export function drawnSeed(): LabDocument {
  return JSON.parse(
    readFileSync(new URL('../testing/fixtures/surebackup-drawn.lab.json', import.meta.url), 'utf8'),
  ) as LabDocument;
}

/** The compiled network, or an exception listing the errors. */
export function network(doc: LabDocument): Network {
  const c = compileLab(doc);
  const errors = c.issues.filter((i) => i.severity === 'error');
  if (errors.length || !c.network) throw new Error(errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return c.network;
}

/** What a read-only tool prints on a device of the network. */
export function run(net: Network, device: string, ...argv: string[]): string {
  const r = execCommand(net, device, argv, { routeGet });
  if (r.code !== 0) throw new Error(`${argv.join(' ')} on ${device}: ${r.stderr}`);
  return r.stdout;
}

/** A design lab to vary: the document as plain JSON. */
export type Raw = ReturnType<typeof JSON.parse>;
export const raw = (doc: LabDocument): Raw => structuredClone(doc) as Raw;
