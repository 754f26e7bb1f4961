/**
 * The lab as a clean, standalone vector drawing (SVG 1.1 text, no HTML inside, no scripts, no external
 * references), made from the document and its layout — the same picture as the canvas, drawn from the
 * model rather than captured from the screen, so it also works without a browser (tests, the CLI).
 *
 * Production networks are solid bars, isolated networks dashed bars in their own colour ("no uplink");
 * machines are rounded boxes with their name and kind, the proxy appliance of each virtual-lab design a
 * bigger box; every interface plugged into a network is a line from the box to the bar, labelled with
 * its address. Items without a layout position are placed below the others. Every text that comes from
 * the document is XML-escaped (and characters XML cannot hold are replaced), so no name can break out
 * of its `<text>` element.
 */
import type { LabDocument, LayoutDoc, SegmentDoc } from '../../engine/lab/format.ts';
import { NETWORK_WIDTH } from '../commands/add.ts';
import { addressText } from '../commands/addresses.ts';
import { addressLabel, deviceLooks, type DeviceLook } from '../looks.ts';

export interface LabSvgOptions {
  /**
   * The expanded lab (the design compiled: `Derived.expanded`), for the interface names and addresses
   * the design generates for its appliance. Without it the design's own values are shown.
   */
  readonly expanded?: LabDocument;
  /** Colours: the light (default) or the dark palette of the designer. */
  readonly theme?: 'light' | 'dark';
  /** Fill the drawing's background (default true); false leaves it transparent. */
  readonly background?: boolean;
}

export const SVG_NETWORK_HEIGHT = 48;
export const SVG_DEVICE_WIDTH = 172;
export const SVG_DEVICE_HEIGHT = 62;
export const SVG_APPLIANCE_WIDTH = 250;
export const SVG_APPLIANCE_HEIGHT = 74;
/** Space around the drawing. */
const PAD = 24;
/** Rough advance of one character (no font metrics without a browser): for truncation and label boxes. */
const CHAR_W = { name: 7.4, small: 5.6, mono: 6.7 } as const;
const FONT_SANS = "'Segoe UI', Roboto, 'Noto Sans', 'Liberation Sans', Helvetica, Arial, sans-serif";
const FONT_MONO = "ui-monospace, Menlo, Consolas, 'Liberation Mono', 'DejaVu Sans Mono', monospace";

interface Palette {
  readonly bg: string;
  readonly surface: string;
  readonly text: string;
  readonly muted: string;
  readonly prod: string;
  readonly prodSoft: string;
  readonly iso: string;
  readonly isoSoft: string;
  readonly link: string;
  readonly host: string;
  readonly hostSoft: string;
  readonly router: string;
  readonly routerSoft: string;
  readonly appliance: string;
  readonly applianceSoft: string;
}

/** The designer's tokens (src/ui/app/app.css), light and dark. */
const PALETTES: Record<'light' | 'dark', Palette> = {
  light: {
    bg: '#ffffff',
    surface: '#ffffff',
    text: '#17212e',
    muted: '#5a6677',
    prod: '#1f5fb8',
    prodSoft: '#e9f1fc',
    iso: '#a8560b',
    isoSoft: '#fdf4e7',
    link: '#5a6677',
    host: '#3d4b5e',
    hostSoft: '#eaeef3',
    router: '#5145b8',
    routerSoft: '#eeecfb',
    appliance: '#0d7268',
    applianceSoft: '#e2f4f1',
  },
  dark: {
    bg: '#11161d',
    surface: '#19202a',
    text: '#e6ebf1',
    muted: '#9aa6b5',
    prod: '#7fb0f5',
    prodSoft: '#172538',
    iso: '#f0aa5c',
    isoSoft: '#2c2113',
    link: '#9aa6b5',
    host: '#b7c2d0',
    hostSoft: '#232b36',
    router: '#aaa2f2',
    routerSoft: '#242140',
    appliance: '#6fd3c5',
    applianceSoft: '#13302d',
  },
};

