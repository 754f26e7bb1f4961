/**
 * What is wrong with each step's answers, said so that the user knows how to fix it — with the value
 * to use where natlab can propose one. Field syntax comes from the inspector's field checks (the
 * engine's parsers), so the wizard accepts exactly what the lab file accepts; the cross-field checks
 * follow Veeam's rules (vlab-reference §4.1) and the linter's (§4.3). The Ready step runs the linter
 * itself on the would-be lab (ready.ts).
 */
import {
  broadcastOf,
  canonical,
  formatCidr,
  formatIpv4,
  inPrefix,
  networkOf,
  parseCidr,
  parseIpv4,
  prefixesOverlap,
  type Cidr,
} from '../../engine/addr/ipv4.ts';
import { parseField, type FieldKind } from '../validate/field-checks.ts';
import {
  FORBIDDEN_NAME_CHARS,
  isAdvanced,
  MAX_ISOLATED,
  NEW_BACKUP_SERVER,
  NEW_NETWORK,
  wizardSteps,
  type WizardStep,
} from './answers.ts';
import { overlapping, type WizardContext } from './context.ts';

export interface Problem {
  /** The wizard field (`appliance.ip`, `isolated.0.masquerade`); a step-wide problem names the list. */
  readonly field: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  /** A required field left empty (shown once the user tries to go on). */
  readonly empty?: boolean;
  /** One click sets the field to `value`. */
  readonly fix?: { readonly label: string; readonly value: string };
}

type Out = Problem[];

function err(out: Out, field: string, message: string, fix?: Problem['fix']): void {
  out.push({ field, severity: 'error', message, ...(fix ? { fix } : {}) });
}
function warn(out: Out, field: string, message: string, fix?: Problem['fix']): void {
  out.push({ field, severity: 'warning', message, ...(fix ? { fix } : {}) });
}
const use = (value: string) => ({ label: `Use ${value}`, value });

/**
 * Field syntax; `false` when the text has a problem (reported). `len`: the network's prefix length, to
 * offer the address with it when the user left it out.
 */
function syntax(out: Out, field: string, kind: FieldKind, text: string, len?: number): boolean {
  const r = parseField(kind, text);
  if (!r.ok) {
    const t = text.trim();
    const bare = len !== undefined && kind.startsWith('address') && parseIpv4(t).ok;
    err(out, field, r.message, bare ? use(`${t}/${len}`) : undefined);
  }
  return r.ok;
}

function required(out: Out, field: string, text: string, message: string): boolean {
  if (text.trim() !== '') return true;
  out.push({ field, severity: 'error', message, empty: true });
  return false;
}

const host = (c: Cidr) => formatIpv4(c.addr);

/** An address's place in a network: outside, the network or broadcast address, or fine. */
function placeIn(addr: number, net: Cidr): 'outside' | 'network' | 'broadcast' | 'ok' {
  if (!inPrefix(addr, net)) return 'outside';
  if (net.len <= 30 && addr >>> 0 === networkOf(net) >>> 0) return 'network';
  if (net.len <= 30 && addr >>> 0 === broadcastOf(net) >>> 0) return 'broadcast';
  return 'ok';
}

function checkName(ctx: WizardContext, out: Out) {
  const a = ctx.answers;
  if (required(out, 'name', a.name, 'Give the virtual lab a name, e.g. vLab'))
    if (a.name.length > 200) err(out, 'name', 'At most 200 characters');
  if (a.target === 'current' && (ctx.current.virtualLabs ?? []).some((v) => v.name === a.name.trim()))
    warn(
      out,
      'name',
      `This lab already has a virtual lab named “${a.name.trim()}”: a different name tells them apart`,
    );
}

