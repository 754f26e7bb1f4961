/** The last step: what Finish adds, and the linter's verdict on the lab it would leave. */
import { STEP_TITLES, type Readiness, type WizardStep } from '../../state/wizard/index.ts';
import { useWizardForm } from './wizard-form.ts';

interface Props {
  readonly ready: Readiness;
  readonly goTo: (step: WizardStep, field?: string) => void;
}

export function ReadyStep({ ready, goTo }: Props) {
  const { answers: a, ctx } = useWizardForm();
  const { plan } = ready;
  const lab = plan.lab;
  const prod = ctx.production;
  const segName = (id: string) => ready.doc.segments.find((s) => s.id === id)?.name ?? id;
  const prodSeg = ready.doc.segments.find((s) => s.id === lab.appliance.productionNetwork);
  const vbs = ready.doc.devices.find((d) => d.id === lab.backupServer);
  const modes = {
    'basic-single-host': 'basic single-host',
    'advanced-single-host': 'advanced single-host',
    'advanced-multi-host': 'advanced multi-host (modelled as single-host)',
  } as const;
  return (
    <>
      <dl className="wizard__summary" data-testid="wizard-summary">
        <dt>Virtual lab</dt>
        <dd>
          {lab.name} <span className="muted">· {modes[lab.mode]}</span>
        </dd>
        <dt>Added to</dt>
        <dd>
          {a.target === 'new'
            ? 'a new lab (replaces the open one; Undo brings it back)'
            : `the open lab “${ctx.current.name}”`}
        </dd>
        <dt>Production network</dt>
        <dd>
          {prod?.name ?? lab.appliance.productionNetwork}
          {prod?.isNew ? <span className="wizard__tag">new</span> : null}
          {prodSeg?.subnet && <span className="mono muted"> {prodSeg.subnet}</span>}
        </dd>
        <dt>Proxy appliance</dt>
        <dd>
          {lab.appliance.name} <span className="mono">eth0 {lab.appliance.ip}</span>
          {lab.appliance.internetProxy ? <span className="muted"> · internet proxy</span> : null}
        </dd>
        <dt>Backup server</dt>
        <dd>
          {vbs?.name ?? lab.backupServer}
          {ctx.ids.newBackupServer ? (
            <>
              <span className="wizard__tag">new</span>
              <span className="mono"> {ctx.effective.backupServerIp}</span>
            </>
          ) : null}
        </dd>
      </dl>
      <table className="wizard__table wizard__table--read">
        <caption>Isolated networks</caption>
        <thead>
          <tr>
            <th scope="col">Isolated network</th>
            <th scope="col">Copy of</th>
            <th scope="col">vNIC</th>
            <th scope="col">Masquerade</th>
            <th scope="col">VLAN</th>
            <th scope="col">DHCP</th>
          </tr>
        </thead>
        <tbody>
          {lab.isolatedNetworks.map((n, j) => (
            <tr key={j}>
              <td>{n.name}</td>
              <td>{segName(n.productionNetwork)}</td>
              <td className="mono">{n.vnicIp}</td>
              <td className="mono">{n.masquerade}</td>
              <td>{n.vlan ?? '—'}</td>
              <td>{n.dhcp ? 'yes' : 'no'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {lab.staticMappings && (
        <table className="wizard__table wizard__table--read">
          <caption>Static IP mappings</caption>
          <thead>
            <tr>
              <th scope="col">Production network</th>
              <th scope="col">Isolated IP</th>
              <th scope="col">Access IP</th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {lab.staticMappings.map((m, k) => (
              <tr key={k}>
                <td>{segName(m.productionNetwork)}</td>
                <td className="mono">{m.isolatedIp}</td>
                <td className="mono">{m.accessIp}</td>
                <td>{m.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <section className="wizard__lint" aria-label="Lint result">
        {ready.errors.length > 0 ? (
          <div className="wizard__verdict wizard__verdict--error" role="alert" data-testid="wizard-errors">
            <p className="wizard__verdict-title">
              {ready.errors.length === 1
                ? 'One problem blocks Finish'
                : `${ready.errors.length} problems block Finish`}
            </p>
            <ul>
              {ready.errors.map((e, i) => (
                <li key={i}>
                  <span className="field__code">{e.diagnostic.code}</span> {e.diagnostic.message}
                  {e.step && (
                    <button type="button" className="btn btn--link" onClick={() => goTo(e.step!, e.field)}>
                      Fix it in {STEP_TITLES[e.step]}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <p className="wizard__verdict wizard__verdict--ok" data-testid="wizard-ok">
            ✓ The lab compiles and the linter finds no error in the new virtual lab.
          </p>
        )}
        {ready.warnings.length > 0 && (
          <ul className="wizard__warnings" data-testid="wizard-warnings">
            {ready.warnings.map((w, i) => (
              <li
                key={i}
                className={w.diagnostic.severity === 'warning' ? 'field__problem--warning' : 'muted'}
              >
                <span className="field__code">{w.diagnostic.code}</span> {w.diagnostic.message}
              </li>
            ))}
          </ul>
        )}
        {ready.preexisting > 0 && (
          <p className="field__hint">
            The open lab already has {ready.preexisting} problem{ready.preexisting > 1 ? 's' : ''} of its own
            (Problems panel); they do not block Finish.
          </p>
        )}
      </section>
    </>
  );
}
