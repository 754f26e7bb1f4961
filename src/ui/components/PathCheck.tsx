/** A yes/no option bound to one document path; unchecked removes the key (the default). */
import { memo } from 'react';
import { valueAt } from '../../state/paths.ts';
import { useActions, useLab } from '../app/lab-hooks.ts';

interface Props {
  readonly path: string;
  readonly label: string;
  readonly hint?: string;
  readonly testId?: string;
}

export const PathCheck = memo(function PathCheck({ path, label, hint, testId }: Props) {
  const act = useActions();
  const checked = useLab((s) => valueAt(s.doc, path) === true);
  return (
    <label className="check" title={hint} data-path={path}>
      <input
        type="checkbox"
        data-testid={testId}
        checked={checked}
        onFocus={() => act.focusField(path)}
        onChange={(e) => {
          act.setField(
            path,
            e.target.checked ? true : undefined,
            `${e.target.checked ? 'Enable' : 'Disable'} ${label}`,
          );
          act.seal();
        }}
      />
      <span>{label}</span>
    </label>
  );
});
