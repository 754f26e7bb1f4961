/**
 * Every format `natlab export` offers, for the Export dialog — computed by the same engine functions
 * the CLI calls (src/cli/commands/export.ts), so the text is the CLI's byte for byte — plus the
 * drawing of the lab as SVG (src/state/svg). Pure: no React, no DOM.
 */
import type { LabDocument } from '../../engine/lab/format.ts';
import { EXPORT_FORMATS, exportLab, type ExportFormat } from '../../engine/export/formats.ts';
import { markdownReport } from '../../engine/export/markdown-report.ts';
import { resolvedIsolated, veeamPowerShell } from '../../engine/export/veeam-powershell.ts';
import { lintLab } from '../../engine/vlab/lint/index.ts';
import type { Derived } from '../../state/derive.ts';
import { labSvg } from '../../state/svg/lab-svg.ts';

export type TextFormat = ExportFormat | 'markdown' | 'veeam-powershell' | 'json' | 'json-expanded' | 'svg';
export type FormatId = TextFormat | 'png';

export type FormatGroup = 'Whole lab' | 'One device' | 'Virtual-lab design' | 'Image';

export interface FormatDef {
  readonly id: FormatId;
  readonly label: string;
  readonly group: FormatGroup;
  readonly perDevice: boolean;
  /** What it is made from: the document alone, the compiled lab, or the compiled virtual-lab design. */
  readonly needs: 'doc' | 'network' | 'design';
  readonly summary: string;
  readonly mime: string;
  /** The download's file name for lab slug `lab` and device slug `device`. */
  file(lab: string, device: string): string;
}

const summaryOf = (name: ExportFormat) => EXPORT_FORMATS.find((f) => f.name === name)!.summary;

export const FORMATS: readonly FormatDef[] = [
  {
    id: 'netns-script',
    label: 'Namespace script (bash)',
    group: 'Whole lab',
    perDevice: false,
    needs: 'network',
    summary: `${summaryOf('netns-script')}; run it as root, run it with --down to tear the lab down again`,
    mime: 'text/x-shellscript',
    file: (lab) => `${lab}.sh`,
  },
  {
    id: 'json',
    label: 'Lab file (.lab.json)',
    group: 'Whole lab',
    perDevice: false,
    needs: 'doc',
    summary: 'the lab document as you edit it, to open again in natlab or to use with the natlab CLI',
    mime: 'application/json',
    file: (lab) => `${lab}.lab.json`,
  },
  {
    id: 'json-expanded',
    label: 'Lab file, expanded',
    group: 'Whole lab',
    perDevice: false,
    needs: 'network',
    summary:
      'the lab as compiled: virtual-lab designs expanded into the appliance, the isolated networks and the clients’ routes',
    mime: 'application/json',
    file: (lab) => `${lab}.expanded.lab.json`,
  },
  {
    id: 'iptables-save',
    label: 'iptables-save',
    group: 'One device',
    perDevice: true,
    needs: 'network',
    summary: `${summaryOf('iptables-save')} (load it with iptables-restore)`,
    mime: 'text/plain',
    file: (lab, d) => `${lab}-${d}.iptables-save`,
  },
  {
    id: 'nft',
    label: 'nft ruleset',
    group: 'One device',
    perDevice: true,
    needs: 'network',
    summary: `${summaryOf('nft')}; rules nft cannot express exactly are kept as “# untranslatable:” comments`,
    mime: 'text/plain',
    file: (lab, d) => `${lab}-${d}.nft`,
  },
  {
    id: 'ip',
    label: 'ip commands (bash)',
    group: 'One device',
    perDevice: true,
    needs: 'network',
    summary: `${summaryOf('ip')}: links, addresses, sysctls, policy rules, routes of every table, proxy ARP`,
    mime: 'text/x-shellscript',
    file: (lab, d) => `${lab}-${d}.sh`,
  },
  {
    id: 'ifupdown',
    label: '/etc/network/interfaces',
    group: 'One device',
    perDevice: true,
    needs: 'network',
    summary: `${summaryOf('ifupdown')} with up/down lines`,
    mime: 'text/plain',
    file: (lab, d) => `${lab}-${d}.interfaces`,
  },
  {
    id: 'linux-routes',
    label: 'Linux routes',
    group: 'One device',
    perDevice: true,
    needs: 'network',
    summary: summaryOf('linux-routes'),
    mime: 'text/x-shellscript',
    file: (lab, d) => `${lab}-${d}.routes.sh`,
  },
  {
    id: 'windows-routes',
    label: 'Windows routes',
    group: 'One device',
    perDevice: true,
    needs: 'network',
    summary: `${summaryOf('windows-routes')}; what Windows cannot express is listed in rem comments`,
    mime: 'text/plain',
    file: (lab, d) => `${lab}-${d}.routes.cmd`,
  },
  {
    id: 'markdown',
    label: 'Design report (Markdown)',
    group: 'Virtual-lab design',
    perDevice: false,
    needs: 'design',
    summary:
      'network parameters, production, isolated and masquerade networks, static mappings, the routes clients need, every appliance line explained, lint problems',
    mime: 'text/markdown',
    file: (lab) => `${lab}.md`,
  },
  {
    id: 'veeam-powershell',
    label: 'Veeam PowerShell',
    group: 'Virtual-lab design',
    perDevice: false,
    needs: 'design',
    summary: 'the Veeam Backup & Replication cmdlets that create the designed virtual lab',
    mime: 'text/plain',
    file: (lab) => `${lab}.ps1`,
  },
  {
    id: 'svg',
    label: 'Drawing (SVG)',
    group: 'Image',
    perDevice: false,
    needs: 'doc',
    summary: 'a clean vector drawing of the lab, made from its layout',
    mime: 'image/svg+xml',
    file: (lab) => `${lab}.svg`,
  },
  {
    id: 'png',
    label: 'Canvas picture (PNG)',
    group: 'Image',
    perDevice: false,
    needs: 'doc',
    summary: 'the whole canvas as a picture, as you see it',
    mime: 'image/png',
    file: (lab) => `${lab}.png`,
  },
];

