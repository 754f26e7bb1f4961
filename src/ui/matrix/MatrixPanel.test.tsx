import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ipv4 } from '../../engine/addr/ipv4.ts';
import type { WhatIfToggle } from '../../engine/whatif/toggles.ts';
import { loadLabValue } from '../../lab/load.ts';
import { MatrixPanel } from './MatrixPanel.tsx';

afterEach(cleanup);

function loaded(name: string) {
  const r = loadLabValue(
    JSON.parse(
      readFileSync(path.resolve(import.meta.dirname, `../../../public/labs/${name}.lab.json`), 'utf8'),
    ),
  );
  if (!r.ok) throw new Error(`${name} does not load`);
  return r;
}

function show(name: string, whatIf: WhatIfToggle[] = []) {
  const r = loaded(name);
  const onTrace = vi.fn();
  const ui = render(
    <MatrixPanel doc={r.doc} expanded={r.expanded} network={r.network} whatIf={whatIf} onTrace={onTrace} />,
  );
  return { onTrace, r, ui };
}

const forward = () => screen.getByTestId('mx-forward');
const reverse = () => screen.getByTestId('mx-reverse');
const cellText = (el: HTMLElement) => el.querySelector('[aria-hidden="true"]')!.textContent;
const rowHeads = (table: HTMLElement) =>
  within(table)
    .getAllByRole('rowheader')
    .map((th) => th.firstChild!.textContent);

