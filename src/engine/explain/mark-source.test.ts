import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RuleStep } from './step-context.ts';
import { findStep, seedTrace } from './explain.test-support.ts';
import { fwmarkOfRpdbRule, markOpText, markOpsOfText, markViewsOfStep } from './mark-source.ts';
import { markBefore } from './step-context.ts';

const ruleStep = (text: string, extra: Partial<RuleStep> = {}): RuleStep => ({
  kind: 'rule',
  table: 'mangle',
  chain: 'PREROUTING',
  index: 1,
  text,
  verdict: 'continue',
  target: 'MARK',
  ...extra,
});

describe('mark operations of a rule, read by the iptables parser', () => {
  it('reads -m mark and the MARK options in the kernel form', () => {
    expect(markOpsOfText('-m mark --mark 0x2/0x2 -j ACCEPT', 'filter', 'FORWARD')).toEqual([
      { kind: 'match', module: 'mark', value: 0x2, mask: 0x2, invert: false },
    ]);
    expect(markOpsOfText('-m mark ! --mark 0x6 -j MARK --set-mark 0x6/0xf', 'mangle', 'PREROUTING')).toEqual([
      { kind: 'match', module: 'mark', value: 0x6, mask: 0xffffffff, invert: true },
      { kind: 'xmark', value: 0x6, mask: 0xf },
    ]);
    expect(markOpsOfText('-j MARK --and-mark 0xff', 'mangle', 'OUTPUT')).toEqual([
      { kind: 'xmark', value: 0, mask: 0xffffff00 },
    ]);
  });

  it('reads CONNMARK set, save and restore', () => {
    const [set] = markOpsOfText('-j CONNMARK --set-mark 0x1', 'mangle', 'PREROUTING');
    expect(set).toMatchObject({ kind: 'connmark-set', value: 0x1 });
    const [save] = markOpsOfText('-j CONNMARK --save-mark', 'mangle', 'PREROUTING');
    expect(save).toEqual({ kind: 'connmark-save', nfmask: 0xffffffff, ctmask: 0xffffffff });
    const [restore] = markOpsOfText(
      '-m connmark --mark 0x1 -j CONNMARK --restore-mark',
      'mangle',
      'PREROUTING',
    ).slice(1);
    expect(restore).toEqual({ kind: 'connmark-restore', nfmask: 0xffffffff, ctmask: 0xffffffff });
    expect(markOpText(restore!)).toBe('--restore-mark --nfmask 0xffffffff --ctmask 0xffffffff');
  });

  it('gives nothing for a rule that does not parse or has no mark', () => {
    expect(markOpsOfText('-j NOPE', 'mangle', 'PREROUTING')).toEqual([]);
    expect(markOpsOfText('-d 10.0.0.0/8 -j ACCEPT', 'filter', 'INPUT')).toEqual([]);
  });

  it('fwmarkOfRpdbRule: none for `fwmark 0` (mask 0), which matches every packet', () => {
    const base = { pref: 100, not: false, action: 'lookup' as const, table: 2 };
    expect(fwmarkOfRpdbRule({ ...base, fwmark: { value: 0x2, mask: 0x2 } })).toEqual({ value: 2, mask: 2 });
    expect(fwmarkOfRpdbRule({ ...base, fwmark: { value: 0, mask: 0 } })).toBeNull();
    expect(fwmarkOfRpdbRule(base)).toBeNull();
  });
});

describe('mark views of a rule step', () => {
  it('the seed: vlab mangle PREROUTING rule 1 sets 0x0 → 0x6', () => {
    const { net, result } = seedTrace();
    const at = findStep(result, 'request', 'vlab', 'rule', (s) => s.table === 'mangle');
    const [v] = markViewsOfStep(at.step, net.byId.get('vlab'), markBefore(at.hop, at.index));
    expect(v!.formula).toBe('(0x0 & ~0xffffffff) ^ 0x6 = 0x6');
    expect(v!.xmark!.result).toBe(at.step.mark!.to);
  });

  it('a -m mark match is compared with the mark the packet carries', () => {
    const [v] = markViewsOfStep(
      ruleStep('-m mark --mark 0x2/0x2 -j ACCEPT', { verdict: 'accept', target: 'ACCEPT' }),
      undefined,
      0x6,
    );
    expect(v!.formula).toBe('0x6 & 0x2 = 0x2 == 0x2');
    expect(v!.match!.matches).toBe(true);
  });

  it('CONNMARK --restore-mark: the grid recovers ctmark & ctmask and gives the step’s new mark', () => {
    fc.assert(
      fc.property(fc.nat(0xffff), fc.nat(0xffff), fc.nat(0xffff), fc.nat(0xffff), (mark, ct, nf, ctm) => {
        const to = ((mark & ~nf) ^ (ct & ctm)) >>> 0;
        const text = `-j CONNMARK --restore-mark --nfmask 0x${nf.toString(16)} --ctmask 0x${ctm.toString(16)}`;
        const step = ruleStep(text, {
          target: 'CONNMARK',
          ...(to !== mark ? { mark: { from: mark, to } } : {}),
        });
        const [v] = markViewsOfStep(step, undefined, mark);
        expect(v!.xmark!.result).toBe(to);
      }),
    );
  });

  it('CONNMARK --save-mark: the grid gives the step’s new connection mark', () => {
    const step = ruleStep('-j CONNMARK --save-mark', { target: 'CONNMARK', connmark: { from: 0, to: 0x6 } });
    const [v] = markViewsOfStep(step, undefined, 0x6);
    expect(v!.xmark!.result).toBe(0x6);
    expect(v!.formula).toBe('ctmark = (0x0 & ~0xffffffff) ^ 0x6 = 0x6');
  });
});