export const FORMAT_GROUPS: readonly FormatGroup[] = [
  'Whole lab',
  'One device',
  'Virtual-lab design',
  'Image',
];

export function formatDef(id: FormatId): FormatDef {
  return FORMATS.find((f) => f.id === id)!;
}

/** A file-name part: lower case letters, digits, dots and dashes; never empty. */
export function slug(text: string, fallback = 'lab'): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 60)
    .replace(/[-.]+$/, '');
  return s || fallback;
}

export function fileName(format: FormatId, doc: LabDocument, device: string | undefined): string {
  return formatDef(format).file(slug(doc.name), slug(device ?? '', 'device'));
}

export interface ExportInput {
  readonly doc: LabDocument;
  readonly derived: Pick<Derived, 'network' | 'provenance' | 'expanded' | 'design' | 'diagnostics'>;
}

export interface ExportOptions {
  readonly device?: string;
  /** Namespace prefix of the netns-script (the CLI's --prefix). */
  readonly prefix?: string;
  readonly theme?: 'light' | 'dark';
}

export type ExportOutcome =
  | { readonly ok: true; readonly text: string; readonly warnings: readonly string[] }
  | {
      readonly ok: false;
      /** not-compiled: the lab has errors (see the Problems panel); the rest: this lab cannot give it. */
      readonly kind: 'not-compiled' | 'no-design' | 'refused';
      readonly reason: string;
    };

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

function notCompiled(input: ExportInput): ExportOutcome {
  const n = input.derived.diagnostics.filter((d) => d.severity === 'error').length;
  return {
    ok: false,
    kind: 'not-compiled',
    reason: `This format is made from the compiled lab, and the lab does not compile${n ? ` (${plural(n, 'error')})` : ''}. Fix the errors listed in the Problems panel first.`,
  };
}

function designExport(input: ExportInput, format: 'markdown' | 'veeam-powershell'): ExportOutcome {
  const { doc, derived } = input;
  const labs = doc.virtualLabs ?? [];
  if (!labs.length)
    return {
      ok: false,
      kind: 'no-design',
      reason:
        'This lab has no virtual-lab design: the report and the Veeam PowerShell describe a designed virtual lab (start one with “New virtual lab”).',
    };
  const { network, provenance, design } = derived;
  if (!network || !provenance || !design) return notCompiled(input);
  if (format === 'markdown') {
    const lint = lintLab({ doc, network, provenance, design });
    return { ok: true, text: markdownReport(doc, design, lint), warnings: [] };
  }
  const names = new Map(doc.segments.map((s) => [s.id, s.name ?? s.id]));
  const out: string[] = [];
  for (let li = 0; li < labs.length; li++) {
    const gw =
      labs[li]!.appliance.gateway ??
      design.proposals.find((p) => p.path === `virtualLabs[${li}].appliance.gateway`)?.value;
    const ps = veeamPowerShell({
      lab: labs[li]!,
      isolated: resolvedIsolated(doc, design, li),
      segmentNames: names,
      ...(gw ? { applianceGateway: gw } : {}),
    });
    if (!ps.ok) return { ok: false, kind: 'refused', reason: `virtualLabs[${li}]: ${ps.error}` };
    out.push(ps.value);
  }
  return { ok: true, text: out.join('\n'), warnings: [] };
}

/** The lab (or one device of it) in a text format: the CLI's text, or why this lab cannot give it. */
export function exportText(input: ExportInput, format: TextFormat, opts: ExportOptions = {}): ExportOutcome {
  const { doc, derived } = input;
  switch (format) {
    case 'json':
      return { ok: true, text: `${JSON.stringify(doc, null, 2)}\n`, warnings: [] };
    case 'json-expanded':
      return derived.expanded && derived.network
        ? { ok: true, text: `${JSON.stringify(derived.expanded, null, 2)}\n`, warnings: [] }
        : notCompiled(input);
    case 'svg':
      return {
        ok: true,
        text: labSvg(doc, {
          ...(derived.expanded ? { expanded: derived.expanded } : {}),
          ...(opts.theme ? { theme: opts.theme } : {}),
        }),
        warnings: [],
      };
    case 'markdown':
    case 'veeam-powershell':
      return designExport(input, format);
    default: {
      if (!derived.network) return notCompiled(input);
      const r = exportLab(derived.network, format, {
        ...(opts.device !== undefined ? { device: opts.device } : {}),
        ...(opts.prefix !== undefined ? { prefix: opts.prefix } : {}),
      });
      return r.ok
        ? { ok: true, text: r.value.text, warnings: r.value.warnings }
        : { ok: false, kind: 'refused', reason: r.error };
    }
  }
}

export interface DeviceChoice {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
}

/** The compiled lab's devices (the design's appliance included), the appliance first as the default. */
export function exportDevices(derived: Pick<Derived, 'network'>): { list: DeviceChoice[]; dflt?: string } {
  const list = (derived.network?.devices ?? []).map((d) => ({ id: d.id, name: d.name, kind: d.kind }));
  const dflt = list.find((d) => d.kind === 'appliance')?.id ?? list[0]?.id;
  return dflt === undefined ? { list } : { list, dflt };
}