describe('MatrixPanel', () => {
  it('surebackup-static-mapping: the masquerade and the access path of the copy, backup server first', () => {
    show('surebackup-static-mapping');
    const t = forward();
    expect(
      within(t)
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual([
      'Production client',
      'SF0006 (backup copy)192.168.149.36',
      'masquerade 192.168.150.36',
      'access 192.168.149.136',
    ]);
    expect(rowHeads(t)).toEqual([
      'Veeam Backup Server',
      'Production gateway',
      'SF0006',
      'Workstation (no routes)',
    ]);
    const vbs = within(within(t).getAllByRole('row')[2]!).getAllByTestId('mx-cell');
    expect(vbs.map(cellText)).toEqual(['✓', '✓']);
    expect(vbs[0]!.title).toBe('answered by sf0006-copy\nthe echo-reply comes from 192.168.150.36');
    expect(vbs[0]!.textContent).toBe('✓yes: answered by sf0006-copy');
    const ws = within(within(t).getAllByRole('row')[5]!).getAllByTestId('mx-cell');
    expect(ws.map(cellText)).toEqual(['✗', '✓']);
    expect(ws[0]!.className).toContain('mx-cell--bad');
    expect(ws[0]!.title).toMatch(/^request dropped at gateway: forwarding_disabled\n/);
    expect(screen.getByTestId('mx-summary').textContent).toBe('5 of 8 paths answer · no leak');
  });

  it('a click traces that flow', () => {
    const { onTrace } = show('surebackup-static-mapping');
    fireEvent.click(within(within(forward()).getAllByRole('row')[2]!).getAllByTestId('mx-cell')[1]!);
    expect(onTrace).toHaveBeenCalledWith(
      { from: 'vbs', to: ipv4('192.168.149.136') },
      'vbs → sf0006-copy via access 192.168.149.136',
    );
    fireEvent.click(within(reverse()).getAllByTestId('mx-cell')[0]!);
    expect(onTrace).toHaveBeenLastCalledWith(
      { from: 'sf0006-copy', to: ipv4('192.168.149.22') },
      'sf0006-copy → vbs at 192.168.149.22',
    );
  });

  it('the reverse table: lab VMs → production clients, all stopped, with the reason', () => {
    show('surebackup-basic');
    const t = reverse();
    expect(rowHeads(t)).toEqual(['SF0006 (backup copy)']);
    const cells = within(t).getAllByTestId('mx-cell');
    expect(cells.map(cellText)).toEqual(['✗', '✗', '✗']);
    expect(cells.every((c) => c.className.includes('mx-cell--good'))).toBe(true);
    expect(cells[2]!.textContent).toBe(
      '✗no: answered by sf0006-copy itself (same address as sf0006), not sf0006',
    );
  });

  it('rp_filter=1 on the appliance: the changed cells show before → after', () => {
    show('surebackup-basic', [
      { kind: 'sysctl', device: 'vlab', key: 'net.ipv4.conf.all.rp_filter', value: 1 },
    ]);
    const changed = screen.getAllByTestId('mx-cell').filter((c) => c.className.includes('mx-cell--changed'));
    expect(changed.map(cellText)).toEqual(['✓ → ✗', '✗']);
    expect(changed[0]!.title).toBe(
      'before: ✓ answered by sf0006-copy\nnow: ✗ reply dropped at vlab: rp_filter\nstrict: the route back to the source leaves through eth0, not eth1',
    );
    expect(changed[0]!.textContent).toMatch(
      /changed from yes \(answered by sf0006-copy\) to no: reply dropped at vlab: rp_filter$/,
    );
    expect(screen.getByTestId('mx-changes').textContent).toBe(
      'what-if: 1 flow change (1 more with another reason)',
    );
  });

  it('a what-if the kernel refuses is shown, the lab’s matrix stays', () => {
    show('surebackup-basic', [{ kind: 'route-off', device: 'vlab', index: 5 }]);
    expect(screen.getByRole('alert').textContent).toBe('what-if: vlab has no route 5');
    expect(within(forward()).getAllByTestId('mx-cell').map(cellText)).toEqual(['✓', '✗', '✗']);
  });

  it('the filter keeps the machines it names', () => {
    show('surebackup-multi-network');
    expect(rowHeads(forward())).toHaveLength(4);
    fireEvent.change(screen.getByPlaceholderText('Filter machines'), { target: { value: 'web01' } });
    // web01 is a client and web01-copy a lab VM: both axes narrow
    expect(rowHeads(forward())).toEqual(['WEB01 (DMZ)']);
    expect(
      within(forward())
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual([
      'Production client',
      'WEB01 (backup copy)10.10.20.10',
      'masquerade 10.10.21.10',
      'access 192.168.149.110',
    ]);
    expect(rowHeads(reverse())).toEqual(['WEB01 (backup copy)']);
  });

  it('a TCP probe with a port', () => {
    const { onTrace } = show('surebackup-basic');
    fireEvent.change(screen.getByLabelText('Probe'), { target: { value: 'tcp' } });
    expect(screen.getByText('Give a port: until then the matrix uses ICMP echo.').tagName).toBe('P');
    fireEvent.change(screen.getByLabelText('port'), { target: { value: '22' } });
    const c = within(forward()).getAllByTestId('mx-cell')[0]!;
    expect(c.title).toMatch(/^answered by sf0006-copy \(tcp rst: nothing listens there\)/);
    fireEvent.click(c);
    expect(onTrace).toHaveBeenCalledWith(
      { from: 'vbs', to: ipv4('192.168.150.36'), proto: 'tcp', dport: 22 },
      'vbs → sf0006-copy via masquerade 192.168.150.36',
    );
  });

  it('a lab without a virtual lab says so', () => {
    show('asymmetric-firewall');
    expect(screen.getByTestId('matrix-empty').textContent).toMatch(/^No virtual lab/);
  });
});

describe('MatrixPanel without a compiled lab', () => {
  it('says there is nothing to trace', () => {
    const r = loaded('surebackup-basic');
    render(<MatrixPanel doc={r.doc} whatIf={[]} onTrace={() => {}} />);
    expect(screen.getByText('The lab does not compile: there is nothing to trace yet.').tagName).toBe('P');
    expect(screen.queryByTestId('mx-forward')).toBe(null);
  });
});
