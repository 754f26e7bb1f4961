/**
 * Custom rules of a drawn device, in the kernel's own syntax: the device's `iptables-save`, `ip rule`
 * and `ip route` text, edited and read back with the engine's parsers. Problems are shown at their line
 * and the text is kept; Apply writes the device's fields as one undo step.
 */
import { useState } from 'react';
import {
  DUMP_SECTIONS,
  planCustomRules,
  writeRuleFields,
  type CustomError,
  type CustomTexts,
  type DeviceOption,
} from '../../state/rules-view/index.ts';
import { useActions, useLabStore } from '../app/lab-hooks.ts';
import { DumpField } from './DumpField.tsx';

interface Props {
  readonly device: DeviceOption;
  /** The texts the editor opened with (what is unchanged is not read back). */
  readonly opened: CustomTexts;
  readonly onClose: () => void;
}

const TITLES = {
  iptables: 'iptables-save',
  rules: 'ip rule show',
  routes: 'ip route show table all',
} as const;

const warningText = (w: CustomError) =>
  `${w.section === 'lab' ? '' : `${TITLES[w.section]}: `}${w.line > 0 ? `line ${w.line}: ` : ''}${w.message}`;

export function RulesEditor({ device, opened: openedNow, onClose }: Props) {
  const store = useLabStore();
  const actions = useActions();
  // what the editor opened with: a text left alone is not read back, even if the document changed since
  const [opened] = useState(openedNow);
  const [texts, setTexts] = useState(opened);
  const [errors, setErrors] = useState<readonly CustomError[]>([]);
  const [noChange, setNoChange] = useState(false);

  const apply = () => {
    const plan = planCustomRules(store.getState().doc, device.index, texts, opened);
    if (!plan.ok) {
      setErrors(plan.errors);
      return;
    }
    const planned = plan.device;
    if (!planned) {
      setErrors([]);
      setNoChange(true);
      return;
    }
    actions.run(`Edit rules of ${device.id}`, (d) => writeRuleFields(d.devices[device.index]!, planned));
    if (plan.warnings.length)
      actions.notify({ tone: 'info', text: plan.warnings.map(warningText).join('; ') });
    onClose();
  };
  const general = errors.filter((e) => e.section === 'lab');

  return (
    <form
      className="rules-editor"
      aria-label={`Custom rules of ${device.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
    >
      <p className="rules-editor__hint">
        Write what the tools print on the device — <code>iptables-save</code>, <code>ip rule</code>,{' '}
        <code>ip route</code> — and Apply: the engine&apos;s own parsers read it. The kernel&apos;s routes for
        the addresses (<code>proto kernel</code>) come from the interfaces and are skipped; lines a
        virtual-lab design adds are not shown here.
      </p>
      <div className="rules-editor__fields">
        {DUMP_SECTIONS.map((id) => (
          <DumpField
            key={id}
            id={id}
            label={TITLES[id]}
            value={texts[id]}
            errors={errors.filter((e) => e.section === id)}
            onChange={(text) => {
              setNoChange(false);
              setTexts((t) => ({ ...t, [id]: text }));
            }}
          />
        ))}
      </div>
      {general.length > 0 && (
        <ul className="rules-editor__errors" aria-live="polite">
          {general.map((e, i) => (
            <li key={i} className="field__problem" data-testid="rules-error" data-line={0}>
              {e.message}
            </li>
          ))}
        </ul>
      )}
      <div className="rules-editor__foot">
        {noChange && (
          <span className="muted small" role="status">
            Nothing changed.
          </span>
        )}
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="btn btn--primary" data-testid="rules-apply">
          Apply
        </button>
      </div>
    </form>
  );
}
