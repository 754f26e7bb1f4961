/** Parsing `nft -a monitor trace` and `nft -a list ruleset` (text recorded from nft 1.0.6 on 6.18). */
import { describe, expect, it } from 'vitest';
import { formatHookEvent } from '../engine/sim/hook-events.ts';
import { parseNftTrace, parseRuleIndex } from './nft-trace.ts';

const LISTING = `table ip mangle { # handle 1
	chain OUTPUT { # handle 1
		type route hook output priority mangle; policy accept;
		ip daddr 127.0.0.2 counter packets 0 bytes 0 meta mark set 0x5 # handle 2
		ip daddr 127.0.0.1 counter packets 2 bytes 168 meta mark set 0x6 # handle 3
	}
}
table ip natlab_trace { # handle 2
	chain out_first { # handle 1
		type filter hook output priority -350; policy accept;
		meta nftrace set 1 # handle 2
	}
}
`;

const TRACE = `trace id ee8d7ee7 ip natlab_trace out_first packet: oif "lo" ip saddr 127.0.0.1 ip daddr 127.0.0.1 ip dscp cs0 ip ecn not-ect ip ttl 64 ip id 54023 ip length 84 icmp type echo-request icmp code net-unreachable icmp id 23533 icmp sequence 1
trace id ee8d7ee7 ip natlab_trace out_first rule meta nftrace set 1 # handle 2 (verdict continue)
trace id ee8d7ee7 ip mangle OUTPUT packet: oif "lo" ip saddr 127.0.0.1 ip daddr 127.0.0.1 ip dscp cs0 ip ecn not-ect ip ttl 64 ip id 54023 ip length 84 icmp type echo-request icmp code net-unreachable icmp id 23533 icmp sequence 1 @th,64,96 0x12b1016b00000000ebd00200
trace id ee8d7ee7 ip mangle OUTPUT rule ip daddr 127.0.0.1 counter packets 0 bytes 0 meta mark set 0x6 # handle 3 (verdict continue)
trace id ee8d7ee7 ip mangle OUTPUT policy accept meta mark 0x00000006
`;

describe('nft trace parsing', () => {
  it('rule positions by handle, per chain', () => {
    const idx = parseRuleIndex(LISTING);
    expect(idx.get('mangle/OUTPUT/2')).toBe(1);
    expect(idx.get('mangle/OUTPUT/3')).toBe(2);
    expect(idx.get('natlab_trace/out_first/2')).toBe(1);
  });
  it('a traced packet: chain entered, the rule that matched by position, the policy with the mark', () => {
    const [t] = parseNftTrace(TRACE, parseRuleIndex(LISTING));
    expect(t!.first).toMatchObject({ hook: 'output', saddr: '127.0.0.1', l4: 'echo-request' });
    expect(t!.events.map(formatHookEvent)).toEqual([
      'mangle OUTPUT (output) iif - oif lo 127.0.0.1 > 127.0.0.1 ttl 64',
      '  mangle OUTPUT rule 2 => continue',
      '  mangle OUTPUT policy accept mark 0x6',
    ]);
  });
  it('without the listing the rule is named without a position', () => {
    const [t] = parseNftTrace(TRACE);
    expect(formatHookEvent(t!.events[1]!)).toBe('  mangle OUTPUT rule => continue');
  });
});
