import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ipv4 } from '../../engine/addr/ipv4.ts';
import { routingLab } from '../../engine/explain/explain.test-support.ts';
import type { Network } from '../../engine/model/network.ts';
import type { Step, TraceResult } from '../../engine/sim/steps.ts';
import { trace } from '../../engine/sim/trace.ts';
import type { StepRef } from '../../engine/timeline/timeline.ts';
import { loadLabValue } from '../../lab/load.ts';
import { example } from '../files/files.test-support.tsx';
import { StepExplainer } from './StepExplainer.tsx';

afterEach(cleanup);

function seed(): { network: Network; result: TraceResult } {
  const loaded = loadLabValue(example('surebackup-basic'));
  if (!loaded.ok) throw new Error('surebackup-basic does not load');
  const r = trace(loaded.network, { from: 'vbs', to: ipv4('192.168.150.36') });
  if (!r.ok) throw new Error(r.error);
  return { network: loaded.network, result: r.value };
}

/** The first step of `leg` on `device` that satisfies `pred`. */
function refOf(
  result: TraceResult,
  leg: 'request' | 'reply',
  device: string,
  pred: (s: Step) => boolean,
): StepRef {
  const hops = result[leg]!.hops;
  for (let h = 0; h < hops.length; h++) {
    if (hops[h]!.device !== device) continue;
    const i = hops[h]!.steps.findIndex(pred);
    if (i >= 0) return { leg, hop: h, step: i };
  }
  throw new Error(`no such step on ${device}`);
}

const { network, result } = seed();
const show = (at: StepRef, net = network, res = result) =>
  render(<StepExplainer result={res} at={at} network={net} />);

describe('StepExplainer on the seed (vbs → 192.168.150.36)', () => {
  it('route step: the fwmark grid says 0x6 & 0x2 = 0x2 matches, and table 2 decides', () => {
    show(refOf(result, 'request', 'vlab', (s) => s.kind === 'route' && s.purpose === 'input'));
    expect(screen.getByTestId('step-narration').textContent).toMatch(
      /the RPDB sends the packet to table 2 \(fwmark 0x6 matches 0x2\/0x2\)/,
    );
    const grid = screen.getByRole('figure', { name: /rule 32765: fwmark 0x2\/0x2 against mark 0x6/ });
    expect(within(grid).getByTestId('fwmark-verdict').textContent).toBe(
      '0x6 & 0x2 = 0x2, 0x2 & 0x2 = 0x2: matches',
    );
    const compared = within(grid).getByRole('row', { name: /^compared/ });
    // bits 7…0, then the summary: only bit 1 is under the mask
    expect(
      within(compared)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['·', '·', '·', '·', '·', '·', '=', '·', 'equal']);
    expect(screen.getByTestId('route-decision-table').textContent).toBe('Table 2 decides');
    const winner = screen.getByRole('row', { name: /192\.168\.149\.0\/24 dev eth1/ });
    expect(within(winner).getAllByRole('cell').at(-1)!.textContent).toMatch(/^wins:/);
    const rules = screen.getByRole('table', { name: 'RPDB rules in order' });
    expect(within(rules).getByRole('row', { name: /32766/ }).textContent).toMatch(/not tried/);
  });

  it('the reply’s route step: the fwmark rule does not match mark 0x0', () => {
    show(refOf(result, 'reply', 'vlab', (s) => s.kind === 'route' && s.purpose === 'input'));
    const grid = screen.getByRole('figure', { name: /rule 32765/ });
    expect(within(grid).getByTestId('fwmark-verdict').textContent).toMatch(
      /0x0 & 0x2 = 0x0.*: does not match$/,
    );
    expect(within(grid).getByText('≠').getAttribute('title')).toBe('different');
    expect(screen.getByTestId('route-decision-table').textContent).toBe('Table main decides');
  });

  it('mangle rule step: MARK --set-xmark 0x6/0xffffffff turns 0x0 into 0x6', () => {
    show(refOf(result, 'request', 'vlab', (s) => s.kind === 'rule' && s.table === 'mangle'));
    expect(screen.getByTestId('xmark-verdict').textContent).toBe('(0x0 & ~0xffffffff) ^ 0x6 = 0x6');
  });

  it('NETMAP step: 192.168.150.36 → 192.168.149.36, network part from --to, host part kept', () => {
    show(refOf(result, 'request', 'vlab', (s) => s.kind === 'nat' && s.manip === 'DNAT'));
    const fig = screen.getByTestId('netmap-bits');
    expect(within(fig).getByTestId('netmap-verdict').textContent).toBe(
      '192.168.150.36 → 192.168.149.36: the network part becomes 192.168.149.0/24, the host part .36 stays.',
    );
    expect(
      within(fig).getByRole('columnheader', { name: 'network: 24 bits from --to' }).getAttribute('colspan'),
    ).toBe('24');
    expect(within(fig).getByRole('columnheader', { name: 'host: 8 bits kept' }).getAttribute('colspan')).toBe(
      '8',
    );
    expect(within(fig).getByRole('row', { name: /^after/ }).textContent).toMatch(/192\.168\.149\.36$/);
  });

  it('MASQUERADE step: the source becomes 192.168.149.2, eth1’s address', () => {
    show(refOf(result, 'request', 'vlab', (s) => s.kind === 'nat' && s.manip === 'SNAT'));
    expect(screen.getByTestId('nat-source-verdict').textContent).toMatch(
      /192\.168\.149\.2 is its first primary address/,
    );
    expect(screen.getByRole('row', { name: /192\.168\.149\.2\/24/ }).textContent).toMatch(/chosen/);
  });

  it('the reply’s de-NAT: the source goes back to 192.168.150.36', () => {
    show(refOf(result, 'reply', 'vlab', (s) => s.kind === 'nat' && s.manip === 'SNAT'));
    expect(screen.getByTestId('step-narration').textContent).toBe(
      'Conntrack de-NATs the reply: source 192.168.149.36 → 192.168.150.36.',
    );
    const entry = screen.getByTestId('conntrack-entry');
    expect(within(entry).getByRole('row', { name: /^source/ }).textContent).toMatch(
      /192\.168\.149\.36 → 192\.168\.150\.36/,
    );
    expect(within(entry).getByTestId('conntrack-verdict').textContent).toBe(
      'A reply from 192.168.149.36 to 192.168.149.2 is rewritten to 192.168.150.36 → 192.168.149.22.',
    );
  });

  it('conntrack step: the entry with both tuples', () => {
    show(refOf(result, 'request', 'vlab', (s) => s.kind === 'conntrack'));
    const entry = screen.getByTestId('conntrack-entry');
    expect(within(entry).getByText('reply').nextElementSibling?.textContent).toBe(
      'src=192.168.149.36 dst=192.168.149.2 type=0 code=0 id=4242',
    );
  });

  it('a step outside the trace says so', () => {
    show({ leg: 'request', hop: 99, step: 0 });
    expect(screen.getByTestId('step-explainer').textContent).toBe('This step is not in the trace.');
  });
});

