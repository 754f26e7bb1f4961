/**
 * Mutable simulation state shared by the legs of a trace (and by consecutive traces if the caller
 * keeps it): each namespace's conntrack table and neighbour cache. A fresh state is a freshly booted
 * lab: empty conntrack, empty ARP caches.
 */
import type { Mac } from '../addr/mac.ts';
import { CtTable } from '../conntrack/table.ts';

export interface NeighEntry {
  readonly mac: Mac;
  /** The device and interface that owns the MAC (for delivering frames). */
  readonly owner: { readonly device: string; readonly iface: string };
}

export class SimState {
  private readonly ct = new Map<string, CtTable>();
  /** device → interface → neighbour address → entry. */
  private readonly neigh = new Map<string, Map<string, Map<number, NeighEntry>>>();

  conntrack(device: string): CtTable {
    let t = this.ct.get(device);
    if (!t) this.ct.set(device, (t = new CtTable()));
    return t;
  }

  neighbour(device: string, iface: string, ip: number): NeighEntry | undefined {
    return this.neigh.get(device)?.get(iface)?.get(ip);
  }

  learn(device: string, iface: string, ip: number, e: NeighEntry): void {
    let d = this.neigh.get(device);
    if (!d) this.neigh.set(device, (d = new Map()));
    let m = d.get(iface);
    if (!m) d.set(iface, (m = new Map()));
    m.set(ip, e);
  }

  /** Whether an entry exists (`__neigh_lookup`), used when an ARP request only refreshes it. */
  hasNeighbour(device: string, iface: string, ip: number): boolean {
    return this.neigh.get(device)?.get(iface)?.has(ip) ?? false;
  }
}
