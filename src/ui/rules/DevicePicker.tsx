/** Which device the Rules panel shows. */
import { useId } from 'react';
import { deviceLabel, type DeviceOption } from '../../state/rules-view/index.ts';

interface Props {
  readonly options: readonly DeviceOption[];
  readonly value: string;
  readonly onChange: (id: string) => void;
}

export function DevicePicker({ options, value, onChange }: Props) {
  const id = useId();
  return (
    <div className="rules-picker">
      <label htmlFor={id} className="field__label">
        Device
      </label>
      <select id={id} data-testid="rules-device" value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {deviceLabel(o)}
          </option>
        ))}
      </select>
    </div>
  );
}
