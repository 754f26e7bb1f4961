import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileLab } from '../../lab/compile.ts';
import type { LabDocument } from '../../lab/format.ts';
import { alikeLab, hostIp } from '../../whatif/whatif.test-support.ts';
import { lintLab } from './lint.ts';
import type { Diagnostic } from './types.ts';

type Raw = { devices: Record<string, unknown>[]; virtualLabs: Record<string, unknown>[] };

/**
 * alikeLab with the clients' routes left to the administrator (so VL-02 speaks about each client),
 * then twists that make some clients differ: a route of their own, a firewall, another gateway.
 */
function lab(
  clients: number,
  twists: readonly { client: number; kind: 'route' | 'drop' | 'gw' }[],
): LabDocument {
  const doc = alikeLab(clients, 2) as unknown as Raw;
  doc.virtualLabs[0] = { ...doc.virtualLabs[0], clientRoutes: 'report' };
  const dev = (i: number) => doc.devices.find((d) => d.id === `c${i}`)!;
  for (const t of twists) {
    if (t.kind === 'route') (dev(t.client).routes as unknown[]).push({ to: '10.1.0.0/16', via: '10.0.0.3' });
    else if (t.kind === 'drop') dev(t.client).iptables = { filter: { OUTPUT: ['-d 10.1.0.0/16 -j DROP'] } };
    else dev(t.client).routes = [{ to: 'default', via: hostIp(2000 + ((t.client + 1) % clients)) }];
  }
  return doc as unknown as LabDocument;
}

function lint(doc: LabDocument, exhaustiveProbes: boolean): Diagnostic[] {
  const c = compileLab(doc);
  if (!c.network) throw new Error(c.issues.map((i) => i.message).join('; '));
  return lintLab({
    doc,
    network: c.network,
    provenance: c.provenance,
    ...(c.design ? { design: c.design } : {}),
    exhaustiveProbes,
  });
}

describe('probes shared between alike clients', () => {
  it('say of each client what its own trace says', () => {
    const shared = lint(lab(4, []), false).filter((d) => d.code === 'VL-02');
    // every client but the backup server is told, in its own words
    expect(shared.map((d) => d.message.match(/^Client (c\d+)/)?.[1])).toEqual(['c1', 'c2', 'c3']);
    expect(shared[2]!.message).toContain("(the engine's trace: c3 ");
    expect(shared).toEqual(lint(lab(4, []), true).filter((d) => d.code === 'VL-02'));
  });

  it('never change a diagnostic (random twists)', () => {
    const arb = fc.integer({ min: 2, max: 5 }).chain((clients) =>
      fc.record({
        clients: fc.constant(clients),
        twists: fc.uniqueArray(
          fc.record({
            client: fc.integer({ min: 1, max: clients - 1 }),
            kind: fc.constantFrom('route' as const, 'drop' as const, 'gw' as const),
          }),
          { maxLength: 3, selector: (t) => `${t.client}${t.kind}` },
        ),
      }),
    );
    fc.assert(
      fc.property(arb, ({ clients, twists }) => {
        const doc = lab(clients, twists);
        expect(lint(doc, false)).toEqual(lint(doc, true));
      }),
      { numRuns: 25 },
    );
  });
});
