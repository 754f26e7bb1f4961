import { parseArgs } from 'node:util';
import { defaultProbes, parseProbeSpec, type ProbeSpec } from '../../kernel/default-probes.ts';
import { KernelUnavailable } from '../../kernel/realize.ts';
import { verifyLab, type ProbeVerdict } from '../../kernel/verify.ts';
import { EXIT, UsageError, type CliIo } from '../io.ts';
import { readLab } from '../load-lab.ts';

export const VERIFY_HELP = `usage: natlab verify LAB [--probe "FROM TO [icmp|tcp|udp] [PORT]"]... [--json]

Builds the lab in network namespaces on this machine (root, Linux; always torn down, also on Ctrl-C),
runs probes and compares each with the engine's prediction: the outcome at the sender (ping, TCP
connect, UDP), the device the request was delivered to, its addresses, ports and TTL there (captured
on every interface), the answer or ICMP error the sender got, the devices crossed, the routing decision
at every device crossed (ip route get … iif … mark …), and at every device with netfilter rules the
chains, rules and policies both packets went through (nft monitor trace).
Without --probe: every host to every address it can name (configured addresses, masquerade addresses
of NETMAP rules, DNAT addresses), and to its listening ports.

exit status: 0 all probes agree, 1 the lab is invalid or cannot be built, 2 usage error,
             3 the engine and the kernel disagree on some probe
`;

const probeText = (p: ProbeSpec) => `${p.from} → ${p.to}${p.proto !== 'icmp' ? ` ${p.proto}/${p.port}` : ''}`;

/** The report for one probe: a line, and for a disagreement both sides of every differing field. */
export function verdictLines(v: ProbeVerdict): string[] {
  const head = `  ${v.agree ? 'ok  ' : 'DIFF'}  ${probeText(v.probe)}: ${v.summary}${v.retried ? ' (agreed when probed again)' : ''}`;
  if (v.agree) return [head];
  const lines = [
    `  DIFF  ${probeText(v.probe)}`,
    `          kernel: ${v.summary}`,
    `          engine: ${v.engineSummary}`,
  ];
  for (const f of v.fields)
    if (!f.agree)
      lines.push(
        `          ${f.field}:`,
        `            engine: ${f.engine ?? '-'}`,
        `            kernel: ${f.kernel ?? '-'}`,
      );
  for (const h of v.hooks) {
    if (h.agree) continue;
    lines.push(`          netfilter at ${h.device} (${h.leg}): engine | kernel`);
    const n = Math.max(h.engine.length, h.kernel?.length ?? 0);
    for (let i = 0; i < n; i++) {
      const a = h.engine[i] ?? '';
      const b = h.kernel ? (h.kernel[i] ?? '') : '(packet not traced on the kernel)';
      lines.push(`          ${a === b ? ' ' : '≠'} ${a.padEnd(70)} | ${b}`);
    }
  }
  return lines;
}

export async function verifyCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      probe: { type: 'string', multiple: true },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(VERIFY_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('natlab verify needs exactly one LAB file');
  const given: ProbeSpec[] = [];
  for (const t of values.probe ?? []) {
    const p = parseProbeSpec(t);
    if (typeof p === 'string') throw new UsageError(p);
    given.push(p);
  }
  const net = readLab(io, positionals[0]!);
  if (!net) return EXIT.invalid;
  for (const p of given) if (!net.byId.has(p.from)) throw new UsageError(`--probe: no device "${p.from}"`);
  const probes = given.length ? given : defaultProbes(net);
  if (!values.json)
    io.stdout(
      `verifying "${net.name}" on this kernel: ${probes.length} probe${probes.length === 1 ? '' : 's'}\n`,
    );
  try {
    const report = await verifyLab(net, probes, (v) => {
      if (!values.json) for (const l of verdictLines(v)) io.stdout(`${l}\n`);
    });
    if (values.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    else {
      const checks = report.probes.reduce((n, v) => n + v.fields.length + v.hooks.length, 0);
      io.stdout(
        `\n${report.disagreed === 0 ? 'agreement' : 'DISAGREEMENT'}: ${report.agreed} of ${report.probes.length} probes agree (${checks} checks; Linux ${report.kernel}; ${report.seconds} s)\n`,
      );
    }
    return report.disagreed === 0 ? EXIT.ok : 3;
  } catch (e) {
    io.stderr(
      `natlab verify: ${e instanceof KernelUnavailable ? `cannot build labs here: ${e.message}` : (e as Error).message}\n`,
    );
    return EXIT.invalid;
  }
}
