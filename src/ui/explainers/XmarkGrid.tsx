/**
 * `-j MARK --set-xmark value/mask` (and CONNMARK) bit by bit: `(mark & ~mask) ^ value`. A mask bit
 * replaces the mark bit by the value bit; outside the mask a value bit toggles it.
 */
import type { XmarkGrid as Grid, XmarkOp } from '../../engine/explain/mark-grid.ts';
import { useId } from 'react';
import './explainers.css';
import { BitGridHead } from './BitGridHead.tsx';
import { nibbleClass } from './nibble.ts';

const OP_TEXT: Record<XmarkOp, string> = { kept: 'k', set: 's', cleared: 'c', toggled: 't' };
const OP_TITLE: Record<XmarkOp, string> = {
  kept: 'kept (mask 0, value 0)',
  set: 'set to 1 (mask 1, value 1)',
  cleared: 'cleared to 0 (mask 1, value 0)',
  toggled: 'toggled (mask 0, value 1)',
};
const ROWS = ['mark', 'mask', 'value', 'result'] as const;

export function XmarkGrid({ grid, title }: { readonly grid: Grid; readonly title?: string }) {
  const id = useId();
  const bits = [...grid.bits].reverse();
  const h = grid.hex;
  return (
    <figure className="explainer-figure" aria-labelledby={id} data-testid="xmark-grid">
      <figcaption className="explainer-figure__title" id={id}>
        {title ?? `MARK --set-xmark ${h.value}/${h.mask} on mark ${h.mark}`}
      </figcaption>
      <div className="bit-grid__scroll">
        <table className="bit-grid">
          <BitGridHead bits={bits} />
          <tbody>
            {ROWS.map((row) => (
              <tr key={row} className={row === 'result' ? 'bit-grid__result' : undefined}>
                <th scope="row">{row}</th>
                {bits.map((b) => (
                  <td
                    key={b.bit}
                    className={`${b.op === 'kept' ? 'is-ignored' : 'is-relevant'}${nibbleClass(b.bit)}`}
                  >
                    {b[row]}
                  </td>
                ))}
                <td className="bit-grid__hex">{h[row]}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">effect</th>
              {bits.map((b) => (
                <td key={b.bit} className={`is-op-${b.op}${nibbleClass(b.bit)}`} title={OP_TITLE[b.op]}>
                  {OP_TEXT[b.op]}
                </td>
              ))}
              <td className="bit-grid__hex" />
            </tr>
          </tbody>
        </table>
      </div>
      <p className="explainer-verdict" data-testid="xmark-verdict">
        ({h.mark} & ~{h.mask}) ^ {h.value} = {h.result}
      </p>
      <p className="explainer-legend">k kept · s set · c cleared · t toggled</p>
    </figure>
  );
}
