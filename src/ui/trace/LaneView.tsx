/**
 * The netfilter lane of the hop the playback is in: each hook in kernel order with its tables, the
 * routing decision between them, every rule of the walked chains (matched ones marked, the others
 * dim) and the step being shown highlighted.
 */
import { memo } from 'react';
import { tableName } from '../../engine/model/route.ts';
import type { Lane, LaneCell, LaneChain } from '../../engine/timeline/lane.ts';

/** Rules matched by a later step than `upTo` are not told yet (workshop). */
function ChainRules({
  chain,
  current,
  upTo,
}: {
  readonly chain: LaneChain;
  readonly current: number;
  readonly upTo: number;
}) {
  return (
    <div className="lane__chain">
      <div className="lane__chain-name">
        -t {chain.table} {chain.name}
        {chain.policy && <span className="lane__policy"> policy {chain.policy}</span>}
      </div>
      {chain.rules.length === 0 && <div className="lane__rule is-dim">(no rules)</div>}
      {chain.rules.map((r) => {
        // a rule's verdict is told once the packet got there (a chain entered later is not told yet)
        const told = chain.step <= upTo && (r.step === undefined || r.step <= upTo);
        const matched = r.matched && told;
        return (
          <div
            key={r.index}
            className={`lane__rule${matched ? ' is-matched' : ' is-dim'}${r.step === current ? ' is-current' : ''}`}
            data-testid="lane-rule"
          >
            <span className="lane__rule-n">{r.index}</span>
            <code>{r.text}</code>
            <span className="lane__verdict">{!told ? '?' : matched ? `✓ ${r.verdict}` : 'no match'}</span>
          </div>
        );
      })}
      {chain.policyApplied && chain.step <= upTo && (
        <div className={`lane__rule is-matched`}>
          <span className="lane__rule-n">–</span>
          <code>policy {chain.policy}</code>
        </div>
      )}
    </div>
  );
}

function Cell({
  cell,
  current,
  upTo,
}: {
  readonly cell: LaneCell;
  readonly current: number;
  readonly upTo: number;
}) {
  const name = cell.kind === 'table' ? cell.table : 'conntrack';
  const here = cell.steps.includes(current);
  return (
    <div
      className={`lane__cell lane__cell--${cell.status}${here ? ' is-current' : ''}`}
      data-testid={`lane-cell-${name}`}
      aria-current={here ? 'step' : undefined}
    >
      <div className="lane__cell-name">{name}</div>
      {cell.kind === 'conntrack' && <div className="lane__ct">{cell.text}</div>}
      {cell.kind === 'table' && cell.status === 'absent' && <div className="lane__ct">—</div>}
      {cell.kind === 'table' &&
        cell.chains.map((c) => <ChainRules key={c.name} chain={c} current={current} upTo={upTo} />)}
    </div>
  );
}

export const LaneView = memo(function LaneView({
  lane,
  current,
  upTo = Infinity,
}: {
  readonly lane: Lane;
  readonly current: number;
  /** Workshop: what happened after this step of the hop is not told yet. */
  readonly upTo?: number;
}) {
  return (
    <div className="lane" aria-label={`Netfilter lane of ${lane.device}`} data-testid="netfilter-lane">
      {lane.stages.map((s, k) =>
        s.kind === 'route' ? (
          <div
            key={k}
            className={`lane__route${s.step === current ? ' is-current' : ''}`}
            data-testid="lane-route"
          >
            <div className="lane__hook-name">routing decision ({s.purpose})</div>
            <div>
              {s.step > upTo
                ? '?'
                : s.table === null
                  ? s.result
                  : `table ${tableName(s.table)}: ${s.text} → ${s.result}`}
            </div>
          </div>
        ) : (
          <div key={k} className="lane__hook" data-testid={`lane-hook-${s.chain}`}>
            <div className="lane__hook-name">{s.chain}</div>
            <div className="lane__cells">
              {s.cells.map((c, j) => (
                <Cell key={j} cell={c} current={current} upTo={upTo} />
              ))}
            </div>
          </div>
        ),
      )}
    </div>
  );
});
