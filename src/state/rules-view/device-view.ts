/**
 * What the Rules panel shows for one device: the output of `iptables-save`, `ip rule show`,
 * `ip route show table all` (run with the engine's own tools, as `natlab exec` runs them) and the
 * device's sysctls, each line with the field that produced it, its tokens and — for an iptables rule —
 * its plain-language sentence. Computed once per compiled network (a drag reuses it).
 */
import { ruleSentence } from '../../engine/explain/rule-sentence.ts';
import type { LabDocument } from '../../engine/lab/format.ts';
import type { Provenance } from '../../engine/lab/compile.ts';
import type { Device } from '../../engine/model/device.ts';
import type { Network } from '../../engine/model/network.ts';
import { routeGet } from '../../engine/routing/route-get.ts';
import { execCommand } from '../../engine/tools/exec.ts';
import { explainLines, explainSysctls, type ExplainedLine } from '../../engine/tools/explain.ts';
import { tokenize, type Syntax, type Token } from './tokenize.ts';

export type SectionId = 'iptables' | 'rules' | 'routes' | 'sysctls';

export interface RulesLine {
  readonly text: string;
  readonly path?: string;
  /** For an iptables rule: what it does, in one sentence. */
  readonly sentence?: string;
  readonly tokens: readonly Token[];
}

export interface RulesSection {
  readonly id: SectionId;
  /** The command whose output this is (`iptables-save`). */
  readonly command: string;
  readonly lines: readonly RulesLine[];
  /** What to say when the command prints nothing. */
  readonly empty: string;
}

export interface DeviceView {
  readonly id: string;
  readonly sections: readonly RulesSection[];
}

/** What the view is computed from: the parts of the derived lab that belong together. */
export interface CompiledLab {
  readonly network: Network;
  readonly provenance: Provenance;
  /** The compiled (expanded) document: its `devices[docIndex].sysctls` are the device's written ones. */
  readonly expanded?: LabDocument;
}

const COMMANDS: readonly (readonly [SectionId, readonly string[], Syntax, string])[] = [
  ['iptables', ['iptables-save'], 'iptables', 'No iptables rules: iptables-save prints nothing.'],
  ['rules', ['ip', 'rule', 'show'], 'ip-rule', 'No policy rules.'],
  ['routes', ['ip', 'route', 'show', 'table', 'all'], 'ip-route', 'No routes.'],
];

function toLine(l: ExplainedLine, syntax: Syntax): RulesLine {
  return {
    text: l.text,
    ...(l.path !== undefined ? { path: l.path } : {}),
    ...(l.rule ? { sentence: ruleSentence(l.rule.table, l.rule.chain, l.rule.rule) } : {}),
    tokens: tokenize(syntax, l.text),
  };
}

function computeView(lab: CompiledLab, device: Device, allSysctls: boolean): DeviceView {
  const sections: RulesSection[] = COMMANDS.map(([id, argv, syntax, empty]) => {
    const out = execCommand(lab.network, device.id, argv, { routeGet });
    const r = explainLines(device, argv, out.stdout, lab.provenance);
    const lines = r.ok ? r.lines : [{ text: out.stdout }];
    return { id, command: argv.join(' '), lines: lines.map((l) => toLine(l, syntax)), empty };
  });
  const written = lab.expanded?.devices[device.docIndex]?.sysctls;
  const sysctls = explainSysctls(device, written, lab.provenance.design, allSysctls);
  sections.push({
    id: 'sysctls',
    command: allSysctls ? 'sysctl (every modelled net.ipv4 key)' : 'sysctl (the keys the lab sets)',
    lines: sysctls.map((l) => toLine(l, 'sysctl')),
    empty: 'No sysctls.',
  });
  return { id: device.id, sections };
}

const cache = new WeakMap<Network, Map<string, DeviceView>>();

/** The view of device `id` (undefined when the network has no such device), memoized per network. */
export function deviceView(lab: CompiledLab, id: string, allSysctls = false): DeviceView | undefined {
  const device = lab.network.byId.get(id);
  if (!device) return undefined;
  let views = cache.get(lab.network);
  if (!views) cache.set(lab.network, (views = new Map()));
  const key = `${allSysctls ? 'all' : 'set'}:${id}`;
  let v = views.get(key);
  if (!v) views.set(key, (v = computeView(lab, device, allSysctls)));
  return v;
}
