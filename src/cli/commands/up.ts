import { parseArgs } from 'node:util';
import { formatIpv4 } from '../../engine/addr/ipv4.ts';
import { nsName } from '../../engine/export/netns-script.ts';
import { shq } from '../../engine/export/shell.ts';
import { deleteNamespace, namespacesWithPrefix } from '../../kernel/host.ts';
import { buildLab, KernelUnavailable } from '../../kernel/realize.ts';
import { EXIT, UsageError, type CliIo } from '../io.ts';
import { readLab } from '../load-lab.ts';

export const UP_HELP = `usage: natlab up LAB [--prefix P]
       natlab down LAB [--prefix P]

up builds the lab in network namespaces on this machine (root, Linux) and leaves it running, so a
workshop can use it for real: one namespace per device (PREFIX+id, default prefix "nl-"), one per
segment holding its bridge. It prints how to enter each device.
down tears it down: every namespace of the lab is deleted and what runs inside is stopped.

exit status: 0 ok, 1 the lab is invalid or the kernel refused it, 2 usage error
`;

function opts(args: string[], io: CliIo) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { prefix: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout(UP_HELP);
    return null;
  }
  if (positionals.length !== 1) throw new UsageError('needs exactly one LAB file');
  const prefix = values.prefix ?? 'nl-';
  if (!/^[A-Za-z0-9_.-]{0,20}$/.test(prefix))
    throw new UsageError(`--prefix ${JSON.stringify(prefix)}: up to 20 characters of A-Z a-z 0-9 _ . -`);
  return { file: positionals[0]!, prefix };
}

export function upCommand(args: string[], io: CliIo): number {
  const o = opts(args, io);
  if (!o) return EXIT.ok;
  const net = readLab(io, o.file);
  if (!net) return EXIT.invalid;
  try {
    buildLab(net, o.prefix, { keep: true });
  } catch (e) {
    io.stderr(
      `natlab up: ${e instanceof KernelUnavailable ? `cannot build labs here: ${e.message}` : (e as Error).message}\n`,
    );
    return EXIT.invalid;
  }
  io.stdout(`lab "${net.name}" is up (${net.devices.length} devices, ${net.segments.size} segments).\n\n`);
  const width = Math.max(...net.devices.map((d) => d.id.length));
  for (const d of net.devices) {
    const addrs = d.ifaces.flatMap((i) =>
      i.loopback ? [] : i.addrs.map((a) => `${i.name} ${formatIpv4(a.local)}/${a.len}`),
    );
    io.stdout(
      `  ${d.id.padEnd(width)}  ip netns exec ${shq(nsName(o.prefix, d.id))} bash    # ${addrs.join(', ')}\n`,
    );
  }
  const sample = net.devices.find((d) => d.kind === 'host');
  if (sample)
    io.stdout(`\nfor example: ip netns exec ${shq(nsName(o.prefix, sample.id))} ping -c 3 ADDRESS\n`);
  io.stdout(
    `tear it down with: natlab down ${shq(o.file)}${o.prefix !== 'nl-' ? ` --prefix ${shq(o.prefix)}` : ''}\n`,
  );
  return EXIT.ok;
}

export function downCommand(args: string[], io: CliIo): number {
  const o = opts(args, io);
  if (!o) return EXIT.ok;
  const net = readLab(io, o.file);
  if (!net) return EXIT.invalid;
  const ours = new Set(
    [...net.devices.map((d) => d.id), ...net.segments.keys()].map((id) => nsName(o.prefix, id)),
  );
  const present = namespacesWithPrefix(o.prefix).filter((n) => ours.has(n));
  // delete exactly this lab's namespaces (another lab may share the prefix)
  for (const n of present) deleteNamespace(n);
  io.stdout(
    present.length
      ? `lab "${net.name}" is down (${present.length} namespaces removed).\n`
      : `lab "${net.name}" was not up (no namespace ${o.prefix}…).\n`,
  );
  return EXIT.ok;
}
