/**
 * A conntrack entry: the original tuple, the reply tuple (what a reply looks like on the wire after
 * NAT) and how a reply is de-NATed back, field by field.
 */
import type { ConntrackView } from '../../engine/explain/conntrack-view.ts';
import { useId } from 'react';
import './explainers.css';

export function ConntrackEntry({ view }: { readonly view: ConntrackView }) {
  const id = useId();
  return (
    <figure className="explainer-figure" aria-labelledby={id} data-testid="conntrack-entry">
      <figcaption className="explainer-figure__title" id={id}>
        Conntrack entry ({view.created ? 'created now' : view.state}
        {view.dir === 'REPLY' ? ', reply direction' : ''})
      </figcaption>
      <dl className="explainer-tuples">
        <dt>original</dt>
        <dd>
          <code>{view.orig.text}</code>
        </dd>
        <dt>reply</dt>
        <dd>
          <code>{view.reply.text}</code>
        </dd>
        {view.replyBeforeNat && (
          <>
            <dt>reply without NAT</dt>
            <dd>
              <code>{view.replyBeforeNat.text}</code>
            </dd>
          </>
        )}
      </dl>
      {view.deNat.length > 0 && (
        <table className="explainer-table" aria-label="How a reply is de-NATed">
          <thead>
            <tr>
              <th scope="col">reply field</th>
              <th scope="col">rewritten</th>
              <th scope="col">where</th>
              <th scope="col">undoes</th>
            </tr>
          </thead>
          <tbody>
            {view.deNat.map((d) => (
              <tr key={d.field}>
                <td>{d.field}</td>
                <td>
                  {d.from} → {d.to}
                </td>
                <td>nat {d.where}</td>
                <td>{d.undoes}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="explainer-verdict" data-testid="conntrack-verdict">
        {view.sentence}
      </p>
    </figure>
  );
}