function checkProxy(ctx: WizardContext, out: Out) {
  const a = ctx.answers;
  const p = a.production;
  const prod = ctx.production;
  if (p.choice === NEW_NETWORK) {
    if (p.name.length > 200) err(out, 'production.name', 'At most 200 characters');
    const subnetOk =
      required(
        out,
        'production.subnet',
        p.subnet,
        'Give the production network’s subnet, e.g. 192.168.149.0/24',
      ) && syntax(out, 'production.subnet', 'network', p.subnet);
    const gwOk = syntax(out, 'production.gateway', 'ipv4-optional', p.gateway);
    syntax(out, 'production.dns', 'ipv4-list', p.dns);
    syntax(out, 'production.vlan', 'vlan', p.vlan);
    if (subnetOk && prod?.subnet) {
      for (const s of ctx.base.segments) {
        const c = s.subnet ? parseCidr(s.subnet) : undefined;
        if (c?.ok && prefixesOverlap(c.value, prod.subnet))
          warn(
            out,
            'production.subnet',
            `Overlaps ${s.kind} network “${s.name ?? s.id}” (${s.subnet}): if it is the same network, pick it above instead of creating one`,
          );
      }
      if (gwOk && p.gateway.trim() !== '') {
        const g = parseIpv4(p.gateway.trim());
        const place = g.ok ? placeIn(g.value, prod.subnet) : 'ok';
        if (place === 'outside')
          err(
            out,
            'production.gateway',
            `${p.gateway.trim()} is not in ${formatCidr(prod.subnet)}: the gateway is an address of the network`,
          );
        else if (place !== 'ok')
          err(
            out,
            'production.gateway',
            `${p.gateway.trim()} is the ${place} address of ${formatCidr(prod.subnet)}: pick a host address`,
          );
      }
    }
    if (subnetOk && p.gateway.trim() === '')
      out.push({
        field: 'production.gateway',
        severity: 'warning',
        message:
          'Without a gateway the isolated copy has no gateway to mimic: you will give each vNIC’s address in Network settings',
      });
  } else if (prod && !prod.subnet)
    warn(
      out,
      'production.choice',
      `“${prod.name}” has no subnet and no addressed machines: give the appliance’s address with its length below (or set the network’s subnet in the Inspector)`,
    );

  // the appliance's production NIC
  const ipField = 'appliance.ip';
  const typed = a.appliance.ip.trim();
  const ip = ctx.effective.applianceIp;
  if (typed === '' && !ctx.suggest.applianceIp)
    out.push({
      field: ipField,
      severity: 'error',
      empty: true,
      message:
        'Give the appliance an address with its prefix length in the production network, e.g. 192.168.149.50/24',
    });
  else if (typed === '' || syntax(out, ipField, 'address', typed, prod?.subnet?.len))
    checkProductionAddress(ctx, out, ipField, ip, 'appliance', 50);
  const gwText = a.appliance.gateway.trim();
  if (syntax(out, 'appliance.gateway', 'ipv4-optional', gwText) && gwText && prod?.subnet) {
    const g = parseIpv4(gwText);
    if (g.ok && !inPrefix(g.value, prod.subnet))
      warn(
        out,
        'appliance.gateway',
        `${gwText} is not in ${formatCidr(prod.subnet)}: the appliance could not reach its gateway`,
        prod.gateway ? use(formatIpv4(prod.gateway.addr)) : undefined,
      );
  }
  syntax(out, 'appliance.dns', 'ipv4-list', a.appliance.dns);
  if (a.appliance.internetProxy) {
    syntax(out, 'appliance.proxyPort', 'port-optional', a.appliance.proxyPort);
    if (a.appliance.productionProxy.length > 200)
      err(out, 'appliance.productionProxy', 'At most 200 characters');
    out.push({
      field: 'appliance.internetProxy',
      severity: 'info',
      message:
        'natlab records this option but does not model the HTTP(S) proxy: in the simulation lab VMs cannot use it',
    });
  }

  // the backup server
  if (a.backupServer === NEW_BACKUP_SERVER) {
    const t = a.backupServerIp.trim();
    if (t === '' && !ctx.suggest.backupServerIp)
      out.push({
        field: 'backupServerIp',
        severity: 'error',
        empty: true,
        message: 'Give the new backup server an address in the production network, e.g. 192.168.149.22/24',
      });
    else if (t === '' || syntax(out, 'backupServerIp', 'address', t, prod?.subnet?.len))
      checkProductionAddress(ctx, out, 'backupServerIp', ctx.effective.backupServerIp, 'backup server', 20);
  } else if (prod) {
    const vbs = ctx.base.devices.find((d) => d.id === a.backupServer);
    if (vbs && !vbs.interfaces.some((i) => i.segment === prod.id))
      warn(
        out,
        'backupServer',
        `${vbs.name ?? vbs.id} is not in “${prod.name}”: SureBackup adds its routes to the lab only when the appliance is in the backup server’s network — otherwise the production router needs them (VL-01)`,
      );
  }
}

