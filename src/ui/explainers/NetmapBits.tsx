/**
 * NETMAP as bits: the address before, the `--to` network and the result, 32 bits in octets; the
 * network part (taken from `--to`) and the host part (kept) are marked in text and colour.
 */
import type { NetmapOfStep } from '../../engine/explain/netmap-bits.ts';
import { useId } from 'react';
import './explainers.css';

const ROWS = [
  ['before', 'before'],
  ['to', '--to'],
  ['after', 'after'],
] as const;

export function NetmapBits({ netmap }: { readonly netmap: NetmapOfStep }) {
  const id = useId();
  const t = netmap.text;
  const octet = (bit: number) => (bit % 8 === 7 && bit !== 31 ? ' bit-grid__octet' : '');
  const part = (network: boolean) => (network ? 'is-network' : 'is-host');
  return (
    <figure className="explainer-figure" aria-labelledby={id} data-testid="netmap-bits">
      <figcaption className="explainer-figure__title" id={id}>
        NETMAP maps the {netmap.field} {t.before} into {t.to}
      </figcaption>
      <div className="bit-grid__scroll">
        <table className="bit-grid bit-grid--address">
          <thead>
            <tr>
              <th scope="col">part</th>
              {netmap.len > 0 && (
                <th scope="col" colSpan={netmap.len} className="is-network">
                  network: {netmap.len} bits from --to
                </th>
              )}
              {netmap.len < 32 && (
                <th scope="col" colSpan={32 - netmap.len} className="is-host">
                  host: {32 - netmap.len} bits kept
                </th>
              )}
              <th scope="col">address</th>
            </tr>
          </thead>
          <tbody>
            {ROWS.map(([row, label]) => (
              <tr key={row} className={row === 'after' ? 'bit-grid__result' : undefined}>
                <th scope="row">{label}</th>
                {netmap.bits.map((b) => (
                  <td
                    key={b.bit}
                    className={`${part(b.network)}${octet(b.bit)}${
                      (row === 'to' && !b.network) || (row === 'before' && b.network) ? ' is-unused' : ''
                    }`}
                  >
                    {b[row]}
                  </td>
                ))}
                <td className="bit-grid__hex">
                  {row === 'before' ? t.before : row === 'to' ? t.to : t.after}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="explainer-verdict is-match" data-testid="netmap-verdict">
        {t.before} → {t.after}: the network part becomes {t.to}, the host part {t.host} stays.
      </p>
      <p className="explainer-rule">
        <code>{netmap.rule}</code>
      </p>
    </figure>
  );
}
