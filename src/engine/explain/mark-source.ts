/**
 * Where the marks in a trace come from: the `fwmark V/M` of an RPDB rule, and the mark operations of an
 * iptables rule (`-m mark`, `-m connmark`, `-j MARK --set-xmark`, `-j CONNMARK`) read from the rule the
 * engine compiled or parsed by the engine's own iptables parser — never by matching text.
 */
import type { Device } from '../model/device.ts';
import type { Rule, TableName } from '../model/netfilter.ts';
import type { RpdbRule } from '../model/rpdb.ts';
import { parseRule } from '../netfilter/parse-rule.ts';
import { markMatchGrid, xmarkGrid, type MarkMatchGrid, type XmarkGrid } from './mark-grid.ts';
import { hex, markPair } from './phrases.ts';
import { ruleOfStep, type RuleStep } from './step-context.ts';

export type MarkOp =
  | {
      readonly kind: 'match';
      readonly module: 'mark' | 'connmark';
      readonly value: number;
      readonly mask: number;
      readonly invert: boolean;
    }
  /** `-j MARK` in the kernel's form (`--set-xmark value/mask`, whatever option was written). */
  | { readonly kind: 'xmark'; readonly value: number; readonly mask: number }
  | { readonly kind: 'connmark-set'; readonly value: number; readonly mask: number }
  | { readonly kind: 'connmark-save'; readonly nfmask: number; readonly ctmask: number }
  | { readonly kind: 'connmark-restore'; readonly nfmask: number; readonly ctmask: number };

/** The `fwmark value/mask` selector of an RPDB rule; none for no selector or `fwmark 0` (mask 0, matches all). */
export function fwmarkOfRpdbRule(rule: RpdbRule): { readonly value: number; readonly mask: number } | null {
  const f = rule.fwmark;
  return f && (f.value !== 0 || f.mask !== 0) ? f : null;
}

/** The mark matches and mark targets of a rule, in rule order (matches first, then the target). */
export function markOpsOfRule(rule: Rule): MarkOp[] {
  const ops: MarkOp[] = [];
  for (const m of rule.matches)
    if (m.module === 'mark' || m.module === 'connmark')
      ops.push({ kind: 'match', module: m.module, value: m.value, mask: m.mask, invert: m.invert });
  const t = rule.target;
  if (t.kind === 'MARK') ops.push({ kind: 'xmark', value: t.value, mask: t.mask });
  if (t.kind === 'CONNMARK') {
    if (t.mode === 'set') ops.push({ kind: 'connmark-set', value: t.value, mask: t.mask });
    else ops.push({ kind: `connmark-${t.mode}`, nfmask: t.nfmask, ctmask: t.ctmask });
  }
  return ops;
}

/** The mark operations of a rule written as `iptables -S` prints it after `-A CHAIN`; [] if it does not parse. */
export function markOpsOfText(text: string, table: TableName, chain: string): MarkOp[] {
  const r = parseRule(text, { table, chain });
  return r.ok ? markOpsOfRule(r.value) : [];
}

/** One mark operation of a rule step, with the grid that shows it on the packet's mark. */
export interface RuleMarkView {
  readonly op: MarkOp;
  /** The formula with the numbers: `0x6 & 0x2 = 0x2 == 0x2`. */
  readonly formula: string;
  /** For `-m mark`: the comparison with the packet's mark. */
  readonly match?: MarkMatchGrid;
  /** For MARK and CONNMARK: the new mark (or connmark), bit by bit. */
  readonly xmark?: XmarkGrid;
}

function view(op: MarkOp, step: RuleStep, markBefore: number): RuleMarkView {
  switch (op.kind) {
    case 'match': {
      if (op.module === 'connmark')
        return { op, formula: `ctmark & ${hex(op.mask)} ${op.invert ? '!=' : '=='} ${hex(op.value)}` };
      const g = markMatchGrid(markBefore, op.value, op.mask, { semantics: 'mark-match', invert: op.invert });
      return {
        op,
        match: g,
        formula: `${g.hex.mark} & ${g.hex.mask} = ${g.hex.markAndMask} ${g.equal ? '==' : '!='} ${g.hex.value}`,
      };
    }
    case 'xmark': {
      const g = xmarkGrid(markBefore, op.value, op.mask);
      return { op, xmark: g, formula: `(${g.hex.mark} & ~${g.hex.mask}) ^ ${g.hex.value} = ${g.hex.result}` };
    }
    case 'connmark-set': {
      if (!step.connmark) return { op, formula: `ctmark = (ctmark & ~${hex(op.mask)}) ^ ${hex(op.value)}` };
      const g = xmarkGrid(step.connmark.from, op.value, op.mask);
      return {
        op,
        xmark: g,
        formula: `ctmark = (${g.hex.mark} & ~${g.hex.mask}) ^ ${g.hex.value} = ${g.hex.result}`,
      };
    }
    case 'connmark-save': {
      const v = (markBefore & op.nfmask) >>> 0;
      if (!step.connmark)
        return {
          op,
          formula: `ctmark = (ctmark & ~${hex(op.ctmask)}) ^ (${hex(markBefore)} & ${hex(op.nfmask)})`,
        };
      const g = xmarkGrid(step.connmark.from, v, op.ctmask);
      return {
        op,
        xmark: g,
        formula: `ctmark = (${g.hex.mark} & ~${g.hex.mask}) ^ ${hex(v)} = ${g.hex.result}`,
      };
    }
    case 'connmark-restore': {
      // mark' = (mark & ~nfmask) ^ (ctmark & ctmask): the step shows mark and mark', which give ctmark & ctmask
      const from = step.mark?.from ?? markBefore;
      const to = step.mark?.to ?? markBefore;
      const v = (to ^ (from & ~op.nfmask)) >>> 0;
      const g = xmarkGrid(from, v, op.nfmask);
      return {
        op,
        xmark: g,
        formula: `mark = (${g.hex.mark} & ~${g.hex.mask}) ^ (ctmark & ${hex(op.ctmask)}) = ${g.hex.result}`,
      };
    }
  }
}

/** The mark operations of a rule step, each with its grid on the mark the packet carried (`markBefore`). */
export function markViewsOfStep(
  step: RuleStep,
  device: Device | undefined,
  markBefore: number,
): RuleMarkView[] {
  const rule = ruleOfStep(step, device);
  return rule ? markOpsOfRule(rule).map((op) => view(op, step, markBefore)) : [];
}

/** `-m mark --mark 0x2/0x2`, `--set-xmark 0x6/0xffffffff`: the operation as iptables prints it. */
export function markOpText(op: MarkOp): string {
  switch (op.kind) {
    case 'match':
      return `-m ${op.module} ${op.invert ? '! ' : ''}--mark ${markPair(op.value, op.mask)}`;
    case 'xmark':
      return `--set-xmark ${hex(op.value)}/${hex(op.mask)}`;
    case 'connmark-set':
      return `--set-xmark ${hex(op.value)}/${hex(op.mask)}`;
    case 'connmark-save':
      return `--save-mark --nfmask ${hex(op.nfmask)} --ctmask ${hex(op.ctmask)}`;
    case 'connmark-restore':
      return `--restore-mark --nfmask ${hex(op.nfmask)} --ctmask ${hex(op.ctmask)}`;
  }
}
