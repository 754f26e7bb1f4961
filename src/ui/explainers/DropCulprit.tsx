/** What killed the packet: the rule, route, `ip rule`, sysctl or neighbour responsible, as the tools print it. */
import type { CulpritKind, DropCulprit as Culprit } from '../../engine/explain/drop-sentence.ts';
import { useId } from 'react';
import './explainers.css';

const KIND: Record<CulpritKind, string> = {
  rule: 'iptables rule',
  policy: 'chain policy',
  route: 'route',
  'ip-rule': 'ip rule',
  sysctl: 'sysctl',
  neighbour: 'neighbour',
  link: 'link',
  address: 'address',
  conntrack: 'conntrack',
  packet: 'packet',
  natlab: 'natlab limit',
};

function where(c: Culprit): string {
  if (c.kind === 'rule') return `${c.device}, ${c.table} ${c.chain} rule ${c.index}`;
  if (c.kind === 'policy') return `${c.device}, ${c.table} ${c.chain}`;
  if (c.kind === 'route' && c.table) return `${c.device}, table ${c.table}`;
  if (c.kind === 'ip-rule') return `${c.device}, preference ${c.index}`;
  return c.iface ? `${c.device}, ${c.iface}` : c.device;
}

export function DropCulprit({ culprit }: { readonly culprit: Culprit }) {
  const id = useId();
  return (
    <figure className="explainer-figure explainer-drop" aria-labelledby={id} data-testid="drop-culprit">
      <figcaption className="explainer-figure__title" id={id}>
        Responsible: {KIND[culprit.kind]} ({where(culprit)})
      </figcaption>
      <p className="explainer-rule">
        <code>{culprit.text}</code>
      </p>
    </figure>
  );
}
