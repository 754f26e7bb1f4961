import { parseArgs } from 'node:util';
import { EXPORT_FORMATS, exportLab, isExportFormat } from '../../engine/export/formats.ts';
import { markdownReport } from '../../engine/export/markdown-report.ts';
import { resolvedIsolated, veeamPowerShell } from '../../engine/export/veeam-powershell.ts';
import { lintLab } from '../../engine/vlab/lint/index.ts';
import { EXIT, UsageError, type CliIo } from '../io.ts';
import { readLab, readLabLoaded } from '../load-lab.ts';

export const EXPORT_HELP = `usage: natlab export LAB [--format FORMAT] [--device ID] [--prefix P]

Prints the lab, or one device of it, in another form (docs/export-formats.md):
  netns-script    a bash script that builds the whole lab in network namespaces (run it as root;
                  run it with --down to tear the lab down again). Namespaces are named PREFIX+id
                  (--prefix, default "nl-"). Every modelled sysctl is set explicitly; only validated
                  names reach the shell. The default format.
per device (--device ID is required):
  iptables-save   the ruleset as iptables-save prints it on the device (for iptables-restore)
  nft             the ruleset as an nft -f file in native nft syntax, tables and chains as
                  iptables-nft installs them; rules nft cannot express exactly are kept as
                  "# untranslatable:" comments and reported on stderr
  ip              a bash script of ip and sysctl commands: links up, addresses, sysctls that
                  differ from a fresh namespace, policy rules, routes of every table, proxy ARP
  ifupdown        Debian /etc/network/interfaces stanzas with up/down lines
  linux-routes    the routes as ip route add lines
  windows-routes  the routes as Windows "route -p add" commands; what Windows cannot express
                  is listed in rem comments and reported on stderr
of the virtual-lab design (labs with "virtualLabs"):
  markdown        a design report: network parameters, production/isolated/masquerade networks,
                  static mappings, the routes clients need, every line the appliance gets with
                  a plain-language sentence and the design field behind it, and lint problems
  veeam-powershell  the Veeam Backup & Replication cmdlets that create the designed virtual lab
of any lab:
  json            the lab document, migrated to the current schema version and checked
  json-expanded   the lab as compiled: virtual-lab designs expanded into the appliance, the
                  isolated segments and the clients' routes (a drawn lab without virtualLabs)

exit status: 0 ok, 1 the lab is invalid, 2 usage error (also: no or unknown --device)
`;

const DESIGN_FORMATS = ['markdown', 'veeam-powershell'] as const;
const DOC_FORMATS = ['json', 'json-expanded'] as const;
const NAMES = [...EXPORT_FORMATS.map((f) => f.name), ...DESIGN_FORMATS, ...DOC_FORMATS];

function designExport(io: CliIo, file: string, format: (typeof DESIGN_FORMATS)[number]): number {
  const r = readLabLoaded(io, file);
  if (!r) return EXIT.invalid;
  const labs = r.doc.virtualLabs ?? [];
  if (!r.design || labs.length === 0)
    throw new UsageError(
      `--format ${format}: this lab has no virtual-lab design ("virtualLabs", docs/lab-format.md)`,
    );
  if (format === 'markdown') {
    const lint = lintLab({ doc: r.doc, network: r.network, provenance: r.provenance, design: r.design });
    io.stdout(markdownReport(r.doc, r.design, lint));
    return EXIT.ok;
  }
  const names = new Map(r.doc.segments.map((s) => [s.id, s.name ?? s.id]));
  const out: string[] = [];
  for (let li = 0; li < labs.length; li++) {
    const gw = r.design.proposals.find((p) => p.path === `virtualLabs[${li}].appliance.gateway`)?.value;
    const ps = veeamPowerShell({
      lab: labs[li]!,
      isolated: resolvedIsolated(r.doc, r.design, li),
      segmentNames: names,
      ...((labs[li]!.appliance.gateway ?? gw)
        ? { applianceGateway: (labs[li]!.appliance.gateway ?? gw)! }
        : {}),
    });
    if (!ps.ok) throw new UsageError(`--format ${format}: virtualLabs[${li}]: ${ps.error}`);
    out.push(ps.value);
  }
  io.stdout(out.join('\n'));
  return EXIT.ok;
}

export function exportCommand(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      device: { type: 'string' },
      prefix: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(EXPORT_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('natlab export needs exactly one LAB file');
  const format = values.format ?? 'netns-script';
  if ((DOC_FORMATS as readonly string[]).includes(format)) {
    if (values.device !== undefined || values.prefix !== undefined)
      throw new UsageError(`--format ${format} exports the whole lab: no --device or --prefix`);
    const r = readLabLoaded(io, positionals[0]!);
    if (!r) return EXIT.invalid;
    io.stdout(`${JSON.stringify(format === 'json' ? r.doc : r.expanded, null, 2)}\n`);
    return EXIT.ok;
  }
  if ((DESIGN_FORMATS as readonly string[]).includes(format)) {
    if (values.device !== undefined || values.prefix !== undefined)
      throw new UsageError(`--format ${format} exports the whole design: no --device or --prefix`);
    return designExport(io, positionals[0]!, format as (typeof DESIGN_FORMATS)[number]);
  }
  if (!isExportFormat(format))
    throw new UsageError(`--format ${format}: expected one of ${NAMES.join(', ')}`);
  const perDevice = EXPORT_FORMATS.find((f) => f.name === format)!.perDevice;
  if (values.prefix !== undefined && format !== 'netns-script')
    throw new UsageError(`--prefix applies to --format netns-script only, not ${format}`);
  if (values.device !== undefined && !perDevice)
    throw new UsageError(
      `--device applies to the per-device formats, not ${format} (it exports the whole lab)`,
    );
  const net = readLab(io, positionals[0]!);
  if (!net) return EXIT.invalid;
  const r = exportLab(net, format, {
    ...(values.device !== undefined ? { device: values.device } : {}),
    ...(values.prefix !== undefined ? { prefix: values.prefix } : {}),
  });
  if (!r.ok) throw new UsageError(`--format ${format}: ${r.error}`);
  io.stdout(r.value.text);
  for (const w of r.value.warnings) io.stderr(`natlab: warning: ${w}\n`);
  return EXIT.ok;
}
