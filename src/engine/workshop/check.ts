/**
 * Checking a learner's answer against the engine's: the input is normalised the way people write these
 * values (`192.168.149.36/32`, `table 2`, `main`, `0x6` or `6`, `rule 1`, `dropped (rp filter)`, any
 * case and spacing), then compared as values, not as text.
 */
import { parseIpv4 } from '../addr/ipv4.ts';
import type { TraceResult } from '../sim/steps.ts';
import { parseTableId, parseUnsigned } from '../tools/ip-names.ts';
import { answerOf } from './answer.ts';
import { DELIVERED } from './options.ts';
import type { Check, Question, QuestionKind, Score } from './question.ts';

/** Lower case, single spaces, no surrounding blanks; compatibility forms folded (full-width digits). */
export function cleanAnswer(s: string): string {
  return s.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
}

/** A normalised value, or why the text is not one (shown before the explanation). */
type Norm = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly why: string };
const val = (value: string): Norm => ({ ok: true, value });
const bad = (why: string): Norm => ({ ok: false, why });

function address(s: string): Norm {
  const t = s.replace(/^(?:dst|src|destination|source)\s*/, '').replace(/\/32$/, '');
  const a = parseIpv4(t);
  return a.ok ? val(String(a.value >>> 0)) : bad(`"${s}" is not an IPv4 address.`);
}

function table(s: string): Norm {
  const id = parseTableId(s.replace(/^(?:table|lookup)\s+/, ''));
  return id === null
    ? bad(`"${s}" is not a routing table (a number, or local, main, default).`)
    : val(String(id));
}

function iface(s: string): Norm {
  const t = s.replace(/^dev\s+/, '');
  return t ? val(t) : bad('no interface given.');
}

function ruleIndex(s: string, expected: string): Norm {
  const t = s.replace(/^(?:rule|#)\s*/, '');
  if (/^\d+$/.test(t)) return val(String(Number(t)));
  if (/^(?:the )?policy\b/.test(t)) return val('policy');
  if (t === 'return') return val('return');
  // "none": no rule matches, whichever way the chain then ends
  if (t === 'none' || t === 'no rule' || t === 'no match')
    return val(expected === 'return' ? 'return' : 'policy');
  return bad(`"${s}" is not a rule number (1, 2, …) or "policy".`);
}

function mark(s: string): Norm {
  const n = parseUnsigned(s.replace(/^mark\s+/, ''));
  return n === null ? bad(`"${s}" is not a mark (0x6 or 6).`) : val(String(n));
}

function verdict(s: string): Norm {
  // "delivered to sf0006-copy": the question is whether, not where (the explanation says where)
  if (/^deliver(?:ed)?\b/.test(s)) return val(DELIVERED);
  const reason = s
    .replace(/^(?:dropped|drop)\b/, '')
    .replace(/[:()—–,.]/g, ' ')
    .trim()
    .replace(/[\s-]+/g, '_');
  return val(reason ? `dropped: ${reason}` : 'dropped');
}

function normalise(kind: QuestionKind, s: string, expected: string): Norm {
  switch (kind) {
    case 'nat-address':
      return address(s);
    case 'route-table':
      return table(s);
    case 'out-interface':
      return iface(s);
    case 'rule-match':
      return ruleIndex(s, expected);
    case 'mark':
      return mark(s);
    case 'verdict':
      return verdict(s);
  }
}

/** Whether `given` says the same as the engine's answer `expected` (both as written, not normalised). */
export function sameAnswer(
  kind: QuestionKind,
  given: string,
  expected: string,
): { same: boolean; why?: string } {
  const e = normalise(kind, cleanAnswer(expected), cleanAnswer(expected));
  const g = normalise(kind, cleanAnswer(given), cleanAnswer(expected));
  if (!g.ok) return { same: false, why: g.why };
  if (!e.ok) return { same: false };
  if (kind === 'verdict' && g.value === 'dropped' && e.value.startsWith('dropped: '))
    return { same: false, why: 'Dropped, yes, but the reason counts too.' };
  return { same: g.value === e.value };
}

/** Checks `given` against the engine's answer to `question` on `result`. */
export function checkAnswer(question: Question, given: string, result: TraceResult): Check {
  const a = answerOf(question, result);
  if (!a.ok) return { correct: false, expected: '', explanation: a.error.message };
  const { same, why } = sameAnswer(question.kind, given, a.value.value);
  return {
    correct: same,
    expected: a.value.value,
    explanation: why ? `${why} ${a.value.explanation}` : a.value.explanation,
  };
}

/** The score of a set of answers; `null`/`undefined` entries are questions not answered (they count as wrong). */
export function scoreOf(answers: readonly ({ readonly correct: boolean } | null | undefined)[]): Score {
  const total = answers.length;
  const correct = answers.filter((a) => a?.correct === true).length;
  return { correct, total, percent: percentOf(correct, total) };
}

/** `correct` of `total` as a whole percent; 0 when there is nothing to score. */
export function percentOf(correct: number, total: number): number {
  return total > 0 ? Math.round((100 * correct) / total) : 0;
}
