import { describe, expect, it } from 'vitest';
import { checkAnswer, cleanAnswer, sameAnswer, scoreOf } from './check.ts';
import type { Question } from './question.ts';
import { labNetwork, seedTrace, traced } from './workshop.test-support.ts';

const { result } = seedTrace();
const at = (leg: 'request' | 'reply', hop: number, step: number, kind: Question['kind']): Question => ({
  at: { leg, hop, step },
  kind,
});
const NETMAP = at('request', 1, 8, 'nat-address');
const TABLE = at('request', 1, 9, 'route-table');
const MASQ = at('request', 1, 18, 'nat-address');
const replyEnd = result.reply!.hops[2]!.steps.length - 1;
const REPLY = at('reply', 2, replyEnd, 'verdict');

describe('checkAnswer on the seed', () => {
  it('scores right and wrong answers, with the engine’s answer and the reason', () => {
    expect(checkAnswer(NETMAP, '192.168.149.36', result)).toMatchObject({
      correct: true,
      expected: '192.168.149.36',
    });
    expect(checkAnswer(NETMAP, '192.168.150.36', result)).toMatchObject({
      correct: false,
      expected: '192.168.149.36',
    });
    expect(checkAnswer(TABLE, '2', result)).toMatchObject({ correct: true, expected: '2' });
    expect(checkAnswer(TABLE, 'main', result)).toMatchObject({ correct: false, expected: '2' });
    expect(checkAnswer(MASQ, '192.168.149.2', result).correct).toBe(true);
    expect(checkAnswer(MASQ, '192.168.149.50', result).correct).toBe(false);
    expect(checkAnswer(REPLY, 'delivered', result)).toMatchObject({ correct: true, expected: 'delivered' });
    expect(checkAnswer(REPLY, 'dropped: rp_filter', result)).toMatchObject({
      correct: false,
      expected: 'delivered',
    });
    expect(checkAnswer(TABLE, 'main', result).explanation).toContain(
      'ip rule 32765 (from all fwmark 0x2/0x2 lookup 2)',
    );
  });

  it('says why an answer cannot be read, before the explanation', () => {
    const c = checkAnswer(NETMAP, '192.168.149.036', result);
    expect(c.correct).toBe(false);
    expect(c.explanation).toMatch(/^"192\.168\.149\.036" is not an IPv4 address\. nat PREROUTING rule 1/);
    expect(checkAnswer(TABLE, 'eth1', result).explanation).toMatch(/^"eth1" is not a routing table/);
  });

  it('reports a question that does not fit its step instead of scoring it', () => {
    expect(checkAnswer(at('request', 1, 8, 'mark'), '0x6', result)).toEqual({
      correct: false,
      expected: '',
      explanation: expect.stringContaining('a mark question needs a rule step that changed the mark'),
    });
  });
});

describe('normalising answers', () => {
  const same = (kind: Question['kind'], given: string, expected: string) =>
    sameAnswer(kind, given, expected).same;

  it.each([
    ['192.168.149.36', true],
    ['  192.168.149.36 ', true],
    ['192.168.149.36/32', true],
    ['dst 192.168.149.36', true],
    ['192.168.149.36/24', false],
    ['192.168.149.37', false],
    ['', false],
  ])('an address: %j → %s', (given, ok) => expect(same('nat-address', given, '192.168.149.36')).toBe(ok));

  it.each([
    ['2', '2', true],
    ['table 2', '2', true],
    ['TABLE  2', '2', true],
    ['lookup 2', '2', true],
    ['0x2', '2', true],
    ['3', '2', false],
    ['main', 'main', true],
    ['Main', 'main', true],
    ['254', 'main', true],
    ['table local', 'local', true],
    ['local', 'main', false],
  ])('a table: %j for %j → %s', (given, expected, ok) =>
    expect(same('route-table', given, expected)).toBe(ok),
  );

  it.each([
    ['0x6', true],
    ['6', true],
    ['0X06', true],
    ['mark 0x6', true],
    ['0x00000006', true],
    ['0x2', false],
    ['six', false],
  ])('a mark: %j → %s', (given, ok) => expect(same('mark', given, '0x6')).toBe(ok));

  it.each([
    ['1', '1', true],
    ['rule 1', '1', true],
    ['#1', '1', true],
    ['01', '1', true],
    ['2', '1', false],
    ['policy', '1', false],
    ['policy', 'policy', true],
    ['Policy ACCEPT', 'policy', true],
    ['none', 'policy', true],
    ['none', 'return', true],
    ['return', 'return', true],
    ['1', 'policy', false],
  ])('a rule: %j for %j → %s', (given, expected, ok) => expect(same('rule-match', given, expected)).toBe(ok));

  it.each([
    ['eth1', true],
    ['ETH1', true],
    ['dev eth1', true],
    ['eth0', false],
  ])('an interface: %j → %s', (given, ok) => expect(same('out-interface', given, 'eth1')).toBe(ok));

  it.each([
    ['delivered', 'delivered', true],
    ['Delivered to vbs', 'delivered', true],
    ['dropped', 'delivered', false],
    ['dropped: neighbour_unreachable', 'dropped: neighbour_unreachable', true],
    ['neighbour unreachable', 'dropped: neighbour_unreachable', true],
    ['Dropped (neighbour-unreachable)', 'dropped: neighbour_unreachable', true],
    ['drop: rp filter', 'dropped: neighbour_unreachable', false],
    ['delivered', 'dropped: neighbour_unreachable', false],
  ])('a verdict: %j for %j → %s', (given, expected, ok) => expect(same('verdict', given, expected)).toBe(ok));

  it('asks for the reason when a learner only says “dropped”', () => {
    expect(sameAnswer('verdict', 'dropped', 'dropped: rp_filter')).toEqual({
      same: false,
      why: 'Dropped, yes, but the reason counts too.',
    });
    const net = labNetwork('surebackup-basic');
    const r = traced(net, 'sf0006-copy', '192.168.149.50');
    const end = r.request.hops.length - 1;
    const verdict: Question = {
      at: { leg: 'request', hop: end, step: r.request.hops[end]!.steps.length - 1 },
      kind: 'verdict',
    };
    expect(checkAnswer(verdict, 'dropped: neighbour unreachable', r).correct).toBe(true);
  });

  it('folds case, spaces and full-width digits', () => {
    expect(cleanAnswer('  Table\t２ ')).toBe('table 2');
  });
});

describe('scoreOf', () => {
  it('counts correct answers over all questions, unanswered ones included', () => {
    expect(scoreOf([{ correct: true }, { correct: false }, { correct: true }, null])).toEqual({
      correct: 2,
      total: 4,
      percent: 50,
    });
    expect(scoreOf([{ correct: true }, { correct: false }, undefined])).toEqual({
      correct: 1,
      total: 3,
      percent: 33,
    });
    expect(scoreOf([])).toEqual({ correct: 0, total: 0, percent: 0 });
  });
});