type Look = DeviceLook;

const LOOK_LABEL: Record<Look, string> = {
  host: 'Host / VM',
  'backup-server': 'Backup server',
  router: 'Router',
  'production-gateway': 'Production gateway',
  appliance: 'Appliance',
};

const KIND_LABEL: Record<SegmentDoc['kind'], string> = {
  production: 'Production network',
  isolated: 'Isolated network · no uplink',
  link: 'Link',
};

// ---------------------------------------------------------------------------------------------------
// Text

/** Characters XML 1.0 cannot hold at all (C0 controls but tab/LF/CR, U+FFFE/FFFF, lone surrogates). */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- matching the control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Text safe inside an XML element or a quoted attribute. */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '\ufffd').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** One line of display text: blanks collapsed; cut to `max` characters (code points) with an ellipsis. */
export function clip(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(one);
  if (chars.length <= max) return one;
  return `${chars.slice(0, Math.max(1, max - 1)).join('')}…`;
}

const fmt = (n: number): string => {
  const r = Math.round(n * 10) / 10;
  return Object.is(r, -0) ? '0' : String(r);
};

// ---------------------------------------------------------------------------------------------------
// Geometry

interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

interface Bar extends Box {
  readonly seg: SegmentDoc;
}

interface Port {
  readonly segment: string;
  readonly label: string;
  readonly style: 'interface' | 'production' | 'isolated';
}

interface Machine extends Box {
  readonly id: string;
  readonly name: string;
  readonly sub: string;
  /** A third line (the appliance's networking mode). */
  readonly sub2?: string;
  readonly look: Look;
  readonly big: boolean;
  readonly ports: readonly Port[];
}

const finite = (n: number | undefined, dflt: number) =>
  typeof n === 'number' && Number.isFinite(n) ? n : dflt;

/** Positions of items without one: rows below everything placed (networks first, then machines). */
class Fallback {
  private segY: number;
  private boxY: number | undefined;
  private col = 0;
  private readonly x0: number;
  constructor(placed: readonly Box[]) {
    this.x0 = placed.length ? Math.min(...placed.map((b) => b.x)) : 0;
    this.segY = placed.length ? Math.max(...placed.map((b) => b.y + b.h)) + 80 : 0;
  }
  segment(): { x: number; y: number } {
    const p = { x: this.x0, y: this.segY };
    this.segY += SVG_NETWORK_HEIGHT + 60;
    return p;
  }
  box(): { x: number; y: number } {
    this.boxY ??= this.segY;
    if (this.col === 4) {
      this.col = 0;
      this.boxY += SVG_APPLIANCE_HEIGHT + 50;
    }
    return { x: this.x0 + this.col++ * (SVG_APPLIANCE_WIDTH + 30), y: this.boxY };
  }
}

function networkFacts(doc: LabDocument, s: SegmentDoc): string {
  const iso = (doc.virtualLabs ?? []).flatMap((v) => v.isolatedNetworks).find((n) => n.segment === s.id);
  const copy =
    iso && iso.productionNetwork !== s.id
      ? doc.segments.find((x) => x.id === iso.productionNetwork)
      : undefined;
  const subnet = s.subnet ?? copy?.subnet;
  return [
    KIND_LABEL[s.kind],
    s.vlan !== undefined ? (s.vlan === 0 ? 'no VLAN' : `VLAN ${s.vlan}`) : undefined,
    subnet,
    s.gateway ? `gw ${s.gateway}` : undefined,
    s.dns?.length ? `DNS ${s.dns.join(', ')}` : undefined,
    copy ? `copy of ${copy.name ?? copy.id}` : undefined,
    iso?.masquerade ? `masquerade ${iso.masquerade}` : undefined,
  ]
    .filter((x): x is string => !!x)
    .join(' · ');
}

// ---------------------------------------------------------------------------------------------------
// Drawing

