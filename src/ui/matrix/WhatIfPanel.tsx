/**
 * What-if: everything a user can flip, device by device (the appliance first, with the rules its
 * design generates), in kernel words. A checkbox turns an iptables rule, a route or an ip rule off; a
 * select sets a sysctl (rp_filter 0/1/2, ip_forward, proxy_arp…). A filter box, the count of active
 * toggles and Reset. The toggles live outside (`onChange`): the matrix and the trace show their effect.
 */
import { useId, useMemo, useState } from 'react';
import type { LabDocument } from '../../engine/lab/format.ts';
import { whatIfCandidates, type WhatIfCandidate, type WhatIfGroup } from '../../engine/whatif/candidates.ts';
import { flipToggle, setToggle, toggleKey, type WhatIfToggle } from '../../engine/whatif/toggles.ts';
import './matrix.css';

export interface WhatIfPanelProps {
  readonly expanded?: LabDocument;
  readonly toggles: readonly WhatIfToggle[];
  onChange(toggles: WhatIfToggle[]): void;
}

/** The most candidates listed at once (the filter finds the others). */
export const WHATIF_MAX_ITEMS = 300;

export function WhatIfPanel({ expanded, toggles, onChange }: WhatIfPanelProps) {
  const groups = useMemo(() => {
    if (!expanded) return [];
    const all = whatIfCandidates(expanded).filter((g) => g.candidates.length);
    return [...all.filter((g) => g.kind === 'appliance'), ...all.filter((g) => g.kind !== 'appliance')];
  }, [expanded]);
  const [filter, setFilter] = useState('');
  /** Groups the user opened or closed (otherwise: open when filtering, for appliances, when changed). */
  const [open, setOpen] = useState<ReadonlyMap<string, boolean>>(() => new Map());
  const filterId = useId();
  const active = useMemo(() => new Map(toggles.map((t) => [toggleKey(t), t])), [toggles]);
  const q = filter.trim().toLowerCase();

  if (!expanded)
    return (
      <div className="empty-state" data-testid="whatif-empty">
        <strong>Nothing to change</strong>
        The lab does not compile yet.
      </div>
    );

  let budget = WHATIF_MAX_ITEMS;
  let hidden = 0;
  const shownGroups = groups.flatMap((g) => {
    const items = q
      ? g.candidates.filter((c) => `${g.device} ${g.name} ${c.label}`.toLowerCase().includes(q))
      : g.candidates;
    if (!items.length) return [];
    const expandedGroup =
      open.get(g.device) ??
      (q !== '' || g.kind === 'appliance' || g.candidates.some((c) => active.has(c.key)));
    const listed = expandedGroup ? items.slice(0, Math.max(0, budget)) : [];
    budget -= listed.length;
    hidden += expandedGroup ? items.length - listed.length : 0;
    return [{ g, items, listed, expandedGroup }];
  });

  return (
    <section className="wi" data-testid="whatif-panel" aria-label="What-if toggles">
      <div className="mx__bar">
        <span className="wi__count" data-testid="whatif-count">
          {toggles.length} change{toggles.length === 1 ? '' : 's'} active
        </span>
        <button type="button" disabled={!toggles.length} onClick={() => onChange([])}>
          Reset
        </button>
        <label htmlFor={filterId} className="mx-sr">
          Filter rules, routes and sysctls
        </label>
        <input
          id={filterId}
          className="mx__filter"
          type="search"
          placeholder="Filter: NETMAP, rp_filter, vlab…"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
      </div>
      {shownGroups.length === 0 && <p className="mx__note">Nothing matches “{filter}”.</p>}
      {shownGroups.map(({ g, items, listed, expandedGroup }) => (
        <div key={g.device} className="wi__group" data-testid="whatif-group" data-device={g.device}>
          <button
            type="button"
            className="wi__device"
            aria-expanded={expandedGroup}
            onClick={() => setOpen(new Map(open).set(g.device, !expandedGroup))}
          >
            {g.name}
            <small className="mx__addr">
              {g.kind} · {items.length} item{items.length === 1 ? '' : 's'}
              {countActive(g, active) ? ` · ${countActive(g, active)} changed` : ''}
            </small>
          </button>
          {listed.length > 0 && (
            <ul className="wi__list">
              {listed.map((c) => (
                <Item key={c.key} c={c} active={active.get(c.key)} toggles={toggles} onChange={onChange} />
              ))}
            </ul>
          )}
        </div>
      ))}
      {hidden > 0 && <p className="mx__note">{hidden} more: filter to see them.</p>}
    </section>
  );
}

const countActive = (g: WhatIfGroup, active: ReadonlyMap<string, WhatIfToggle>) =>
  g.candidates.filter((c) => active.has(c.key)).length;

function Item(props: {
  c: WhatIfCandidate;
  active: WhatIfToggle | undefined;
  toggles: readonly WhatIfToggle[];
  onChange(toggles: WhatIfToggle[]): void;
}) {
  const { c, active, toggles, onChange } = props;
  const id = useId();
  if (c.sysctl) {
    const value = active?.kind === 'sysctl' ? String(active.value) : '';
    return (
      <li className={`wi__item${active ? ' wi__item--on' : ''}`} data-testid="whatif-item" data-key={c.key}>
        <label htmlFor={id}>
          <code>{c.label}</code>
        </label>
        <select
          id={id}
          value={value}
          onChange={(e) => {
            const v = e.target.value;
            if (v === '' || Number(v) === c.sysctl!.current)
              onChange(toggles.filter((t) => toggleKey(t) !== c.key));
            else
              onChange(
                setToggle(toggles, {
                  kind: 'sysctl',
                  device: c.device,
                  key: c.sysctl!.key,
                  value: Number(v),
                }),
              );
          }}
        >
          <option value="">as in the lab ({c.sysctl.current})</option>
          {c.sysctl.values
            .filter((v) => v !== c.sysctl!.current)
            .map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
        </select>
      </li>
    );
  }
  return (
    <li className={`wi__item${active ? ' wi__item--on' : ''}`} data-testid="whatif-item" data-key={c.key}>
      <input
        id={id}
        type="checkbox"
        checked={active !== undefined}
        onChange={() => onChange(flipToggle(toggles, c.toggle))}
      />
      <label htmlFor={id}>
        <span className="wi__off">off</span>
        {c.table && <span className="mx__tag">{c.table}</span>}
        <code>{c.label}</code>
      </label>
    </li>
  );
}
