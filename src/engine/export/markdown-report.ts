/**
 * `natlab export --format markdown`: a design report of a virtual lab, with the tables of seed 000
 * (network parameters; production ↔ isolated ↔ masquerade; static mappings), the routes the backup
 * server and the clients need, and every line the appliance gets — iptables rules, `ip rule`s,
 * routes, sysctls — each with a plain-language sentence and the design field that produced it.
 * Input: the lab document, its `compileDesign` result (expanded document and provenance), and
 * optionally the linter's diagnostics.
 */
import { formatIpv4, inPrefix, maskOf, networkOf, parseCidr, parseIpv4 } from '../addr/ipv4.ts';
import { ruleSentence } from '../explain/rule-sentence.ts';
import type { ChainDoc, DeviceDoc, LabDocument, RouteDoc, RuleDoc } from '../lab/format.ts';
import type { TableName } from '../model/netfilter.ts';
import { parseRule } from '../netfilter/parse-rule.ts';
import type { DesignResult } from '../vlab/compile-design.ts';
import type { VirtualLabDesign } from '../vlab/design.ts';

export interface ReportDiagnostic {
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly paths: readonly string[];
}

/** Text for a table cell: no pipe, line break or HTML reaches the rendered page. */
export function cell(text: string | number | undefined | null): string {
  if (text === undefined || text === null || text === '') return '—';
  return String(text)
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/`/g, '\\`');
}

/** Inline code: the text in a code span that no backtick inside can close. */
function code(text: string): string {
  const flat = text.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/\|/g, '\\|');
  const fence = flat.includes('`') ? '``' : '`';
  return `${fence}${fence === '``' ? ' ' : ''}${flat}${fence === '``' ? ' ' : ''}${fence}`;
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

const TABLE_ORDER: readonly TableName[] = ['raw', 'mangle', 'nat', 'filter', 'security'];

function chainRules(c: ChainDoc): readonly string[] {
  return Array.isArray(c) ? (c as readonly string[]) : ((c as { rules?: readonly string[] }).rules ?? []);
}

