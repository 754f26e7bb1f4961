/** Wizard steps 1–3: Name, Proxy appliance (its production network and the backup server), Networking. */
import { formatIpv4 } from '../../engine/addr/ipv4.ts';
import { NEW_BACKUP_SERVER, NEW_NETWORK, productionSegments } from '../../state/wizard/index.ts';
import { WCheck, WRadios, WSelect, WText } from './fields.tsx';
import { useWizardForm } from './wizard-form.ts';

export function NameStep() {
  const { ctx } = useWizardForm();
  const open = ctx.current;
  const drawn = open.segments.length + open.devices.length;
  return (
    <>
      <p className="wizard__lead">
        A virtual lab starts VMs from their backups in <strong>isolated networks</strong>, copies of
        production networks without uplinks. A Linux <strong>proxy appliance</strong> joins them to production
        and hides each behind a <strong>masquerade network</strong>. This wizard follows Veeam’s; nothing
        changes in your lab until you click Finish.
      </p>
      <WText field="name" label="Virtual lab name" placeholder="vLab" />
      <WRadios
        field="target"
        legend="Where"
        options={[
          {
            value: 'current',
            label: `Add it to the open lab “${open.name}”`,
            detail: drawn
              ? `It is drawn under the ${drawn} item${drawn > 1 ? 's' : ''} already there; its networks can be ones the lab has.`
              : 'The lab is empty: the wizard draws everything.',
          },
          {
            value: 'new',
            label: 'Start a new lab',
            detail: 'Opens a new lab holding only this virtual lab; the open lab stays in Saved labs.',
          },
        ]}
      />
    </>
  );
}

export function ProxyStep() {
  const { answers: a, ctx } = useWizardForm();
  const prods = productionSegments(ctx.base);
  const prod = ctx.production;
  const hosts = ctx.base.devices.filter((d) => d.kind === 'host');
  const suggestIp = ctx.suggest.applianceIp;
  const gw = prod?.gateway ? formatIpv4(prod.gateway.addr) : undefined;
  const vbsSuggest = ctx.suggest.backupServerIp;
  return (
    <>
      <fieldset className="wizard__group">
        <legend>Production network</legend>
        <p className="field__hint wizard__group-hint">
          The network the appliance’s eth0 is plugged into — best the backup server’s, so SureBackup adds the
          routes to the lab for it. Veeam cannot change it once the lab exists.
        </p>
        <WSelect
          field="production.choice"
          label="Production network"
          options={[
            ...prods.map((s) => ({
              value: s.id,
              label: `${s.name ?? s.id}${s.subnet ? ` — ${s.subnet}` : ''}${s.vlan ? ` (VLAN ${s.vlan})` : ''}`,
            })),
            { value: NEW_NETWORK, label: 'Create a new production network…' },
          ]}
        />
        {a.production.choice === NEW_NETWORK && (
          <div className="wizard__grid">
            <WText field="production.name" label="Name (port group)" placeholder="Production network" />
            <WText field="production.vlan" label="VLAN ID" placeholder="0" mono hint="0 or empty: no VLAN" />
            <WText field="production.subnet" label="Subnet" placeholder="192.168.149.0/24" mono />
            <WText field="production.gateway" label="Default gateway" placeholder="192.168.149.2" mono />
            <WText
              field="production.dns"
              label="DNS servers"
              placeholder="192.168.149.20"
              mono
              hint="Comma-separated"
            />
          </div>
        )}
      </fieldset>

      <fieldset className="wizard__group">
        <legend>Proxy appliance</legend>
        <div className="wizard__grid">
          <WText
            field="appliance.name"
            label="Appliance name"
            placeholder={`${a.name.trim() || 'vLab'} proxy appliance`}
          />
          <WText
            field="appliance.ip"
            label="IP address with mask"
            placeholder={suggestIp?.value ?? '192.168.149.50/24'}
            mono
            hint={
              suggestIp
                ? `Empty: ${suggestIp.value} (${suggestIp.why}). Prefer a fixed address to DHCP.`
                : undefined
            }
          />
          <WText
            field="appliance.gateway"
            label="Default gateway"
            placeholder={gw ?? ''}
            mono
            hint={gw ? `Empty: the production gateway, ${gw}` : undefined}
          />
          <WText
            field="appliance.dns"
            label="DNS servers"
            placeholder={prod?.dns.join(', ') ?? ''}
            mono
            hint="Comma-separated; optional"
          />
        </div>
        <WCheck
          field="appliance.internetProxy"
          label="Allow the proxy appliance to act as internet proxy (HTTP/HTTPS)"
        />
        {a.appliance.internetProxy && (
          <div className="wizard__grid">
            <WText field="appliance.proxyPort" label="Port" placeholder="8080" mono />
            <WText
              field="appliance.productionProxy"
              label="Production proxy (optional)"
              placeholder="proxy.example.com:3128"
            />
          </div>
        )}
      </fieldset>

      <fieldset className="wizard__group">
        <legend>Backup server</legend>
        <p className="field__hint wizard__group-hint">
          SureBackup adds routes to the masquerade networks on it while a job runs.
        </p>
        <div className="wizard__grid">
          <WSelect
            field="backupServer"
            label="Backup server"
            options={[
              ...hosts.map((d) => ({ value: d.id, label: `${d.name ?? d.id} (${d.id})` })),
              { value: NEW_BACKUP_SERVER, label: 'Add a backup server host' },
            ]}
          />
          {a.backupServer === NEW_BACKUP_SERVER && (
            <WText
              field="backupServerIp"
              label="Its address with mask"
              placeholder={vbsSuggest?.value ?? '192.168.149.22/24'}
              mono
              hint={vbsSuggest ? `Empty: ${vbsSuggest.value} (${vbsSuggest.why})` : undefined}
            />
          )}
        </div>
      </fieldset>
    </>
  );
}

export function NetworkingStep() {
  return (
    <WRadios
      field="mode"
      legend="Networking mode"
      options={[
        {
          value: 'basic-single-host',
          label: 'Basic single-host',
          detail:
            'All verified VMs and the backup server are in one production network. One isolated network; Veeam sets it up automatically.',
        },
        {
          value: 'advanced-single-host',
          label: 'Advanced single-host',
          detail:
            'Several production networks: one isolated network for each. You review the network settings and can map static IPs.',
        },
        {
          value: 'advanced-multi-host',
          label: 'Advanced multi-host (distributed switch)',
          detail:
            'VMs on several ESXi hosts: Veeam creates a port group per isolated network on a pre-configured DVS. natlab models it like advanced single-host.',
        },
      ]}
    />
  );
}