/** An address on the appliance's production network: inside it, a host address, the network's length, unused. */
function checkProductionAddress(
  ctx: WizardContext,
  out: Out,
  field: string,
  text: string,
  who: string,
  from: number,
) {
  const prod = ctx.production;
  const c = parseCidr(text);
  if (!c.ok || !prod?.subnet) return;
  const free = ctx.freeOnProduction(from);
  const fix = free ? use(free) : undefined;
  const e = `e.g. ${free ?? `an address of ${formatCidr(prod.subnet)}`}`;
  const place = placeIn(c.value.addr, prod.subnet);
  if (place === 'outside')
    return err(
      out,
      field,
      `${text} is not in ${prod.name} (${formatCidr(prod.subnet)}): pick a free address there, ${e}`,
      fix,
    );
  if (place !== 'ok')
    return err(
      out,
      field,
      `${text} is the ${place} address of ${formatCidr(prod.subnet)}: pick a host address, ${e}`,
      fix,
    );
  if (c.value.len !== prod.subnet.len)
    return err(
      out,
      field,
      `The prefix length must be the network’s (/${prod.subnet.len})`,
      use(`${host(c.value)}/${prod.subnet.len}`),
    );
  const by = ctx.usedOnProduction(who).get(c.value.addr >>> 0);
  if (by) return err(out, field, `${host(c.value)} is already used by ${by}: pick a free address, ${e}`, fix);
  if (who === 'backup server') {
    const app = parseCidr(ctx.effective.applianceIp);
    if (app.ok && app.value.addr === c.value.addr)
      err(out, field, `${host(c.value)} is the appliance’s address: pick another, ${e}`, fix);
  }
}

function checkNetworking(ctx: WizardContext, out: Out) {
  const a = ctx.answers;
  if (a.mode === 'advanced-multi-host')
    out.push({
      field: 'mode',
      severity: 'info',
      message:
        'natlab models a multi-host lab like advanced single-host: one appliance, one port group per isolated network (the distributed switch and its uplinks are not drawn)',
    });
  if (a.mode === 'basic-single-host' && a.backupServer !== NEW_BACKUP_SERVER && ctx.production) {
    const vbs = ctx.base.devices.find((d) => d.id === a.backupServer);
    if (vbs && !vbs.interfaces.some((i) => i.segment === ctx.production!.id))
      warn(
        out,
        'mode',
        `Basic mode needs the backup server in “${ctx.production.name}”, and ${vbs.name ?? vbs.id} is not: choose advanced single-host (VL-13)`,
      );
  }
}

function checkIsolated(ctx: WizardContext, out: Out) {
  const a = ctx.answers;
  if (a.isolated.length > MAX_ISOLATED)
    err(
      out,
      'isolated',
      `Veeam allows at most ${MAX_ISOLATED} isolated networks in one lab: remove ${a.isolated.length - MAX_ISOLATED}`,
    );
  const names = new Map<string, number>();
  const mirrors = new Map<string, number>();
  a.isolated.forEach((n, j) => {
    const f = `isolated.${j}`;
    if (required(out, `${f}.name`, n.name, 'Give the isolated network a name, e.g. vLab VM Network')) {
      const bad = [...new Set([...n.name].filter((c) => FORBIDDEN_NAME_CHARS.includes(c)))];
      if (bad.length)
        err(
          out,
          `${f}.name`,
          `Veeam does not allow ${bad.map((c) => `“${c}”`).join(' ')} in isolated network names: remove ${bad.length > 1 ? 'them' : 'it'}`,
        );
      else if (n.name.length > 200) err(out, `${f}.name`, 'At most 200 characters');
      const key = n.name.trim().toLowerCase();
      if (names.has(key))
        err(out, `${f}.name`, `Isolated network ${names.get(key)! + 1} has this name too: give each its own`);
      else names.set(key, j);
    }
    if (mirrors.has(n.productionNetwork)) {
      const name = ctx.network(n.productionNetwork)?.name ?? n.productionNetwork;
      err(
        out,
        `${f}.productionNetwork`,
        `“${name}” is already mirrored by isolated network ${mirrors.get(n.productionNetwork)! + 1}: one production network maps to one isolated network — pick another or remove this row`,
      );
    } else mirrors.set(n.productionNetwork, j);
    if (!ctx.network(n.productionNetwork))
      err(out, `${f}.productionNetwork`, 'Pick the production network this isolated network copies');
    syntax(out, `${f}.vlan`, 'vlan', n.vlan);
  });
}