function routeText(r: RouteDoc): string {
  return [
    r.type && r.type !== 'unicast' ? r.type : '',
    r.to,
    r.via ? `via ${r.via}` : '',
    r.dev ? `dev ${r.dev}` : '',
    r.src ? `src ${r.src}` : '',
    r.metric !== undefined ? `metric ${r.metric}` : '',
    r.table !== undefined && r.table !== 'main' ? `table ${r.table}` : '',
    r.onlink ? 'onlink' : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function ruleText(r: RuleDoc): string {
  return [
    r.pref !== undefined ? `pref ${r.pref}` : '',
    r.not ? 'not' : '',
    r.from ? `from ${r.from}` : '',
    r.to ? `to ${r.to}` : '',
    r.iif ? `iif ${r.iif}` : '',
    r.oif ? `oif ${r.oif}` : '',
    r.fwmark !== undefined ? `fwmark ${r.fwmark}` : '',
    r.ipproto !== undefined ? `ipproto ${r.ipproto}` : '',
    r.dport !== undefined ? `dport ${r.dport}` : '',
    r.action && r.action !== 'lookup' ? r.action : r.table !== undefined ? `lookup ${r.table}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function ruleMeaning(r: RuleDoc): string {
  const sel: string[] = [];
  if (r.fwmark !== undefined) {
    const [v, m] = String(r.fwmark).split('/');
    sel.push(
      m ? `whose fwmark has the bits ${m} equal to ${v} (mark & ${m} == ${v} & ${m})` : `with fwmark ${v}`,
    );
  }
  if (r.from) sel.push(`from ${r.from}`);
  if (r.to) sel.push(`to ${r.to}`);
  if (r.iif) sel.push(`arriving on ${r.iif}`);
  if (r.oif) sel.push(`sent by sockets bound to ${r.oif}`);
  const who = sel.length ? `Packets ${sel.join(', ')}` : 'All packets';
  const what =
    r.action && r.action !== 'lookup'
      ? r.action === 'goto'
        ? `jump to rule ${r.goto}`
        : `are refused (${r.action})`
      : `are routed by table ${r.table}; if it has no route, the next rule is tried`;
  return `${r.not ? 'Unless matched: ' : ''}${who} ${what}.`;
}

const SYSCTL_MEANING: Record<string, string> = {
  'net.ipv4.ip_forward': 'forwarding between interfaces on (1) or off (0)',
  rp_filter: 'reverse-path filter: 0 off, 1 strict, 2 loose',
  proxy_arp: 'answer ARP for addresses routed through another interface',
  arp_ignore: '1: answer ARP only for addresses of the interface asked',
  accept_local: 'accept packets whose source is one of our own addresses',
};

function sysctlMeaning(name: string): string {
  if (SYSCTL_MEANING[name]) return SYSCTL_MEANING[name];
  const last = name.split('.').pop()!;
  return SYSCTL_MEANING[last] ?? '';
}

function keyPath(name: string): string {
  return `[${JSON.stringify(name)}]`;
}

/** The example the seed draws: the production gateway (or the vNIC) as reached from production. */
function example(prefixText: string, masqText: string, vnic: string): string {
  const p = parseCidr(prefixText);
  const m = parseCidr(masqText);
  const v = parseIpv4(vnic.split('/')[0]!);
  if (!p.ok || !m.ok || !v.ok || !inPrefix(v.value, p.value)) return '—';
  const host = v.value & ~maskOf(p.value.len);
  const masqAddr = (networkOf(m.value) | host) >>> 0;
  return `${formatIpv4(masqAddr)} → ${formatIpv4(v.value)}`;
}

function labSection(
  doc: LabDocument,
  design: DesignResult,
  lab: VirtualLabDesign,
  li: number,
  lint: readonly ReportDiagnostic[],
): string[] {
  const lp = `virtualLabs[${li}]`;
  const expanded = design.doc;
  const proposed = new Map(design.proposals.map((p) => [p.path, p]));
  const segName = (id: string) => doc.segments.find((s) => s.id === id)?.name ?? id;
  const mark = (path: string, value: string | undefined): string => {
    const p = proposed.get(path);
    if (p) return `${cell(p.value)} _(proposed)_`;
    return cell(value);
  };
  const out: string[] = [];
  out.push(`## Virtual lab ${cell(lab.name)}`, '', `Networking mode: **${lab.mode}**.`, '');

  const a = lab.appliance;
  out.push('### Proxy appliance', '');
  out.push(
    ...table(
      ['Setting', 'Value'],
      [
        ['Name', cell(a.name ?? a.id)],
        ['Production network', cell(segName(a.productionNetwork))],
        ['IP address', cell(a.ip)],
        ['Default gateway', mark(`${lp}.appliance.gateway`, a.gateway)],
        ['DNS', cell((a.dns ?? []).join(', '))],
        [
          'Internet proxy',
          a.internetProxy
            ? `on, port ${a.internetProxy.port ?? 8080}${a.internetProxy.productionProxy ? `, via ${cell(a.internetProxy.productionProxy)}` : ''}`
            : 'off',
        ],
        ['Routing between vNICs', a.routingBetweenVnics ? 'on' : 'off'],
        ['Backup server', cell(lab.backupServer)],
      ],
    ),
    '',
  );

  out.push('### Isolated networks (production ↔ isolated ↔ masquerade)', '');
  out.push(
    ...table(
      [
        'Production network',
        'Subnet',
        'Isolated network',
        'VLAN',
        'vNIC (appliance)',
        'Masquerade network',
        'Example (masquerade → lab)',
        'DHCP',
        'DNS',
      ],
      lab.isolatedNetworks.map((n, i) => {
        const np = `${lp}.isolatedNetworks[${i}]`;
        const seg = doc.segments.find((s) => s.id === n.productionNetwork);
        const vnic = proposed.get(`${np}.vnicIp`)?.value ?? n.vnicIp ?? '';
        const masq = proposed.get(`${np}.masquerade`)?.value ?? n.masquerade ?? '';
        return [
          cell(segName(n.productionNetwork)),
          cell(seg?.subnet),
          cell(n.name),
          cell(n.vlan),
          mark(`${np}.vnicIp`, n.vnicIp),
          mark(`${np}.masquerade`, n.masquerade),
          seg?.subnet ? cell(example(seg.subnet, masq, vnic)) : '—',
          n.dhcp ? 'on' : 'off',
          cell((n.dns ?? []).join(', ')),
        ];
      }),
    ),
    '',
  );

  const maps = lab.staticMappings ?? [];
  if (maps.length) {
    out.push('### Static IP mappings', '');
    out.push(
      ...table(
        ['Production network', 'Isolated IP', 'Access IP', 'Note'],
        maps.map((m) => [
          cell(segName(m.productionNetwork)),
          cell(m.isolatedIp),
          cell(m.accessIp),
          cell(m.note),
        ]),
      ),
      '',
    );
  }

  const needed = design.neededRoutes.filter((r) => r.path.startsWith(lp));
  if (needed.length) {
    out.push('### Routes production machines need', '');
    out.push(
      ...table(
        ['Device', 'Route', 'Who adds it', 'Why'],
        needed.map((r) => [
          cell(r.device),
          code(routeText(r.route)),
          r.kind === 'backup-server'
            ? 'Veeam, at job start'
            : lab.clientRoutes === 'add'
              ? 'natlab (design: add client routes)'
              : 'you',
          cell(r.why),
        ]),
      ),
      '',
    );
  }

  // the appliance, line by line
  const di = expanded.devices.findIndex((d) => d.id === a.id);
  const dev: DeviceDoc | undefined = expanded.devices[di];
  if (dev) {
    const from = (path: string) => {
      const p = design.provenance.get(`devices[${di}].${path}`);
      return p ? code(p) : '—';
    };
    out.push(`### What the appliance (${cell(dev.id)}) is configured with`, '');
    const iptRows: string[][] = [];
    for (const t of TABLE_ORDER) {
      const chains = dev.iptables?.[t];
      if (!chains) continue;
      for (const [chain, c] of Object.entries(chains)) {
        chainRules(c).forEach((text, i) => {
          const r = parseRule(text, { table: t, chain });
          iptRows.push([
            code(`-t ${t} -A ${chain} ${text}`),
            r.ok ? cell(ruleSentence(t, chain, r.value)) : cell(`(not parsed: ${r.error.message})`),
            from(`iptables.${t}.${chain}[${i}]`),
          ]);
        });
      }
    }
    if (iptRows.length) out.push('**iptables**', '', ...table(['Rule', 'What it does', 'From'], iptRows), '');
    const rules = dev.rules ?? [];
    if (rules.length)
      out.push(
        '**ip rule**',
        '',
        ...table(
          ['Rule', 'What it does', 'From'],
          rules.map((r, i) => [code(ruleText(r)), cell(ruleMeaning(r)), from(`rules[${i}]`)]),
        ),
        '',
      );
    const routes = dev.routes ?? [];
    if (routes.length)
      out.push(
        '**ip route**',
        '',
        ...table(
          ['Route', 'From'],
          routes.map((r, i) => [code(routeText(r)), from(`routes[${i}]`)]),
        ),
        '',
      );
    const sysctls = Object.entries(dev.sysctls ?? {});
    if (sysctls.length)
      out.push(
        '**sysctl**',
        '',
        ...table(
          ['Setting', 'Meaning', 'From'],
          sysctls.map(([k, v]) => [code(`${k}=${v}`), cell(sysctlMeaning(k)), from(`sysctls${keyPath(k)}`)]),
        ),
        '',
      );
  }

  const mine = lint.filter((d) => d.paths.some((p) => p.startsWith(lp)));
  out.push('### Problems', '');
  if (mine.length === 0) out.push('None found by `natlab lint`.', '');
  else
    out.push(
      ...table(
        ['Severity', 'Code', 'Problem', 'Where'],
        mine.map((d) => [d.severity, d.code, cell(d.message), d.paths.map(code).join(', ')]),
      ),
      '',
    );
  return out;
}

export function markdownReport(
  doc: LabDocument,
  design: DesignResult,
  lint: readonly ReportDiagnostic[] = [],
): string {
  const out: string[] = [`# ${cell(doc.name)}`, ''];
  if (doc.description) out.push(cell(doc.description), '');
  const prod = doc.segments.filter((s) => s.kind === 'production');
  if (prod.length) {
    out.push('## Network parameters', '');
    out.push(
      ...table(
        ['Production network', 'VLAN', 'Subnet', 'Gateway', 'DNS'],
        prod.map((s) => [
          cell(s.name ?? s.id),
          cell(s.vlan),
          cell(s.subnet),
          cell(s.gateway),
          cell((s.dns ?? []).join(', ')),
        ]),
      ),
      '',
    );
  }
  const labs = doc.virtualLabs ?? [];
  labs.forEach((lab, i) => out.push(...labSection(doc, design, lab, i, lint)));
  if (labs.length === 0)
    out.push('This lab has no virtual-lab design (`virtualLabs`): nothing to report.', '');
  const other = lint.filter((d) => !d.paths.some((p) => p.startsWith('virtualLabs[')));
  if (other.length) {
    out.push('## Other problems', '');
    out.push(
      ...table(
        ['Severity', 'Code', 'Problem', 'Where'],
        other.map((d) => [d.severity, d.code, cell(d.message), d.paths.map(code).join(', ')]),
      ),
      '',
    );
  }
  return `${out.join('\n').trimEnd()}\n`;
}
