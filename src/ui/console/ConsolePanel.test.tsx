import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Network } from '../../engine/model/network.ts';
import { loadLab } from '../../lab/load.ts';
import { ConsolePanel } from './ConsolePanel.tsx';

function lab(name: string): Network {
  const r = loadLab(
    readFileSync(path.resolve(import.meta.dirname, `../../../public/labs/${name}.lab.json`), 'utf8'),
  );
  if (!r.ok) throw new Error(`${name} does not load`);
  return r.network;
}
const ids = (net: Network) => net.devices.map((d) => d.id);

afterEach(cleanup);

const input = () => screen.getByTestId('console-input') as HTMLInputElement;
const entries = () => screen.queryAllByTestId('console-entry');
const last = () => entries().at(-1)!;

function type(line: string) {
  fireEvent.change(input(), { target: { value: line } });
  fireEvent.keyDown(input(), { key: 'Enter' });
}

function open(net = lab('surebackup-static-mapping'), device?: string) {
  render(<ConsolePanel network={net} deviceIds={ids(net)} {...(device ? { device } : {})} />);
  return net;
}

describe('ConsolePanel', () => {
  it('says what it needs before a lab is open', () => {
    render(<ConsolePanel network={undefined} deviceIds={[]} />);
    expect(screen.getByTestId('console-panel').textContent).toBe(
      'Open a lab to run commands on its devices.',
    );
  });

  it('answers the acceptance question on vlab: table 2, dev eth1', () => {
    open(undefined, 'vlab');
    type('ip route get 192.168.149.36 from 192.168.149.22 iif eth0 mark 0x6');
    const out = last().textContent;
    expect(out).toContain('root@vlab:~# ip route get 192.168.149.36 from 192.168.149.22 iif eth0 mark 0x6');
    expect(out).toContain('dev eth1 table 2');
    expect(input().value).toBe('');
  });

  it('ping on one device, then conntrack -L on the appliance shows the entry; -F empties it', () => {
    open();
    fireEvent.change(screen.getByTestId('console-device'), { target: { value: 'vbs' } });
    type('ping -c 2 192.168.150.36');
    expect(last().textContent).toContain('64 bytes from 192.168.150.36: icmp_seq=2 ttl=63');
    fireEvent.change(screen.getByTestId('console-device'), { target: { value: 'vlab' } });
    type('conntrack -L');
    expect(last().textContent).toContain(
      'root@vlab:~# conntrack -Licmp     1 30 src=192.168.149.22 dst=192.168.150.36 type=8 code=0 id=4242',
    );
    expect(within(last()).getByTestId('console-stderr').textContent).toBe(
      'conntrack v1.4.7 (conntrack-tools): 1 flow entries have been shown.\n',
    );
    type('conntrack -F');
    type('conntrack -L');
    expect(within(last()).getByTestId('console-stderr').textContent).toBe(
      'conntrack v1.4.7 (conntrack-tools): 0 flow entries have been shown.\n',
    );
  });

  it('↑ and ↓ walk the history and come back to what was being typed', () => {
    open(undefined, 'vlab');
    type('ip rule');
    type('iptables -S');
    fireEvent.change(input(), { target: { value: 'ip ro' } });
    fireEvent.keyDown(input(), { key: 'ArrowUp' });
    expect(input().value).toBe('iptables -S');
    fireEvent.keyDown(input(), { key: 'ArrowUp' });
    expect(input().value).toBe('ip rule');
    fireEvent.keyDown(input(), { key: 'ArrowDown' });
    expect(input().value).toBe('iptables -S');
    fireEvent.keyDown(input(), { key: 'ArrowDown' });
    expect(input().value).toBe('ip ro');
    type(input().value);
    fireEvent.keyDown(input(), { key: 'ArrowUp' });
    expect(input().value).toBe('ip ro');
  });

  it('clear and Ctrl+L empty the transcript; the log is polite', () => {
    open(undefined, 'vlab');
    type('ip rule');
    expect(entries()).toHaveLength(1);
    type('clear');
    expect(entries()).toHaveLength(0);
    type('ip rule');
    fireEvent.keyDown(input(), { key: 'l', ctrlKey: true });
    expect(entries()).toHaveLength(0);
    const log = screen.getByRole('log');
    expect(log.getAttribute('aria-live')).toBe('polite');
  });

  it('one command only: a pipe is refused, stderr in its own block', () => {
    open(undefined, 'vlab');
    type('ip rule | head');
    expect(within(last()).getByTestId('console-stderr').textContent).toBe(
      'natlab: "|" starts a pipe: the console runs one command, with nothing around it\n',
    );
  });

  it('Tab completes the command word, and only then keeps the focus', () => {
    open(undefined, 'vlab');
    fireEvent.change(input(), { target: { value: 'con' } });
    const ev = fireEvent.keyDown(input(), { key: 'Tab' });
    expect(ev).toBe(false);
    expect(input().value).toBe('conntrack ');
    expect(fireEvent.keyDown(input(), { key: 'Tab' })).toBe(true);
  });

  it('a controlled device: the picker reports the choice, the prompt follows the prop', () => {
    const net = lab('surebackup-static-mapping');
    const onDeviceChange = vi.fn();
    const { rerender } = render(
      <ConsolePanel network={net} deviceIds={ids(net)} device="vbs" onDeviceChange={onDeviceChange} />,
    );
    expect(input().getAttribute('aria-label')).toBe('Command to run on vbs');
    fireEvent.change(screen.getByTestId('console-device'), { target: { value: 'ws01' } });
    expect(onDeviceChange).toHaveBeenCalledWith('ws01');
    rerender(
      <ConsolePanel network={net} deviceIds={ids(net)} device="ws01" onDeviceChange={onDeviceChange} />,
    );
    type('ip rule');
    expect(last().textContent).toMatch(/^root@ws01:~# ip rule/);
  });

  it('a new network object starts a fresh kernel state, and the transcript says so', () => {
    const net = lab('surebackup-static-mapping');
    const { rerender } = render(<ConsolePanel network={net} deviceIds={ids(net)} device="vbs" />);
    type('ping -c 1 192.168.150.36');
    const edited = lab('surebackup-static-mapping');
    rerender(<ConsolePanel network={edited} deviceIds={ids(edited)} device="vlab" />);
    type('conntrack -C');
    expect(last().textContent).toContain('The lab changed: connection tracking and ARP caches start empty.');
    expect(last().textContent).toMatch(/conntrack -C0\n$/);
  });
});
