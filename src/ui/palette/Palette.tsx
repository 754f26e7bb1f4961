/**
 * The palette: drag an item onto the canvas (or press it: it lands in the middle of the view). Items
 * that need something first say what (the proxy appliance needs a production network with a subnet).
 */
import type { DragEvent } from 'react';
import { cannotAdd, type PaletteKind } from '../../state/commands/add.ts';
import { useActions, useLab } from '../app/lab-hooks.ts';
import { KindIcon } from '../components/KindIcon.tsx';
import { canvasBridge, PALETTE_MIME } from '../canvas/bridge.ts';
import './palette.css';

interface Item {
  readonly kind: PaletteKind;
  readonly label: string;
  readonly tip: string;
}

const GROUPS: readonly { title: string; items: readonly Item[] }[] = [
  {
    title: 'Networks',
    items: [
      {
        kind: 'production-network',
        label: 'Production network',
        tip: 'A production portgroup (with uplink): subnet, gateway, DNS, VLAN',
      },
      {
        kind: 'isolated-network',
        label: 'Isolated network',
        tip: 'A lab copy of a production network with no uplink; connect it to the proxy appliance',
      },
    ],
  },
  {
    title: 'Virtual lab',
    items: [
      {
        kind: 'appliance',
        label: 'Proxy appliance',
        tip: 'The virtual lab’s Linux NAT appliance: eth0 on production, one vNIC per isolated network',
      },
      {
        kind: 'backup-server',
        label: 'Backup server',
        tip: 'The Veeam backup server: gets a route to each masquerade network via the appliance',
      },
    ],
  },
  {
    title: 'Machines',
    items: [
      {
        kind: 'host',
        label: 'Host / VM',
        tip: 'A machine: a production VM or its copy in the lab',
      },
      {
        kind: 'production-gateway',
        label: 'Production gateway',
        tip: 'The production network’s default gateway (its address is the network’s gateway)',
      },
      { kind: 'router', label: 'Router', tip: 'A generic Linux router with its own rules' },
    ],
  },
];

export function Palette() {
  const doc = useLab((s) => s.doc);
  const act = useActions();
  const add = (kind: PaletteKind) => {
    const c = canvasBridge().center();
    act.add(kind, { x: c.x - 80, y: c.y - 30 });
  };
  return (
    <aside className="palette" aria-label="Palette" data-testid="palette">
      {GROUPS.map((g) => (
        <section key={g.title} className="palette__group">
          <h2 className="palette__title">{g.title}</h2>
          {g.items.map((it) => {
            const reason = cannotAdd(doc, it.kind);
            return (
              <button
                key={it.kind}
                type="button"
                className="palette__item"
                draggable={!reason}
                aria-disabled={reason ? true : undefined}
                data-testid={`palette-${it.kind}`}
                title={reason ?? `${it.tip}. Drag onto the canvas, or press to add it in the middle.`}
                onDragStart={(e: DragEvent) => {
                  e.dataTransfer.setData(PALETTE_MIME, it.kind);
                  e.dataTransfer.effectAllowed = 'copy';
                }}
                onClick={() => add(it.kind)}
              >
                <span className={`palette__icon palette__icon--${it.kind}`} aria-hidden="true">
                  <KindIcon kind={it.kind === 'host' ? 'host' : it.kind} />
                </span>
                <span>{it.label}</span>
              </button>
            );
          })}
        </section>
      ))}
      <p className="palette__hint">
        Drag from a card’s <strong>+</strong> port to a network to plug in an interface.
      </p>
    </aside>
  );
}