function checkSettings(ctx: WizardContext, out: Out) {
  const a = ctx.answers;
  a.isolated.forEach((n, j) => {
    const f = `isolated.${j}`;
    const net = ctx.network(n.productionNetwork);
    const vnicSuggest = ctx.suggest.vnicIp[j];
    // vNIC
    const vnicText = n.vnicIp.trim();
    if (vnicText === '' && !vnicSuggest)
      out.push({
        field: `${f}.vnicIp`,
        severity: 'error',
        empty: true,
        message: `Give the appliance’s address on this network with its length — usually the production gateway’s (“${net?.name ?? '?'}” has none recorded)`,
      });
    else if (vnicText === '' || syntax(out, `${f}.vnicIp`, 'address', vnicText, net?.subnet?.len)) {
      const v = parseCidr(ctx.effective.vnicIp[j]!);
      if (v.ok && net?.subnet) {
        if (!inPrefix(v.value.addr, net.subnet) || v.value.len !== net.subnet.len)
          err(
            out,
            `${f}.vnicIp`,
            `The isolated network is a copy of ${formatCidr(net.subnet)}: the vNIC needs an address of it, with /${net.subnet.len}`,
            vnicSuggest ? use(vnicSuggest.value) : undefined,
          );
        else if (net.gateway && v.value.addr !== net.gateway.addr)
          warn(
            out,
            `${f}.vnicIp`,
            `Lab VMs keep their production gateway ${formatIpv4(net.gateway.addr)}: the vNIC should have that address so they reach the appliance (VL-07)`,
            vnicSuggest ? use(vnicSuggest.value) : undefined,
          );
      }
      if (v.ok)
        for (let k = 0; k < j; k++) {
          const o = ctx.isolatedPrefix[k];
          if (o && prefixesOverlap(canonical(v.value), o))
            err(
              out,
              `${f}.vnicIp`,
              `Overlaps isolated network ${k + 1} (${formatCidr(o)}): Veeam needs the vNICs in different networks`,
            );
        }
    }
    // masquerade
    const mf = `${f}.masquerade`;
    const ms = ctx.suggest.masquerade[j];
    const mText = n.masquerade.trim();
    if (mText === '' && !ms)
      out.push({
        field: mf,
        severity: 'error',
        empty: true,
        message:
          'Give a masquerade network: an unused network of the same size as the isolated one, e.g. 192.168.150.0/24',
      });
    else if (mText !== '' && syntax(out, mf, 'network', mText)) {
      const m = parseCidr(mText);
      const iso = ctx.isolatedPrefix[j];
      if (m.ok && iso && m.value.len !== iso.len)
        err(
          out,
          mf,
          `A masquerade network has the isolated network’s size (/${iso.len}): NETMAP maps it 1:1 (VL-06)`,
          ms ? use(ms.value) : undefined,
        );
      else if (m.ok) {
        const hit = overlapping(m.value, ctx.usedPrefixesFor(j));
        if (hit.length)
          err(
            out,
            mf,
            `Overlaps ${hit[0]!.what}${hit.length > 1 ? ` and ${hit.length - 1} more` : ''}: the masquerade network must be unused anywhere in your network (VL-05)${ms ? ` — ${ms.value} is free` : ''}`,
            ms ? use(ms.value) : undefined,
          );
      }
    }
    if (n.dhcp)
      out.push({
        field: `${f}.dhcp`,
        severity: 'info',
        message:
          'natlab records this option but does not model the DHCP service: lab VMs keep the addresses drawn for them',
      });
    syntax(out, `${f}.dns`, 'ipv4-list', n.dns);
  });
}

