/**
 * The packet's header at the current step: addresses, ports or ICMP type/id, TTL, mark, conntrack
 * state; what the step just changed is highlighted with the old value struck through.
 */
import { FIELD_NAMES, fieldText, type FieldName, type Frame } from '../../engine/timeline/timeline.ts';
import { PROTO_NAMES } from '../../engine/model/packet.ts';

const LABEL: Record<FieldName, string> = {
  src: 'src',
  dst: 'dst',
  sport: 'sport',
  dport: 'dport',
  ttl: 'TTL',
  mark: 'mark',
  ct: 'conntrack',
};

function labelOf(f: FieldName, proto: number | undefined): string {
  if (proto === 1 && f === 'sport') return 'ICMP id';
  if (proto === 1 && f === 'dport') return 'type/code';
  return LABEL[f];
}

export function PacketCard({ frame }: { readonly frame: Frame | null }) {
  if (!frame?.packet)
    return (
      <div className="packet-card packet-card--empty" data-testid="packet-card">
        The packet has not left yet.
      </div>
    );
  const p = frame.packet;
  const changed = new Map(frame.changed.map((c) => [c.field, c]));
  return (
    <div className={`packet-card packet-card--${frame.ref.leg}`} data-testid="packet-card">
      <div className="packet-card__head">
        {PROTO_NAMES.get(p.proto) ?? `proto ${p.proto}`} at <strong>{frame.device}</strong>
      </div>
      <dl className="packet-card__fields">
        {FIELD_NAMES.map((f) => {
          const c = changed.get(f);
          return (
            <div key={f} className={c ? 'is-changed' : undefined} data-field={f}>
              <dt>{labelOf(f, p.proto)}</dt>
              <dd>
                {c && (
                  <>
                    <del>{c.from}</del>
                    <span aria-hidden> → </span>
                    <span className="visually-hidden"> changed to </span>
                  </>
                )}
                <span className="packet-card__value">{fieldText(p, frame.ct, f)}</span>
              </dd>
            </div>
          );
        })}
      </dl>
    </div>
  );
}
