import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createLabStore } from '../../state/lab-store.ts';
import { LabStoreProvider } from '../app/store-context.tsx';
import { example } from '../files/files.test-support.tsx';
import { playback } from './playback.ts';
import { TraceBar } from './TraceBar.tsx';
import { TracePanel } from './TracePanel.tsx';

function setup() {
  render(
    <LabStoreProvider store={createLabStore(example('surebackup-basic'))}>
      <TraceBar />
      <TracePanel />
    </LabStoreProvider>,
  );
}

afterEach(() => {
  cleanup();
  act(() => {
    playback.getState().clear();
    playback.getState().setForm({ from: '', to: '', proto: 'icmp' });
  });
});

const field = (name: string) => within(screen.getByTestId('packet-card')).getByText(name).parentElement!;

function traceSeed() {
  fireEvent.change(screen.getByTestId('trace-from'), { target: { value: 'vbs' } });
  fireEvent.change(screen.getByTestId('trace-to'), { target: { value: '192.168.150.36' } });
  fireEvent.click(screen.getByTestId('trace-run'));
  fireEvent.click(screen.getByTestId('pause'));
}

/** Clicks the event row whose text matches, and returns its position. */
function goTo(text: RegExp) {
  const row = screen.getAllByTestId('trace-event').find((r) => text.test(r.textContent ?? ''));
  if (!row) throw new Error(`no event ${text}`);
  fireEvent.click(row);
  return row;
}

describe('the Trace tab', () => {
  it('explains how to start before the first trace', () => {
    setup();
    expect(screen.getByTestId('trace-panel').textContent).toMatch(/Pick a source and a destination/);
  });

  it('traces vbs → 192.168.150.36 and shows NETMAP rewriting the destination, highlighted', () => {
    setup();
    traceSeed();
    expect(screen.getByTestId('trace-summary').textContent).toMatch(/answered/);
    const row = goTo(/DNAT dst 192\.168\.150\.36 → 192\.168\.149\.36/);
    expect(row.getAttribute('aria-current')).toBe('step');
    const dst = field('dst');
    expect(dst.className).toBe('is-changed');
    expect(dst.querySelector('del')?.textContent).toBe('192.168.150.36');
    expect(dst.querySelector('.packet-card__value')?.textContent).toBe('192.168.149.36');
    // the nat PREROUTING cell of the lane is the current one, its NETMAP rule matched
    const nat = screen.getAllByTestId('lane-cell-nat')[0]!;
    expect(nat.getAttribute('aria-current')).toBe('step');
    expect(within(nat).getByTestId('lane-rule').textContent).toMatch(
      /NETMAP --to 192\.168\.149\.0\/24.*✓ accept/,
    );
  });

  it('steps back to the previous state', () => {
    setup();
    traceSeed();
    goTo(/DNAT dst/);
    fireEvent.click(screen.getByTestId('step-back'));
    expect(field('dst').className).toBe('');
    expect(field('dst').textContent).toMatch(/192\.168\.150\.36$/);
    expect(screen.getByTestId('step-position').textContent).toBe('13/56');
  });

  it('follows MASQUERADE and the de-NAT of the reply', () => {
    setup();
    traceSeed();
    goTo(/SNAT src 192\.168\.149\.22 → 192\.168\.149\.2$/);
    expect(field('src').querySelector('.packet-card__value')?.textContent).toBe('192.168.149.2');
    goTo(/SNAT src 192\.168\.149\.36 → 192\.168\.150\.36 \(conntrack\)/);
    expect(screen.getByTestId('packet-card').className).toMatch(/packet-card--reply/);
    expect(field('src').querySelector('.packet-card__value')?.textContent).toBe('192.168.150.36');
  });

  it('says what is wrong with the request instead of tracing', () => {
    setup();
    fireEvent.change(screen.getByTestId('trace-from'), { target: { value: 'vbs' } });
    fireEvent.change(screen.getByTestId('trace-to'), { target: { value: 'no-such-host' } });
    fireEvent.click(screen.getByTestId('trace-run'));
    expect(screen.getByRole('alert').textContent).toBe('No device "no-such-host" and not an IPv4 address');
  });

  it('says where and why a packet died, and jumps there', () => {
    setup();
    fireEvent.change(screen.getByTestId('trace-from'), { target: { value: 'sf0006-copy' } });
    fireEvent.change(screen.getByTestId('trace-to'), { target: { value: '192.168.149.22' } });
    fireEvent.click(screen.getByTestId('trace-run'));
    fireEvent.click(screen.getByTestId('pause'));
    const summary = screen.getByTestId('trace-summary');
    expect(summary.textContent).toMatch(/ICMP error/);
    expect(summary.textContent).toMatch(/192\.168\.149\.22/);
    fireEvent.click(screen.getByTestId('go-to-drop'));
    const current = screen
      .getAllByTestId('trace-event')
      .find((r) => r.getAttribute('aria-current') === 'step');
    expect(current?.textContent).toMatch(/DROP: neighbour unreachable/);
  });
});