function checkMappings(ctx: WizardContext, out: Out) {
  const a = ctx.answers;
  const prod = ctx.production;
  const access = new Map<string, number>();
  a.mappings.forEach((m, k) => {
    const f = `mappings.${k}`;
    const j = a.isolated.findIndex((n) => n.productionNetwork === m.productionNetwork);
    if (j < 0)
      err(
        out,
        `${f}.productionNetwork`,
        'Pick a production network that an isolated network of this lab mirrors',
      );
    const iso = j >= 0 ? ctx.isolatedPrefix[j] : undefined;
    if (
      required(
        out,
        `${f}.isolatedIp`,
        m.isolatedIp,
        'Give the lab VM’s address in the isolated network (its production address), e.g. 192.168.149.36',
      ) &&
      syntax(out, `${f}.isolatedIp`, 'ipv4', m.isolatedIp)
    ) {
      const ip = parseIpv4(m.isolatedIp.trim());
      const vnic = j >= 0 ? parseCidr(ctx.effective.vnicIp[j] ?? '') : undefined;
      if (ip.ok && iso && placeIn(ip.value, iso) !== 'ok')
        err(
          out,
          `${f}.isolatedIp`,
          `${m.isolatedIp.trim()} is not a host address of the isolated network (${formatCidr(iso)}): lab VMs keep their production addresses`,
        );
      else if (ip.ok && vnic?.ok && vnic.value.addr === ip.value)
        err(
          out,
          `${f}.isolatedIp`,
          `${m.isolatedIp.trim()} is the appliance’s vNIC (the gateway copy), not a lab VM`,
        );
    }
    const af = `${f}.accessIp`;
    const free = ctx.suggest.accessIp;
    if (
      required(
        out,
        af,
        m.accessIp,
        `Give an unused production address for it${free ? `, e.g. ${free.value}` : ''}`,
      ) &&
      syntax(out, af, 'ipv4', m.accessIp)
    ) {
      const t = m.accessIp.trim();
      const ip = parseIpv4(t);
      if (access.has(t))
        err(
          out,
          af,
          `Mapping ${access.get(t)! + 1} uses this access IP too: each needs its own`,
          free ? use(free.value) : undefined,
        );
      else access.set(t, k);
      if (ip.ok && prod?.subnet) {
        const place = placeIn(ip.value, prod.subnet);
        const by = ctx.usedOnProduction(`mapping ${k + 1}`).get(ip.value >>> 0);
        const app = parseCidr(ctx.effective.applianceIp);
        if (place === 'outside')
          warn(
            out,
            af,
            `${t} is outside the appliance’s network ${formatCidr(prod.subnet)}: production clients then need a route to it (VL-03) — Veeam recommends an address of the appliance’s subnet`,
            free ? use(free.value) : undefined,
          );
        else if (place !== 'ok')
          err(
            out,
            af,
            `${t} is the ${place} address of ${formatCidr(prod.subnet)}`,
            free ? use(free.value) : undefined,
          );
        else if (app.ok && app.value.addr === ip.value)
          err(
            out,
            af,
            `${t} is the appliance’s own address: an access IP is an extra one`,
            free ? use(free.value) : undefined,
          );
        else if (by)
          err(
            out,
            af,
            `${t} is already used by ${by}: an access IP must be unused`,
            free ? use(free.value) : undefined,
          );
      }
    }
    if (m.note.length > 4000) err(out, `${f}.note`, 'At most 4000 characters');
  });
}

/** The problems of one step's answers (the Ready step's come from the linter: ready.ts). */
export function checkStep(ctx: WizardContext, step: WizardStep): Problem[] {
  const out: Out = [];
  switch (step) {
    case 'name':
      checkName(ctx, out);
      break;
    case 'proxy':
      checkProxy(ctx, out);
      break;
    case 'networking':
      checkNetworking(ctx, out);
      break;
    case 'isolated':
      checkIsolated(ctx, out);
      break;
    case 'settings':
      checkSettings(ctx, out);
      break;
    case 'mappings':
      if (isAdvanced(ctx.answers.mode)) checkMappings(ctx, out);
      break;
    case 'ready':
      break;
  }
  return out;
}

export const hasErrors = (problems: readonly Problem[]): boolean =>
  problems.some((p) => p.severity === 'error');

/** The first step (before `upTo`) whose answers have errors, if any. */
export function firstInvalidStep(ctx: WizardContext, upTo: WizardStep = 'ready'): WizardStep | undefined {
  for (const s of wizardSteps(ctx.answers)) {
    if (s === upTo) return undefined;
    if (hasErrors(checkStep(ctx, s))) return s;
  }
  return undefined;
}
