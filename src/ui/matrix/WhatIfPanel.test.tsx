import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WhatIfToggle } from '../../engine/whatif/toggles.ts';
import { loadLabValue } from '../../lab/load.ts';
import { WhatIfPanel } from './WhatIfPanel.tsx';

afterEach(cleanup);

function expandedOf(name: string) {
  const r = loadLabValue(
    JSON.parse(
      readFileSync(path.resolve(import.meta.dirname, `../../../public/labs/${name}.lab.json`), 'utf8'),
    ),
  );
  if (!r.ok) throw new Error(`${name} does not load`);
  return r.expanded;
}

const netmapOff: WhatIfToggle = {
  kind: 'rule-off',
  device: 'vlab',
  table: 'nat',
  chain: 'PREROUTING',
  index: 0,
};
const rpf: WhatIfToggle = { kind: 'sysctl', device: 'vlab', key: 'net.ipv4.conf.all.rp_filter', value: 1 };

function show(toggles: WhatIfToggle[] = []) {
  const onChange = vi.fn();
  render(<WhatIfPanel expanded={expandedOf('surebackup-basic')} toggles={toggles} onChange={onChange} />);
  return onChange;
}

const group = (device: string) =>
  screen.getAllByTestId('whatif-group').find((g) => g.dataset.device === device)!;
const items = (device: string) =>
  within(group(device))
    .queryAllByTestId('whatif-item')
    .map((i) => i.querySelector('code')!.textContent);

describe('WhatIfPanel', () => {
  it('lists the appliance first, its generated lines in kernel words; other devices folded', () => {
    show();
    expect(screen.getAllByTestId('whatif-group').map((g) => g.dataset.device)).toEqual([
      'vlab',
      'gateway',
      'vbs',
      'sf0006',
      'sf0006-copy',
    ]);
    expect(items('vlab').slice(0, 6)).toEqual([
      '-A PREROUTING -d 192.168.150.0/24 -i eth0 -j MARK --set-xmark 0x6/0xffffffff',
      '-A PREROUTING -d 192.168.150.0/24 -i eth0 -j NETMAP --to 192.168.149.0/24',
      '-A POSTROUTING -o eth1 -j MASQUERADE',
      '-A INPUT -i eth1 -j DROP',
      '-A FORWARD -i eth1 -m conntrack ! --ctstate RELATED,ESTABLISHED -j DROP',
      'ip rule fwmark 0x2/0x2 lookup 2',
    ]);
    expect(items('vlab')).toContain('net.ipv4.conf.all.rp_filter');
    expect(items('vbs')).toEqual([]);
    fireEvent.click(within(group('vbs')).getByRole('button'));
    expect(items('vbs')).toEqual([
      'ip route default via 192.168.149.2',
      'ip route 192.168.150.0/24 via 192.168.149.50',
      'net.ipv4.ip_forward',
      'net.ipv4.conf.all.rp_filter',
      'net.ipv4.conf.eth0.rp_filter',
      'net.ipv4.conf.all.proxy_arp',
      'net.ipv4.conf.eth0.proxy_arp',
    ]);
    expect(screen.getByTestId('whatif-count').textContent).toBe('0 changes active');
    expect((screen.getByRole('button', { name: 'Reset' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('a checkbox turns a rule off', () => {
    const onChange = show();
    fireEvent.click(screen.getByLabelText(/NETMAP/));
    expect(onChange).toHaveBeenCalledWith([netmapOff]);
  });

  it('shows the active toggles, turns one back on, and resets', () => {
    const onChange = show([netmapOff, rpf]);
    expect(screen.getByTestId('whatif-count').textContent).toBe('2 changes active');
    const box = screen.getByLabelText(/NETMAP/) as HTMLInputElement;
    expect(box.checked).toBe(true);
    const select = screen.getByLabelText('net.ipv4.conf.all.rp_filter') as HTMLSelectElement;
    expect(select.value).toBe('1');
    fireEvent.click(box);
    expect(onChange).toHaveBeenLastCalledWith([rpf]);
    fireEvent.click(screen.getByRole('button', { name: 'Reset' }));
    expect(onChange).toHaveBeenLastCalledWith([]);
  });

  it('a select sets rp_filter; "as in the lab" takes the toggle back', () => {
    const onChange = show();
    const select = screen.getByLabelText('net.ipv4.conf.all.rp_filter') as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(['as in the lab (0)', '1', '2']);
    fireEvent.change(select, { target: { value: '2' } });
    expect(onChange).toHaveBeenLastCalledWith([{ ...rpf, value: 2 }]);
    cleanup();
    const again = show([rpf]);
    fireEvent.change(screen.getByLabelText('net.ipv4.conf.all.rp_filter'), { target: { value: '' } });
    expect(again).toHaveBeenLastCalledWith([]);
  });

  it('the filter box narrows the list (and opens the groups it matches)', () => {
    show();
    fireEvent.change(screen.getByPlaceholderText(/^Filter/), { target: { value: 'rp_filter' } });
    expect(items('vbs')).toEqual(['net.ipv4.conf.all.rp_filter', 'net.ipv4.conf.eth0.rp_filter']);
    fireEvent.change(screen.getByPlaceholderText(/^Filter/), { target: { value: 'nothing like this' } });
    expect(screen.queryAllByTestId('whatif-group')).toEqual([]);
    expect(screen.getByText('Nothing matches “nothing like this”.').tagName).toBe('P');
  });

  it('without a compiled lab there is nothing to flip', () => {
    render(<WhatIfPanel toggles={[]} onChange={() => {}} />);
    expect(screen.getByTestId('whatif-empty').textContent).toMatch(/^Nothing to change/);
  });
});