export function labSvg(doc: LabDocument, opts: LabSvgOptions = {}): string {
  const c = PALETTES[opts.theme ?? 'light'];
  const layout: Readonly<Record<string, LayoutDoc>> = doc.layout ?? {};
  const at = (id: string): LayoutDoc | undefined =>
    Object.prototype.hasOwnProperty.call(layout, id) ? layout[id] : undefined;

  // Everything placed first, so the fallback rows go below it.
  const placed: Box[] = [];
  for (const s of doc.segments) {
    const p = at(s.id);
    if (p)
      placed.push({
        x: finite(p.x, 0),
        y: finite(p.y, 0),
        w: finite(p.width, NETWORK_WIDTH),
        h: SVG_NETWORK_HEIGHT,
      });
  }
  for (const d of doc.devices) {
    const p = at(d.id);
    if (p) placed.push({ x: finite(p.x, 0), y: finite(p.y, 0), w: SVG_DEVICE_WIDTH, h: SVG_DEVICE_HEIGHT });
  }
  for (const v of doc.virtualLabs ?? []) {
    const p = at(v.appliance.id);
    if (p)
      placed.push({ x: finite(p.x, 0), y: finite(p.y, 0), w: SVG_APPLIANCE_WIDTH, h: SVG_APPLIANCE_HEIGHT });
  }
  const fallback = new Fallback(placed);

  const bars = new Map<string, Bar>();
  for (const s of doc.segments) {
    if (bars.has(s.id)) continue;
    const p = at(s.id);
    const xy = p ? { x: finite(p.x, 0), y: finite(p.y, 0) } : fallback.segment();
    bars.set(s.id, {
      ...xy,
      w: Math.max(120, finite(p?.width, NETWORK_WIDTH)),
      h: SVG_NETWORK_HEIGHT,
      seg: s,
    });
  }

  const machines: Machine[] = [];
  const place = (id: string, w: number, h: number): Box => {
    const p = at(id);
    return { ...(p ? { x: finite(p.x, 0), y: finite(p.y, 0) } : fallback.box()), w, h };
  };
  const lookOf = deviceLooks(doc);
  for (const d of doc.devices) {
    const look = lookOf(d);
    machines.push({
      ...place(d.id, SVG_DEVICE_WIDTH, SVG_DEVICE_HEIGHT),
      id: d.id,
      name: d.name ?? d.id,
      sub: `${LOOK_LABEL[look]} · ${d.id}`,
      look,
      big: false,
      ports: d.interfaces
        .filter((i) => i.segment && bars.has(i.segment))
        .map((i) => ({
          segment: i.segment!,
          label: addressLabel((i.addresses ?? []).map(addressText)),
          style: 'interface' as const,
        })),
    });
  }
  for (const v of doc.virtualLabs ?? []) {
    const a = v.appliance;
    const generated = opts.expanded?.devices.find((x) => x.id === a.id);
    const addrOn = (segment: string) =>
      (generated?.interfaces.find((i) => i.segment === segment)?.addresses ?? []).map(addressText);
    const prod = addrOn(a.productionNetwork);
    const ports: Port[] = [];
    if (bars.has(a.productionNetwork))
      ports.push({
        segment: a.productionNetwork,
        label: addressLabel(prod.length ? prod : [a.ip]),
        style: 'production',
      });
    for (const n of v.isolatedNetworks) {
      if (!bars.has(n.segment)) continue;
      const vnic = addrOn(n.segment);
      ports.push({
        segment: n.segment,
        label: addressLabel(vnic.length ? vnic : n.vnicIp ? [n.vnicIp] : []),
        style: 'isolated',
      });
    }
    machines.push({
      ...place(a.id, SVG_APPLIANCE_WIDTH, SVG_APPLIANCE_HEIGHT),
      id: a.id,
      name: a.name ?? a.id,
      sub: `Proxy appliance · ${v.name}`,
      sub2: v.mode,
      look: 'appliance',
      big: true,
      ports,
    });
  }

  // Links: each box's ports spread over the side that faces their network.
  interface Link {
    readonly d: string;
    readonly style: Port['style'];
    readonly label: string;
    readonly lx: number;
    readonly ly: number;
  }
  const links: Link[] = [];
  for (const m of machines) {
    const sides = { top: [] as { port: Port; bar: Bar }[], bottom: [] as { port: Port; bar: Bar }[] };
    for (const port of m.ports) {
      const bar = bars.get(port.segment)!;
      const above = bar.y + bar.h / 2 < m.y + m.h / 2;
      sides[above ? 'top' : 'bottom'].push({ port, bar });
    }
    for (const side of ['top', 'bottom'] as const) {
      const list = sides[side];
      list.forEach(({ port, bar }, i) => {
        const px = m.x + ((i + 1) * m.w) / (list.length + 1);
        const sy = side === 'top' ? m.y : m.y + m.h;
        const ey = side === 'top' ? bar.y + bar.h : bar.y;
        const ex = Math.min(Math.max(px, bar.x + 8), bar.x + bar.w - 8);
        const straight = Math.abs(ex - px) < 0.5;
        const my = (sy + ey) / 2;
        // labels of neighbouring ports at different heights, so they do not cover each other
        const ly = sy + ((ey - sy) * (i + 1)) / (list.length + 1);
        const beforeJog = side === 'top' ? ly > my : ly < my;
        links.push({
          d: straight
            ? `M${fmt(px)} ${fmt(sy)}V${fmt(ey)}`
            : `M${fmt(px)} ${fmt(sy)}V${fmt(my)}H${fmt(ex)}V${fmt(ey)}`,
          style: port.style,
          label: clip(port.label, 48),
          lx: straight || beforeJog ? px : ex,
          ly,
        });
      });
    }
  }

  // Bounds of everything drawn.
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const grow = (x: number, y: number, w: number, h: number) => {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x + w);
    maxY = Math.max(maxY, y + h);
  };
  for (const b of bars.values()) grow(b.x, b.y, b.w, b.h);
  for (const m of machines) grow(m.x, m.y, m.w, m.h);
  const labelW = (t: string) => Array.from(t).length * CHAR_W.mono + 10;
  for (const l of links) if (l.label) grow(l.lx - labelW(l.label) / 2, l.ly - 9, labelW(l.label), 18);
  if (minX === Infinity) {
    minX = minY = 0;
    maxX = 320;
    maxY = 80;
  }
  const vx = Math.floor(minX - PAD);
  const vy = Math.floor(minY - PAD);
  const vw = Math.ceil(maxX + PAD) - vx;
  const vh = Math.ceil(maxY + PAD) - vy;

  const out: string[] = [];
  const t = (s: string) => escapeXml(s);
  out.push(
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${vw}" height="${vh}" viewBox="${vx} ${vy} ${vw} ${vh}" font-family="${t(FONT_SANS)}" role="img">`,
    `  <title>${t(clip(doc.name, 200))}</title>`,
  );
  if (opts.background !== false)
    out.push(`  <rect x="${vx}" y="${vy}" width="${vw}" height="${vh}" fill="${c.bg}"/>`);
  if (bars.size === 0 && machines.length === 0)
    out.push(
      `  <text x="${fmt(vx + vw / 2)}" y="${fmt(vy + vh / 2)}" text-anchor="middle" font-size="13" fill="${c.muted}">An empty lab</text>`,
    );

  out.push('  <g class="links" fill="none">');
  for (const l of links) {
    const stroke = l.style === 'production' ? c.prod : l.style === 'isolated' ? c.iso : c.link;
    out.push(
      `    <path d="${l.d}" stroke="${stroke}" stroke-width="${l.style === 'interface' ? 1.5 : 2}"${l.style === 'isolated' ? ' stroke-dasharray="6 4"' : ''}/>`,
    );
  }
  out.push('  </g>');

  out.push('  <g class="networks">');
  for (const b of bars.values()) {
    const iso = b.seg.kind === 'isolated';
    const stroke = iso ? c.iso : b.seg.kind === 'production' ? c.prod : c.link;
    const fill = iso ? c.isoSoft : b.seg.kind === 'production' ? c.prodSoft : c.surface;
    const name = b.seg.name ?? b.seg.id;
    const room = b.w - 24;
    out.push(
      `    <g class="network ${b.seg.kind}">`,
      `      <title>${t(clip(name, 200))} (${t(clip(b.seg.id, 200))})</title>`,
      `      <rect x="${fmt(b.x)}" y="${fmt(b.y)}" width="${fmt(b.w)}" height="${b.h}" rx="6" fill="${fill}" stroke="${stroke}" stroke-width="2"${iso ? ' stroke-dasharray="7 4"' : ''}/>`,
      `      <text x="${fmt(b.x + 12)}" y="${fmt(b.y + 20)}" font-size="13" font-weight="600" fill="${c.text}">${t(clip(name, Math.floor(room / CHAR_W.name)))}</text>`,
      `      <text x="${fmt(b.x + 12)}" y="${fmt(b.y + 37)}" font-size="11" fill="${iso ? c.iso : c.muted}">${t(clip(networkFacts(doc, b.seg), Math.floor(room / CHAR_W.small)))}</text>`,
      '    </g>',
    );
  }
  out.push('  </g>');

  out.push('  <g class="machines">');
  for (const m of machines) {
    const [stroke, fill] =
      m.look === 'appliance'
        ? [c.appliance, c.applianceSoft]
        : m.look === 'router' || m.look === 'production-gateway'
          ? [c.router, c.surface]
          : m.look === 'backup-server'
            ? [c.prod, c.surface]
            : [c.host, c.surface];
    const room = m.w - 24;
    const nameY = m.sub2 ? 24 : 26;
    out.push(
      `    <g class="machine ${m.look}">`,
      `      <title>${t(clip(m.name, 200))} (${t(clip(m.id, 200))})</title>`,
      `      <rect x="${fmt(m.x)}" y="${fmt(m.y)}" width="${m.w}" height="${m.h}" rx="8" fill="${fill}" stroke="${stroke}" stroke-width="${m.big ? 2 : 1.5}"/>`,
      `      <rect x="${fmt(m.x)}" y="${fmt(m.y + 8)}" width="4" height="${m.h - 16}" rx="2" fill="${stroke}"/>`,
      `      <text x="${fmt(m.x + 14)}" y="${fmt(m.y + nameY)}" font-size="13" font-weight="600" fill="${c.text}">${t(clip(m.name, Math.floor(room / CHAR_W.name)))}</text>`,
      `      <text x="${fmt(m.x + 14)}" y="${fmt(m.y + nameY + 18)}" font-size="11" fill="${c.muted}">${t(clip(m.sub, Math.floor(room / CHAR_W.small)))}</text>`,
      ...(m.sub2
        ? [
            `      <text x="${fmt(m.x + 14)}" y="${fmt(m.y + nameY + 34)}" font-size="11" fill="${c.muted}">${t(clip(m.sub2, Math.floor(room / CHAR_W.small)))}</text>`,
          ]
        : []),
      '    </g>',
    );
  }
  out.push('  </g>');

  const labelled = links.filter((l) => l.label);
  if (labelled.length) {
    out.push(`  <g class="addresses" font-family="${t(FONT_MONO)}" font-size="11" text-anchor="middle">`);
    for (const l of labelled) {
      const w = labelW(l.label);
      const stroke = l.style === 'production' ? c.prod : l.style === 'isolated' ? c.iso : c.link;
      out.push(
        `    <rect x="${fmt(l.lx - w / 2)}" y="${fmt(l.ly - 9)}" width="${fmt(w)}" height="18" rx="4" fill="${c.surface}" stroke="${stroke}" stroke-width="0.75"/>`,
        `    <text x="${fmt(l.lx)}" y="${fmt(l.ly + 4)}" fill="${c.text}">${t(l.label)}</text>`,
      );
    }
    out.push('  </g>');
  }
  out.push('</svg>', '');
  return out.join('\n');
}
