/**
 * `natlab exec LAB DEVICE -- COMMAND`: runs a read-only kernel tool against a simulated device and
 * answers with what the real tool prints (stdout, stderr, exit code).
 */
import type { Device } from '../model/device.ts';
import type { Network } from '../model/network.ts';
import { unsupported } from './console-errors.ts';
import { runIp } from './ip-command.ts';
import type { CommandOutput, RouteGetPrintable, RouteGetRequest } from './ip-route-get.ts';

export type { CommandOutput } from './ip-route-get.ts';

export interface ExecDeps {
  /** The route lookup behind `ip route get` (src/engine/routing), adapted to what the printer needs. */
  readonly routeGet: (device: Device, q: RouteGetRequest) => RouteGetPrintable;
}

export function execCommand(
  network: Network,
  deviceId: string,
  argv: readonly string[],
  deps: ExecDeps,
): CommandOutput {
  const device = network.byId.get(deviceId);
  if (device === undefined) {
    const ids = network.devices.map((d) => d.id).join(', ');
    return {
      stdout: '',
      stderr: `natlab: no device "${deviceId}" in lab "${network.name}" (devices: ${ids})\n`,
      code: 1,
    };
  }
  const tool = (argv[0] ?? '').replace(/^.*\//, '');
  const args = argv.slice(1);
  if (tool === 'ip') return runIp(device, args, deps);
  return unsupported(argv);
}
