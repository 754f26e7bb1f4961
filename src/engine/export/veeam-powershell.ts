/**
 * `natlab export --format veeam-powershell`: the Veeam Backup & Replication PowerShell that recreates
 * a designed virtual lab (VMware): New-VBRViVirtualLabProxyAppliance, New-VBRViNetworkMappingRule,
 * New-VBRViVirtualLabNetworkOptions, New-VBRViVirtualLabIPMappingRule, then Add-VBRViAdvancedVirtualLab
 * (or Add-VBRViSimpleVirtualLab for the basic mode, whose network settings Veeam chooses itself).
 * Cmdlet syntax: Veeam PowerShell Reference (helpcenter.veeam.com/docs/vbr/powershell/…, VBR 12/13).
 *
 * natlab knows networks, not vSphere objects: the ESXi host, the datastore, the port group names
 * (taken from the segments' names) and the DVS are variables at the top that the user checks.
 * Every user-supplied text reaches the script only inside a single-quoted PowerShell literal (no
 * expansion), with every quote character PowerShell accepts as one (' and U+2018–U+201B) doubled.
 */
import { formatIpv4, maskOf, networkOf, parseCidr, parseIpv4 } from '../addr/ipv4.ts';
import { err, ok, type Result } from '../util/result.ts';
import type { LabDocument } from '../lab/format.ts';
import type { DesignResult } from '../vlab/compile-design.ts';
import type { IsolatedNetworkDesign, VirtualLabDesign } from '../vlab/design.ts';

/** An isolated network with the values the compiler settled (defaults and proposals applied). */
export interface ResolvedIsolatedNetwork extends IsolatedNetworkDesign {
  /** The appliance's vNIC address with prefix length: `192.168.149.2/24`. */
  readonly vnicIp: string;
  /** The masquerade network: `192.168.150.0/24`. */
  readonly masquerade: string;
}

export interface PowerShellInput {
  readonly lab: VirtualLabDesign;
  /** Index-aligned with `lab.isolatedNetworks`. */
  readonly isolated: readonly ResolvedIsolatedNetwork[];
  /** The appliance's default gateway as the compiler resolved it (design value or the network's). */
  readonly applianceGateway?: string;
  /** Port group names by segment id (default: the id). */
  readonly segmentNames: ReadonlyMap<string, string>;
}

/** A PowerShell single-quoted literal: nothing inside is expanded; quote characters are doubled. */
export function psQuote(text: string): string {
  return `'${text.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
}

/** Text for a `#` comment: no character that could end the line (or the comment) survives. */
export function commentSafe(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    out += c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029 ? ' ' : ch;
  }
  return out;
}

const dotted = (len: number) => formatIpv4(maskOf(len) >>> 0);

function address(text: string, what: string): Result<string> {
  const a = parseIpv4(text);
  return a.ok ? ok(formatIpv4(a.value)) : err(`${what}: ${a.error}`);
}

function withPrefix(text: string, what: string): Result<{ addr: string; mask: string; network: string }> {
  const c = parseCidr(text);
  if (!c.ok) return err(`${what}: ${c.error}`);
  return ok({
    addr: formatIpv4(c.value.addr),
    mask: dotted(c.value.len),
    network: formatIpv4(networkOf(c.value)),
  });
}

