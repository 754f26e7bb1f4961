/** Wizard steps 4–6: Isolated networks, Network settings (vNIC, masquerade, DHCP, DNS), Static IP mapping. */
import { formatCidr, formatIpv4, maskOf, parseCidr, type Cidr, type Ipv4 } from '../../engine/addr/ipv4.ts';
import { netmapAddress } from '../../engine/conntrack/netmap.ts';
import {
  addIsolated,
  addMapping,
  isAdvanced,
  MAX_ISOLATED,
  NEW_NETWORK,
  productionSegments,
  removeIsolated,
  removeMapping,
  wizardContext,
} from '../../state/wizard/index.ts';
import { ListProblems, WCheck, WSelect, WText } from './fields.tsx';
import { useWizardForm } from './wizard-form.ts';

function useProductionOptions() {
  const { answers: a, ctx } = useWizardForm();
  return [
    ...(a.production.choice === NEW_NETWORK
      ? [{ value: NEW_NETWORK, label: `${ctx.production?.name ?? 'New production network'} (new)` }]
      : []),
    ...productionSegments(ctx.base).map((s) => ({
      value: s.id,
      label: `${s.name ?? s.id}${s.subnet ? ` — ${s.subnet}` : ''}`,
    })),
  ];
}

export function IsolatedStep() {
  const { answers: a, ctx, update } = useWizardForm();
  const options = useProductionOptions();
  if (!isAdvanced(a.mode)) {
    const prod = ctx.network(a.isolated[0]!.productionNetwork);
    return (
      <>
        <p className="wizard__lead">
          Basic mode has one isolated network: a copy of <strong>{prod?.name ?? '?'}</strong>
          {prod?.subnet ? ` (${formatCidr(prod.subnet)})` : ''} without uplinks, where the VMs keep their
          production addresses.
        </p>
        <div className="wizard__grid">
          <WText field="isolated.0.name" label="Isolated network name" />
          <WText field="isolated.0.vlan" label="VLAN ID" mono hint="0 or empty: no VLAN" />
        </div>
      </>
    );
  }
  const current = ctx.current;
  return (
    <>
      <p className="wizard__lead">
        One isolated network per production network the tested VMs use (at most {MAX_ISOLATED}). Each is a
        copy without uplinks; the appliance gets one vNIC in each.
      </p>
      <table className="wizard__table wizard__table--edit">
        <colgroup>
          <col />
          <col style={{ width: '36%' }} />
          <col style={{ width: '90px' }} />
          <col style={{ width: '36px' }} />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Isolated network</th>
            <th scope="col">Copy of production network</th>
            <th scope="col">VLAN ID</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {a.isolated.map((n, j) => (
            <tr key={n.key}>
              <td>
                <WText field={`isolated.${j}.name`} label={`Isolated network ${j + 1} name`} bare />
              </td>
              <td>
                <WSelect
                  field={`isolated.${j}.productionNetwork`}
                  label={`Isolated network ${j + 1}: production network`}
                  options={options}
                  bare
                />
              </td>
              <td>
                <WText field={`isolated.${j}.vlan`} label={`Isolated network ${j + 1} VLAN ID`} mono bare />
              </td>
              <td>
                <button
                  type="button"
                  className="icon-btn"
                  aria-label={`Remove isolated network ${j + 1}`}
                  title={a.isolated.length > 1 ? 'Remove' : 'A lab needs at least one isolated network'}
                  disabled={a.isolated.length <= 1}
                  onClick={() => update((x) => removeIsolated(current, x, j))}
                >
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ListProblems field="isolated" />
      <button
        type="button"
        className="btn"
        data-testid="wizard-add-isolated"
        disabled={a.isolated.length >= MAX_ISOLATED}
        title={a.isolated.length >= MAX_ISOLATED ? `Veeam allows at most ${MAX_ISOLATED}` : undefined}
        onClick={() => update((x) => addIsolated(current, x))}
      >
        + Add isolated network
      </button>
    </>
  );
}

/** "A lab VM at 192.168.149.36 is reached at 192.168.150.36": NETMAP keeps the host part. */
function netmapExample(iso: Cidr | undefined, masquerade: string, host: number): string | undefined {
  const m = parseCidr(masquerade);
  if (!iso || !m.ok || m.value.len !== iso.len) return undefined;
  const mask = maskOf(iso.len);
  const hostPart = (iso.len >= 31 ? 0 : Math.min(host, 2 ** (32 - iso.len) - 2)) & ~mask;
  const a = (((iso.addr & mask) | hostPart) >>> 0) as Ipv4;
  const b = netmapAddress(a, m.value); // the engine's NETMAP: network part from --to, host part kept
  return `A lab VM at ${formatIpv4(a)} is reached from production at ${formatIpv4(b)} (NETMAP keeps the host part).`;
}

export function SettingsStep() {
  const { answers: a, ctx } = useWizardForm();
  return (
    <>
      <p className="wizard__lead">
        For each isolated network: the appliance’s vNIC — usually the production gateway’s address, so the VMs
        keep their gateway — and the <strong>masquerade network</strong> production reaches the VMs through: a
        network of the same size that is used nowhere else.
      </p>
      {a.isolated.map((n, j) => {
        const net = ctx.network(n.productionNetwork);
        const ms = ctx.suggest.masquerade[j];
        const vs = ctx.suggest.vnicIp[j];
        const example = netmapExample(ctx.isolatedPrefix[j], ctx.effective.masquerade[j] ?? '', 36);
        return (
          <fieldset key={n.key} className="wizard__group" data-testid={`wizard-settings-${j}`}>
            <legend>
              {n.name || `Isolated network ${j + 1}`}
              <span className="wizard__legend-note">
                copy of {net?.name ?? '?'}
                {net?.subnet ? ` (${formatCidr(net.subnet)})` : ''}
              </span>
            </legend>
            <div className="wizard__grid">
              <WText
                field={`isolated.${j}.vnicIp`}
                label="vNIC IP address with mask"
                placeholder={vs?.value ?? '192.168.149.2/24'}
                mono
                hint={
                  vs
                    ? n.vnicIp === vs.value
                      ? 'The production gateway’s address'
                      : `Proposed: ${vs.value}`
                    : undefined
                }
              />
              <WText
                field={`isolated.${j}.masquerade`}
                label="Masquerade network"
                placeholder={ms?.value ?? '192.168.150.0/24'}
                mono
                hint={
                  ms ? (
                    <>
                      {n.masquerade.trim() === ms.value || n.masquerade.trim() === ''
                        ? 'Proposed by natlab: '
                        : `natlab proposes ${ms.value}: `}
                      {ms.why}.{example ? ` ${example}` : ''}
                    </>
                  ) : (
                    example
                  )
                }
              />
              <WText
                field={`isolated.${j}.dns`}
                label="DNS servers (virtualized DNS)"
                placeholder={net?.dns.join(', ') || '192.168.149.20'}
                mono
                hint="Comma-separated; optional"
              />
              <WCheck field={`isolated.${j}.dhcp`} label="Enable DHCP service on this interface" />
            </div>
          </fieldset>
        );
      })}
      {isAdvanced(a.mode) && a.isolated.length > 1 && (
        <WCheck
          field="routingBetweenVnics"
          label="Route network traffic between vNICs"
          hint="Lets VMs in different isolated networks talk to each other; the vNICs must hold the production gateways’ addresses."
        />
      )}
    </>
  );
}

export function MappingsStep() {
  const { answers: a, ctx, update } = useWizardForm();
  const options = useProductionOptions().filter((o) =>
    a.isolated.some((n) => n.productionNetwork === o.value),
  );
  const prod = ctx.production;
  return (
    <>
      <p className="wizard__lead">
        Optional. A static mapping gives one lab VM an unused production address, the{' '}
        <strong>access IP</strong>, which the appliance takes on its eth0 and forwards to the VM — production
        clients reach it without a route to the masquerade network. Pick access IPs in{' '}
        {prod?.name ?? 'the appliance’s network'}
        {prod?.subnet ? ` (${formatCidr(prod.subnet)})` : ''}.
      </p>
      {a.mappings.length > 0 && (
        <table className="wizard__table wizard__table--edit">
          <colgroup>
            <col style={{ width: '24%' }} />
            <col style={{ width: '22%' }} />
            <col style={{ width: '22%' }} />
            <col />
            <col style={{ width: '36px' }} />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Production network</th>
              <th scope="col">Isolated IP (the VM)</th>
              <th scope="col">Access IP</th>
              <th scope="col">Note</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {a.mappings.map((m, k) => (
              <tr key={m.key}>
                <td>
                  <WSelect
                    field={`mappings.${k}.productionNetwork`}
                    label={`Mapping ${k + 1}: production network`}
                    options={options}
                    bare
                  />
                </td>
                <td>
                  <WText
                    field={`mappings.${k}.isolatedIp`}
                    label={`Mapping ${k + 1}: isolated IP`}
                    placeholder="192.168.149.36"
                    mono
                    bare
                  />
                </td>
                <td>
                  <WText
                    field={`mappings.${k}.accessIp`}
                    label={`Mapping ${k + 1}: access IP`}
                    placeholder={ctx.suggest.accessIp?.value ?? '192.168.149.136'}
                    mono
                    bare
                  />
                </td>
                <td>
                  <WText field={`mappings.${k}.note`} label={`Mapping ${k + 1}: note`} bare />
                </td>
                <td>
                  <button
                    type="button"
                    className="icon-btn"
                    aria-label={`Remove mapping ${k + 1}`}
                    onClick={() => update((x) => removeMapping(x, k))}
                  >
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {a.mappings.length === 0 && (
        <p className="wizard__empty">
          No static mappings: lab VMs are reached through the masquerade networks.
        </p>
      )}
      <button
        type="button"
        className="btn"
        data-testid="wizard-add-mapping"
        onClick={() => update((x) => addMapping(wizardContext(ctx.current, x)))}
      >
        + Add mapping
      </button>
    </>
  );
}
