import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LabPage } from './LabPage.tsx';

const SUREBACKUP = readFileSync(
  path.resolve(import.meta.dirname, '../../../public/labs/surebackup-basic.lab.json'),
  'utf8',
);
/** The same lab drawn by hand: the appliance written out, with its MACs. */
const SUREBACKUP_DRAWN = readFileSync(
  path.resolve(import.meta.dirname, '../../engine/testing/fixtures/surebackup-drawn.lab.json'),
  'utf8',
);

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const deviceIds = (root: HTMLElement) =>
  within(root)
    .queryAllByTestId('device-card')
    .map((el) => el.dataset.deviceId);

describe('LabPage', () => {
  it('shows the lab, its segments and every device under the segment it is plugged into', () => {
    render(<LabPage text={SUREBACKUP_DRAWN} file="surebackup-drawn.lab.json" />);

    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('SureBackup basic virtual lab');
    expect(screen.queryByTestId('lab-error')).toBeNull();

    const segments = screen.getAllByTestId('segment');
    expect(segments.map((s) => [s.dataset.segmentId, s.dataset.segmentKind])).toEqual([
      ['prod', 'production'],
      ['iso', 'isolated'],
    ]);
    const [prod, iso] = segments as [HTMLElement, HTMLElement];
    expect(prod.textContent).toContain('uplink');
    expect(iso.textContent).toContain('no uplink');
    expect(iso.textContent).toContain('VLAN 0');
    expect(deviceIds(prod)).toEqual(['gateway', 'vbs', 'sf0006']);
    expect(deviceIds(iso)).toEqual(['sf0006-copy']);
    expect(deviceIds(screen.getByTestId('connecting-devices'))).toEqual(['vlab']);

    const vlab = screen.getAllByTestId('device-card').find((c) => c.dataset.deviceId === 'vlab')!;
    expect(within(vlab).getByText('appliance').textContent).toBe('appliance');
    const [eth0, eth1] = within(vlab).getAllByTestId('interface') as [HTMLElement, HTMLElement];
    for (const text of ['eth0', '02:00:00:00:01:32', '192.168.149.50/24', 'prod']) {
      expect(eth0.textContent).toContain(text);
    }
    for (const text of ['eth1', '02:00:00:00:02:02', '192.168.149.2/24', 'noprefixroute', 'iso']) {
      expect(eth1.textContent).toContain(text);
    }
  });

  it('shows the appliance a virtual-lab design generates, where the drawn one was', () => {
    render(<LabPage text={SUREBACKUP} file="surebackup-basic.lab.json" />);

    expect(deviceIds(screen.getByTestId('connecting-devices'))).toEqual(['vlab']);
    const vlab = screen.getAllByTestId('device-card').find((c) => c.dataset.deviceId === 'vlab')!;
    const [eth0, eth1] = within(vlab).getAllByTestId('interface') as [HTMLElement, HTMLElement];
    expect(eth0.textContent).toContain('192.168.149.50/24');
    expect(eth1.textContent).toContain('192.168.149.2/24');
  });

  it('lists the problems of a lab that does not load, instead of a blank page', () => {
    render(<LabPage text={'{ "schemaVersion": 1, '} file="broken.lab.json" />);

    const panel = screen.getByTestId('lab-error');
    expect(panel.getAttribute('role')).toBe('alert');
    expect(panel.querySelectorAll('li').length).toBeGreaterThan(0);
    expect(screen.queryAllByTestId('device-card')).toHaveLength(0);
  });
});
