/**
 * `mark & mask == value & mask` bit by bit: an `ip rule … fwmark V/M` selector or an iptables
 * `-m mark --mark V/M` match against the packet's mark. Bits under the mask are emphasised; each
 * compared bit says `=` or `≠` in text as well as in colour.
 */
import type { MarkMatchGrid } from '../../engine/explain/mark-grid.ts';
import { useId } from 'react';
import './explainers.css';
import { BitGridHead } from './BitGridHead.tsx';
import { nibbleClass } from './nibble.ts';

const ROWS = ['mark', 'mask', 'value'] as const;

export function FwmarkGrid({ grid, title }: { readonly grid: MarkMatchGrid; readonly title?: string }) {
  const id = useId();
  const bits = [...grid.bits].reverse();
  const h = grid.hex;
  const what = grid.semantics === 'fwmark' ? 'ip rule fwmark' : '-m mark --mark';
  const verdict = grid.matches ? 'matches' : 'does not match';
  const cmp =
    grid.semantics === 'fwmark'
      ? `${h.mark} & ${h.mask} = ${h.markAndMask}, ${h.value} & ${h.mask} = ${h.expected}`
      : `${h.mark} & ${h.mask} = ${h.markAndMask}, compared with ${h.value}`;
  return (
    <figure className="explainer-figure" aria-labelledby={id} data-testid="fwmark-grid">
      <figcaption className="explainer-figure__title" id={id}>
        {title ?? `${what} ${h.value}/${h.mask} against mark ${h.mark}`}
      </figcaption>
      <div className="bit-grid__scroll">
        <table className="bit-grid">
          <BitGridHead bits={bits} />
          <tbody>
            {ROWS.map((row) => (
              <tr key={row}>
                <th scope="row">{row}</th>
                {bits.map((b) => (
                  <td
                    key={b.bit}
                    className={`${b.relevant ? 'is-relevant' : 'is-ignored'}${nibbleClass(b.bit)}`}
                  >
                    {b[row]}
                  </td>
                ))}
                <td className="bit-grid__hex">{h[row]}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">compared</th>
              {bits.map((b) => (
                <td
                  key={b.bit}
                  className={`${!b.relevant ? 'is-ignored' : b.equal ? 'is-equal' : 'is-different'}${nibbleClass(b.bit)}`}
                  title={!b.relevant ? 'not compared (mask bit 0)' : b.equal ? 'equal' : 'different'}
                >
                  {!b.relevant ? '·' : b.equal ? '=' : '≠'}
                </td>
              ))}
              <td className="bit-grid__hex">{grid.equal ? 'equal' : 'differ'}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <p
        className={`explainer-verdict ${grid.matches ? 'is-match' : 'is-no-match'}`}
        data-testid="fwmark-verdict"
      >
        {cmp}
        {grid.invert ? ` (negated with !)` : ''}: {verdict}
      </p>
    </figure>
  );
}
