/** The Rules panel on the seed lab: the engine's output per device, linked both ways to the design. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { loadLab } from '../../lab/load.ts';
import { createLabStore, labActions, type LabStore } from '../../state/lab-store.ts';
import { LabStoreProvider } from '../app/store-context.tsx';
import { RulesPanel } from './RulesPanel.tsx';

const SEED = readFileSync(
  path.resolve(import.meta.dirname, '../../../public/labs/surebackup-basic.lab.json'),
  'utf8',
);
const MASQ = 'virtualLabs[0].isolatedNetworks[0].masquerade';
const MARK = '-A PREROUTING -d 192.168.150.0/24 -i eth0 -j MARK --set-xmark 0x6/0xffffffff';
const NETMAP = '-A PREROUTING -d 192.168.150.0/24 -i eth0 -j NETMAP --to 192.168.149.0/24';

afterEach(cleanup);

function setup(): LabStore {
  const r = loadLab(SEED);
  if (!r.ok) throw new Error('seed lab does not load');
  const store = createLabStore(r.doc);
  render(
    <LabStoreProvider store={store}>
      <RulesPanel />
    </LabStoreProvider>,
  );
  return store;
}
const lines = () => screen.getAllByTestId('rules-line');
const line = (text: string) => lines().find((l) => l.textContent === text)!;
const pickDevice = (id: string) =>
  fireEvent.change(screen.getByTestId('rules-device'), { target: { value: id } });

describe('RulesPanel', () => {
  it('shows the generated appliance by default: iptables-save, ip rule, routes, sysctls', () => {
    setup();
    expect((screen.getByTestId('rules-device') as HTMLSelectElement).value).toBe('vlab');
    const texts = lines().map((l) => l.textContent);
    expect(texts).toContain(MARK);
    expect(texts).toContain(NETMAP);
    expect(texts).toContain('-A POSTROUTING -o eth1 -j MASQUERADE');
    expect(texts).toContain('32765:\tfrom all fwmark 0x2/0x2 lookup 2');
    expect(texts).toContain('192.168.149.0/24 dev eth1 table 2 scope link ');
    expect(texts).toContain('net.ipv4.ip_forward = 1');
    expect(line(NETMAP).dataset.path).toBe(MASQ);
    expect(line(NETMAP).title).toMatch(/^New connections: .*\nFrom virtualLabs\[0\]/s);
    expect(within(line(NETMAP)).getByText('NETMAP').className).toBe('tok tok--nat');
    expect(screen.getByTestId('rules-readonly').textContent).toMatch(/read-only/);
    expect(screen.queryByTestId('rules-edit')).toBeNull();
  });

  it('clicking a line selects its owner with the field; a focused field lights its lines', () => {
    const store = setup();
    fireEvent.click(line(NETMAP));
    expect(store.getState().selection).toEqual({ nodes: ['vlab'], edges: [], field: MASQ });
    const lit = lines().filter((l) => l.classList.contains('rules-line--field'));
    expect(lit.map((l) => l.textContent)).toEqual([MARK, NETMAP]);
    expect(line('-A POSTROUTING -o eth1 -j MASQUERADE').classList.contains('rules-line--related')).toBe(true);
    act(() => labActions(store).focusField('virtualLabs[0].appliance.gateway'));
    expect(
      lines()
        .filter((l) => l.classList.contains('rules-line--field'))
        .map((l) => l.textContent),
    ).toEqual(['default via 192.168.149.2 dev eth0 ']);
  });

  it('focusing a field in the inspector lights its lines', () => {
    const store = setup();
    act(() => labActions(store).selectNodes(['vlab'], MASQ));
    const lit = lines().filter((l) => l.classList.contains('rules-line--field'));
    expect(lit.map((l) => l.textContent)).toEqual([MARK, NETMAP]);
    expect(lit.every((l) => l.getAttribute('aria-current') === 'true')).toBe(true);
  });

  it('a line another item made selects that item, and the panel stays on the device', () => {
    const store = setup();
    act(() => labActions(store).selectNodes(['vbs']));
    fireEvent.click(line('192.168.150.0/24 via 192.168.149.50 dev eth0 '));
    expect(store.getState().selection).toEqual({
      nodes: ['vlab'],
      edges: [],
      field: 'virtualLabs[0].backupServer',
    });
    expect((screen.getByTestId('rules-device') as HTMLSelectElement).value).toBe('vbs');
  });

  it('follows the canvas selection; the user’s pick holds until the selection changes', () => {
    const store = setup();
    act(() => labActions(store).selectNodes(['vbs']));
    expect((screen.getByTestId('rules-device') as HTMLSelectElement).value).toBe('vbs');
    expect(line('default via 192.168.149.2 dev eth0 ').classList.contains('rules-line--related')).toBe(true);
    pickDevice('gateway');
    expect((screen.getByTestId('rules-device') as HTMLSelectElement).value).toBe('gateway');
    expect(screen.getByText('No iptables rules: iptables-save prints nothing.')).toBeTruthy();
    act(() => labActions(store).selectNodes(['sf0006']));
    expect((screen.getByTestId('rules-device') as HTMLSelectElement).value).toBe('sf0006');
  });

  it('the lines are one tab stop; arrows move between them', () => {
    setup();
    const linked = lines().filter((l) => l.dataset.path);
    expect(linked.filter((l) => l.tabIndex === 0)).toHaveLength(1);
    linked[0]!.focus();
    fireEvent.keyDown(linked[0]!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(linked[1]);
    fireEvent.keyDown(linked[1]!, { key: 'End' });
    expect(document.activeElement).toBe(linked[linked.length - 1]);
    expect(linked[linked.length - 1]!.tabIndex).toBe(0);
  });

  it('a bad custom iptables line: an error at its line, the text kept, nothing changed', () => {
    const store = setup();
    pickDevice('gateway');
    fireEvent.click(screen.getByTestId('rules-edit'));
    const before = store.getState().doc;
    const text = '*filter\n:FORWARD ACCEPT [0:0]\n-A FORWARD -i eth0 -j NOSUCH\nCOMMIT\n';
    fireEvent.change(screen.getByTestId('rules-text-iptables'), { target: { value: text } });
    fireEvent.click(screen.getByTestId('rules-apply'));
    const errors = screen.getAllByTestId('rules-error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.dataset.line).toBe('3');
    expect(errors[0]!.textContent).toContain('line 3');
    expect(errors[0]!.textContent).toContain('-A FORWARD -i eth0 -j NOSUCH');
    expect((screen.getByTestId('rules-text-iptables') as HTMLTextAreaElement).value).toBe(text);
    expect(store.getState().doc).toBe(before);
    expect(store.getState().history.past).toHaveLength(0);
  });

  it('a good custom rule is one undo step, and shows at once', () => {
    const store = setup();
    pickDevice('gateway');
    fireEvent.click(screen.getByTestId('rules-edit'));
    const text = '*filter\n:FORWARD ACCEPT [0:0]\n-A FORWARD -i eth0 -p tcp --dport 22 -j DROP\nCOMMIT\n';
    fireEvent.change(screen.getByTestId('rules-text-iptables'), { target: { value: text } });
    fireEvent.click(screen.getByTestId('rules-apply'));
    expect(screen.queryByTestId('rules-error')).toBeNull();
    expect(store.getState().doc.devices[0]!.iptables).toEqual({
      filter: { FORWARD: ['-i eth0 -p tcp -m tcp --dport 22 -j DROP'] },
    });
    expect(store.getState().history.past).toHaveLength(1);
    const added = line('-A FORWARD -i eth0 -p tcp -m tcp --dport 22 -j DROP');
    expect(added.dataset.path).toBe('devices[0].iptables.filter.FORWARD[0]');
    act(() => labActions(store).undo());
    expect(store.getState().doc.devices[0]!.iptables).toBeUndefined();
    expect(screen.getByText('No iptables rules: iptables-save prints nothing.')).toBeTruthy();
  });

  it('a lab that does not compile, and a lab without devices', () => {
    const store = setup();
    act(() => labActions(store).setField('devices[0].interfaces[0].addresses[0]', '300.1.1.1/24'));
    expect(screen.getByTestId('rules-panel').textContent).toMatch(
      /\d+ errors? stops? the lab from compiling — see Problems/,
    );
    cleanup();
    render(
      <LabStoreProvider store={createLabStore()}>
        <RulesPanel />
      </LabStoreProvider>,
    );
    expect(screen.getByTestId('rules-panel').textContent).toContain('No devices yet');
  });
});
