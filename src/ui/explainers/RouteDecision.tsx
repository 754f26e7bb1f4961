/**
 * The routing decision: the RPDB rules in order (what each did and why, with an fwmark grid for each
 * fwmark selector) and, in the table that decided, the routes holding the destination, winner first
 * among equals, with why each other one lost.
 */
import { formatIpv4 } from '../../engine/addr/ipv4.ts';
import type { RouteDecision as Decision, RpdbOutcome } from '../../engine/explain/route-decision.ts';
import { FwmarkGrid } from './FwmarkGrid.tsx';
import './explainers.css';

const OUTCOME: Record<RpdbOutcome, string> = {
  'no-match': 'no match',
  miss: 'no route: next rule',
  throw: 'throw: next rule',
  suppressed: 'suppressed: next rule',
  hit: 'decides',
  error: 'fails',
  nop: 'nop',
  goto: 'goto',
  'not-reached': 'not tried',
};

export function RouteDecision({ decision }: { readonly decision: Decision }) {
  const f = decision.flow;
  return (
    <section className="explainer-figure" data-testid="route-decision" aria-label="Routing decision">
      <h4 className="explainer-figure__title">
        Route lookup for {formatIpv4(f.dst)} (from {f.src ? formatIpv4(f.src) : 'any source'}, iif {f.iif}
        {f.oif ? `, oif ${f.oif}` : ''}, mark 0x{f.mark.toString(16)})
      </h4>
      <table className="explainer-table" aria-label="RPDB rules in order">
        <thead>
          <tr>
            <th scope="col">pref</th>
            <th scope="col">ip rule</th>
            <th scope="col">outcome</th>
            <th scope="col">why</th>
          </tr>
        </thead>
        <tbody>
          {decision.rules.map((r) => (
            <tr key={`${r.pref}:${r.text}`} className={`is-${r.outcome}`}>
              <td>{r.pref}</td>
              <td>
                <code>{r.text}</code>
              </td>
              <td>{OUTCOME[r.outcome]}</td>
              <td>{r.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {decision.rules
        .filter((r) => r.fwmark && r.outcome !== 'not-reached')
        .map((r) => (
          <FwmarkGrid
            key={`fw:${r.pref}:${r.text}`}
            grid={r.fwmark!}
            title={`rule ${r.pref}: fwmark ${r.fwmark!.hex.value}/${r.fwmark!.hex.mask} against mark ${r.fwmark!.hex.mark}`}
          />
        ))}
      {decision.table !== null ? (
        <>
          <h4 className="explainer-figure__title" data-testid="route-decision-table">
            Table {decision.table} decides
          </h4>
          {decision.candidates.length ? (
            <table
              className="explainer-table"
              aria-label={`routes of table ${decision.table} holding the destination`}
            >
              <thead>
                <tr>
                  <th scope="col">route</th>
                  <th scope="col">prefix</th>
                  <th scope="col">metric</th>
                  <th scope="col">result</th>
                </tr>
              </thead>
              <tbody>
                {decision.candidates.map((c) => (
                  <tr key={c.text} className={c.verdict === 'winner' ? 'is-winner' : undefined}>
                    <td>
                      <code>{c.text}</code>
                    </td>
                    <td>/{c.len}</td>
                    <td>{c.metric}</td>
                    <td>{c.verdict === 'winner' ? `wins: ${c.why}` : `loses: ${c.why}`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="explainer-verdict">No route of table {decision.table} holds the destination.</p>
          )}
        </>
      ) : (
        <p className="explainer-verdict is-no-match">No table had a route: {decision.result}.</p>
      )}
    </section>
  );
}
