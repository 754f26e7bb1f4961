/** Which source MASQUERADE or SNAT chose: the output interface's addresses and why one of them. */
import { formatCidr, formatIpv4 } from '../../engine/addr/ipv4.ts';
import type { NatSourceView } from '../../engine/explain/nat-source.ts';
import { useId } from 'react';
import './explainers.css';

export function NatSource({ view }: { readonly view: NatSourceView }) {
  const id = useId();
  if (view.kind === 'SNAT')
    return (
      <figure className="explainer-figure" aria-labelledby={id} data-testid="nat-source">
        <figcaption className="explainer-figure__title" id={id}>
          SNAT chooses {formatIpv4(view.chosen)}
        </figcaption>
        <p className="explainer-verdict">{view.reason}</p>
      </figure>
    );
  return (
    <figure className="explainer-figure" aria-labelledby={id} data-testid="nat-source">
      <figcaption className="explainer-figure__title" id={id}>
        MASQUERADE: the addresses of {view.iface} (next hop {formatIpv4(view.nexthop)})
      </figcaption>
      <table className="explainer-table">
        <thead>
          <tr>
            <th scope="col">address</th>
            <th scope="col">holds the next hop</th>
            <th scope="col">chosen</th>
            <th scope="col">why</th>
          </tr>
        </thead>
        <tbody>
          {view.candidates.map((c) => (
            <tr key={`${c.addr}/${c.len}`} className={c.chosen ? 'is-winner' : undefined}>
              <td>
                <code>{formatCidr({ addr: c.addr, len: c.len })}</code>
                {c.secondary ? ' (secondary)' : ''}
              </td>
              <td>{c.holdsNexthop ? 'yes' : 'no'}</td>
              <td>{c.chosen ? 'chosen' : '—'}</td>
              <td>{c.why}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="explainer-verdict is-match" data-testid="nat-source-verdict">
        {view.reason}
      </p>
    </figure>
  );
}