export function veeamPowerShell(input: PowerShellInput): Result<string> {
  const { lab } = input;
  const out: string[] = [];
  const problems: string[] = [];
  const need = <T>(r: Result<T>): T | null => {
    if (r.ok) return r.value;
    problems.push(r.error);
    return null;
  };
  const name = (segment: string) => input.segmentNames.get(segment) ?? segment;
  const advanced = lab.mode !== 'basic-single-host';

  out.push(
    `# Veeam Backup & Replication virtual lab "${commentSafe(lab.name)}", as designed in natlab`,
    '# (natlab export --format veeam-powershell). Run it in a Veeam PowerShell session on the backup',
    '# server. natlab knows networks, not vSphere objects: check the names below first.',
    '',
    `$esxiName = '<ESXi host>'          # the host the lab runs on (Get-VBRServer -Name)`,
    `$datastoreName = '<datastore>'     # where the proxy appliance is deployed`,
    ...(lab.mode === 'advanced-multi-host'
      ? [`$dvsName = '<distributed switch>'  # advanced multi-host: a DVS with working uplinks`]
      : []),
    '',
    '$esxi = Get-VBRServer -Name $esxiName',
    '$datastore = Find-VBRViDatastore -Server $esxi -Name $datastoreName',
    '$networks = Get-VBRViServerNetworkInfo -Server $esxi',
    ...(lab.mode === 'advanced-multi-host'
      ? ['$dvs = Get-VBRViVirtualSwitch -Server $esxi | Where-Object { $_.Name -eq $dvsName }']
      : []),
    '',
    '# production networks (port groups), by name',
  );
  const prodVar = new Map<string, string>();
  const prodNets = [
    lab.appliance.productionNetwork,
    ...lab.isolatedNetworks.map((n) => n.productionNetwork),
    ...(lab.staticMappings ?? []).map((m) => m.productionNetwork),
  ];
  for (const seg of prodNets) {
    if (prodVar.has(seg)) continue;
    const v = `$prod${prodVar.size + 1}`;
    prodVar.set(seg, v);
    out.push(`${v} = $networks | Where-Object { $_.NetworkName -eq ${psQuote(name(seg))} }`);
  }

  // Wizard step 5: the proxy appliance
  const ip = need(withPrefix(lab.appliance.ip, 'appliance.ip'));
  const gw = input.applianceGateway ?? lab.appliance.gateway;
  const args = [
    '-Server $esxi',
    `-Name ${psQuote(lab.appliance.name ?? lab.appliance.id)}`,
    '-Datastore $datastore',
    `-Network ${prodVar.get(lab.appliance.productionNetwork)!}`,
    '-EnableIPv4Interface',
    ...(ip ? [`-IPAddress ${ip.addr}`, `-SubnetMask ${ip.mask}`] : []),
  ];
  if (gw !== undefined) {
    const g = need(address(gw, 'appliance.gateway'));
    if (g) args.push(`-DefaultGateway ${g}`);
  }
  const dns = lab.appliance.dns ?? [];
  if (dns[0] !== undefined) {
    const d = need(address(dns[0], 'appliance.dns[0]'));
    if (d) args.push(`-PreferredDNSServer ${d}`);
  }
  if (dns[1] !== undefined) {
    const d = need(address(dns[1], 'appliance.dns[1]'));
    if (d) args.push(`-AlternateDNSServer ${d}`);
  }
  const proxy = lab.appliance.internetProxy;
  if (proxy) {
    args.push('-EnableInternetProxy', `-HTTPPort ${proxy.port ?? 8080}`);
    if (proxy.productionProxy !== undefined) {
      const p = need(address(proxy.productionProxy, 'appliance.internetProxy.productionProxy'));
      if (p) args.push(`-ProductionProxyIPAddress ${p}`);
    }
  }
  out.push(
    '',
    '# step 5: proxy appliance',
    `$appliance = New-VBRViVirtualLabProxyAppliance ${args.join(' ')}`,
  );

  if (!advanced) {
    out.push(
      '',
      '# basic single-host: Veeam sets up one isolated network, its vNIC and masquerade network itself;',
      '# the settings natlab designed for them (and any static mapping) need an advanced lab.',
      `Add-VBRViSimpleVirtualLab -Server $esxi -Name ${psQuote(lab.name)} -ProxyAppliance $appliance`,
    );
  } else {
    // Wizard steps 7–8: isolated networks and their vNIC settings
    out.push('', '# steps 7-8: isolated networks, and the vNIC, masquerade network, DHCP and DNS of each');
    const maps: string[] = [];
    const opts: string[] = [];
    input.isolated.forEach((n, i) => {
      const k = i + 1;
      const vnic = need(withPrefix(n.vnicIp, `isolatedNetworks[${i}].vnicIp`));
      const masq = parseCidr(n.masquerade);
      if (!masq.ok) problems.push(`isolatedNetworks[${i}].masquerade: ${masq.error}`);
      out.push(
        `$map${k} = New-VBRViNetworkMappingRule -Server $esxi -ProductionNetwork ${prodVar.get(n.productionNetwork)!} -IsolatedNetworkName ${psQuote(n.name)}${n.vlan !== undefined ? ` -VLANID ${n.vlan}` : ''}`,
      );
      const o = [`-NetworkMappingRule $map${k}`];
      if (vnic) o.push(`-IPAddress ${vnic.addr}`, `-SubnetMask ${vnic.mask}`);
      if (masq.ok) o.push(`-MasqueradeIPAddress ${formatIpv4(networkOf(masq.value))}`);
      const servers = (n.dns ?? []).map((d, j) => need(address(d, `isolatedNetworks[${i}].dns[${j}]`)));
      if (servers.length) o.push(`-DNSServer ${servers.filter((s) => s !== null).join(', ')}`);
      if (n.dhcp) o.push('-EnableDHCP');
      out.push(`$options${k} = New-VBRViVirtualLabNetworkOptions ${o.join(' ')}`);
      maps.push(`$map${k}`);
      opts.push(`$options${k}`);
    });
    // Wizard step 9: static IP mappings
    const ipMaps: string[] = [];
    const mappings = lab.staticMappings ?? [];
    if (mappings.length) out.push('', '# step 9: static IP address mapping');
    mappings.forEach((m, i) => {
      const iso = need(address(m.isolatedIp, `staticMappings[${i}].isolatedIp`));
      const acc = need(address(m.accessIp, `staticMappings[${i}].accessIp`));
      if (!iso || !acc) return;
      out.push(
        `$ipmap${i + 1} = New-VBRViVirtualLabIPMappingRule -ProductionNetwork ${prodVar.get(m.productionNetwork)!} -IsolatedIPAddress ${iso} -AccessIPAddress ${acc}${m.note !== undefined ? ` -Note ${psQuote(m.note)}` : ''}`,
      );
      ipMaps.push(`$ipmap${i + 1}`);
    });
    const lab6 = [
      '-Server $esxi',
      `-Name ${psQuote(lab.name)}`,
      '-ProxyAppliance $appliance',
      ...(maps.length
        ? [`-NetworkMappingRule ${maps.join(', ')}`, `-NetworkOptions ${opts.join(', ')}`]
        : []),
      ...(ipMaps.length ? [`-IpMappingRule ${ipMaps.join(', ')}`] : []),
      ...(lab.appliance.routingBetweenVnics ? ['-EnableRoutingBetweenvNics'] : []),
      ...(lab.mode === 'advanced-multi-host' ? ['-DVS $dvs'] : []),
      '-Force',
    ];
    out.push('', '# step 6: advanced virtual lab', `Add-VBRViAdvancedVirtualLab ${lab6.join(' ')}`);
  }
  if (problems.length) return err(problems.join('; '));
  return ok(`${out.join('\n')}\n`);
}

/** Isolated networks with the design's own values (tests and callers without the compiler's defaults). */
export function resolvedAsDesigned(lab: VirtualLabDesign): ResolvedIsolatedNetwork[] | null {
  const out: ResolvedIsolatedNetwork[] = [];
  for (const n of lab.isolatedNetworks) {
    if (n.vnicIp === undefined || n.masquerade === undefined) return null;
    out.push({ ...n, vnicIp: n.vnicIp, masquerade: n.masquerade });
  }
  return out;
}

/** The isolated networks of virtual lab `li` with the compiler's proposals filled in. */
export function resolvedIsolated(
  doc: LabDocument,
  design: DesignResult,
  li: number,
): ResolvedIsolatedNetwork[] {
  const proposed = new Map(design.proposals.map((p) => [p.path, p.value]));
  return doc.virtualLabs![li]!.isolatedNetworks.map((n, i) => {
    const np = `virtualLabs[${li}].isolatedNetworks[${i}]`;
    return {
      ...n,
      vnicIp: n.vnicIp ?? proposed.get(`${np}.vnicIp`) ?? '',
      masquerade: n.masquerade ?? proposed.get(`${np}.masquerade`) ?? '',
    };
  });
}
