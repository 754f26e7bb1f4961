import { parseArgs } from 'node:util';
import { parseIpv4 } from '../../engine/addr/ipv4.ts';
import { traceJson } from '../../engine/sim/json.ts';
import { trace, type ProbeProto } from '../../engine/sim/trace.ts';
import { formatTraceText } from '../format-trace.ts';
import { EXIT, UsageError, type CliIo } from '../io.ts';
import { readLab } from '../load-lab.ts';

export const TRACE_HELP = `usage: natlab trace LAB --from DEVICE --to IP [options]

Sends one packet from DEVICE's socket to IP and shows, hop by hop, what the Linux kernel does with
it and with the answer: every routing decision (RPDB rule and table), every netfilter chain visited
and rule hit, NAT rewrites, conntrack, ARP, and the verdict.

options:
  --from DEVICE          sending device id
  --to IP                destination address
  --src IP               bind to this local address (like ping -I ADDR)
  --proto icmp|tcp|udp   default icmp (echo request)
  --sport N              TCP/UDP source port (default 40000) or ICMP echo id (default 4242)
  --dport N              TCP/UDP destination port (required for tcp and udp)
  --mark N               socket mark, SO_MARK (like ping -m N); decimal or 0x hex
  --ttl N                IP TTL (default net.ipv4.ip_default_ttl, 64)
  --json                 print the trace as JSON (shape: docs/cli.md)

exit status: 0 the packet was traced (whatever its fate), 1 the lab is invalid, 2 usage error
`;

function intOpt(v: string | undefined, name: string, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = /^0x[0-9a-f]+$/i.test(v) ? parseInt(v, 16) : /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > max)
    throw new UsageError(`--${name} ${JSON.stringify(v)}: expected a number 0..${max}`);
  return n;
}

function ipOpt(v: string | undefined, name: string) {
  if (v === undefined) return undefined;
  const r = parseIpv4(v);
  if (!r.ok) throw new UsageError(`--${name}: ${r.error}`);
  return r.value;
}

export function traceCommand(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      src: { type: 'string' },
      proto: { type: 'string' },
      sport: { type: 'string' },
      dport: { type: 'string' },
      mark: { type: 'string' },
      ttl: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(TRACE_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('natlab trace needs exactly one LAB file');
  if (!values.from) throw new UsageError('--from DEVICE is required');
  if (!values.to) throw new UsageError('--to IP is required');
  const proto = values.proto ?? 'icmp';
  if (!['icmp', 'tcp', 'udp'].includes(proto))
    throw new UsageError(`--proto ${proto}: expected icmp, tcp or udp`);
  const to = ipOpt(values.to, 'to')!;
  const src = ipOpt(values.src, 'src');
  const sport = intOpt(values.sport, 'sport', 65535);
  const dport = intOpt(values.dport, 'dport', 65535);
  const mark = intOpt(values.mark, 'mark', 0xffffffff);
  const ttl = intOpt(values.ttl, 'ttl', 255);
  const net = readLab(io, positionals[0]!);
  if (!net) return EXIT.invalid;
  const r = trace(net, {
    from: values.from,
    to,
    proto: proto as ProbeProto,
    ...(src !== undefined ? { src } : {}),
    ...(sport !== undefined ? { sport } : {}),
    ...(dport !== undefined ? { dport } : {}),
    ...(mark !== undefined ? { mark } : {}),
    ...(ttl !== undefined ? { ttl } : {}),
  });
  if (!r.ok) throw new UsageError(r.error);
  io.stdout(values.json ? `${JSON.stringify(traceJson(r.value), null, 2)}\n` : formatTraceText(r.value));
  return EXIT.ok;
}