describe('StepExplainer on a drop', () => {
  it('names the rule responsible', () => {
    const net = routingLab();
    const r = trace(net, { from: 'h', to: ipv4('10.4.0.1') });
    if (!r.ok) throw new Error(r.error);
    show(
      refOf(r.value, 'request', 'r', (s) => s.kind === 'drop'),
      net,
      r.value,
    );
    expect(screen.getByTestId('step-narration').textContent).toBe(
      "r's filter FORWARD rule 1 (-d 10.4.0.0/16) drops the packet (-j DROP).",
    );
    const culprit = screen.getByTestId('drop-culprit');
    expect(culprit.textContent).toBe(
      'Responsible: iptables rule (r, filter FORWARD rule 1)-A FORWARD -d 10.4.0.0/16 -j DROP',
    );
  });
});

describe('StepExplainer renders every step', () => {
  it.each([
    ['the seed', () => ({ net: network, res: result })],
    [
      'a rejected packet and its ICMP error',
      () => {
        const net = routingLab();
        const r = trace(net, { from: 'h', to: ipv4('10.5.0.1'), ttl: 2 });
        if (!r.ok) throw new Error(r.error);
        return { net, res: r.value };
      },
    ],
  ] as const)('%s', (_name, make) => {
    const { net, res } = make();
    let n = 0;
    for (const leg of ['request', 'reply'] as const)
      res[leg]?.hops.forEach((hop, h) =>
        hop.steps.forEach((_s, i) => {
          const { unmount } = show({ leg, hop: h, step: i }, net, res);
          expect(screen.getByTestId('step-narration').textContent).toMatch(/^\S.*[.)]$/);
          unmount();
          n++;
        }),
      );
    expect(n).toBeGreaterThan(10);
  });
});
