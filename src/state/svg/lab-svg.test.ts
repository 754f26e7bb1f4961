/**
 * The lab drawn as SVG from the model: the seed lab's golden drawing, well-formed XML whatever the
 * names hold, positions for items the layout does not place.
 * Regenerate the golden file after an intended change: UPDATE_GOLDEN=1 npx vitest run --project node src/state/svg
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LabDocument } from '../../engine/lab/format.ts';
import { loadLab } from '../../lab/load.ts';
import { clip, escapeXml, labSvg } from './lab-svg.ts';

const SEED_TEXT = readFileSync(
  new URL('../../../public/labs/surebackup-basic.lab.json', import.meta.url),
  'utf8',
);
const GOLDEN = new URL('./__golden__/surebackup-basic.svg', import.meta.url);

function seed() {
  const r = loadLab(SEED_TEXT);
  if (!r.ok) throw new Error('the seed lab does not load');
  return r;
}

/**
 * A small well-formedness check of the XML we write: balanced elements, quoted attributes, no raw `<`
 * or stray `&` in text or attributes, nothing after the root element. Returns the problems.
 */
function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  let roots = 0;
  const body = xml.replace(/^<\?xml [^?]*\?>\n?/, '');
  const token = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  let m: RegExpExecArray | null;
  while ((m = token.exec(body))) {
    const [, close, name, attrs, selfClose, text, stray] = m;
    if (stray) {
      problems.push(`a "<" that starts no tag at ${m.index}: ${body.slice(m.index, m.index + 40)}`);
      continue;
    }
    if (text !== undefined) {
      if (!stack.length && text.trim()) problems.push(`text outside the root element: ${text.slice(0, 40)}`);
      if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(text)) problems.push(`stray & in ${text}`);
      continue;
    }
    if (attrs && /&(?!(amp|lt|gt|quot|apos);)/.test(attrs))
      problems.push(`stray & in attributes of <${name}>`);
    if (close) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open}>`);
    } else if (!selfClose) {
      if (!stack.length) roots++;
      stack.push(name!);
    } else if (!stack.length) roots++;
  }
  if (stack.length) problems.push(`unclosed: ${stack.join(' > ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}

const HOSTILE = '<img src=x onerror=alert(1)>';

function hostileLab(): LabDocument {
  return {
    schemaVersion: 2,
    name: `Lab ${HOSTILE} &"'`,
    segments: [
      {
        id: 'prod',
        name: `${HOSTILE} prod`,
        kind: 'production',
        subnet: '192.168.1.0/24',
        gateway: '192.168.1.1',
      },
      { id: 'iso', name: `iso &"' ]]> <!--`, kind: 'isolated' },
    ],
    devices: [
      {
        id: 'h1',
        name: `${HOSTILE}\u0000\u0007\ud800`,
        kind: 'host',
        interfaces: [{ name: 'eth0', segment: 'prod', addresses: [`10.0.0.1/24${HOSTILE}`] }],
      },
    ],
    virtualLabs: [
      {
        id: 'v',
        name: `vLab ${HOSTILE}`,
        mode: 'basic-single-host',
        appliance: { id: 'app', name: `&"' ${HOSTILE}`, productionNetwork: 'prod', ip: '192.168.1.50/24' },
        isolatedNetworks: [{ segment: 'iso', name: HOSTILE, productionNetwork: 'prod' }],
        backupServer: 'h1',
      },
    ],
    layout: { prod: { x: 0, y: 100 }, iso: { x: 0, y: 400 }, h1: { x: 20, y: 0 }, app: { x: 200, y: 220 } },
  };
}

describe('labSvg', () => {
  it('draws the seed lab as the golden file', () => {
    const r = seed();
    const svg = labSvg(r.doc, { expanded: r.expanded });
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, svg);
    expect(svg).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('is well-formed, standalone SVG: namespace, viewBox, no scripts, no external references', () => {
    const r = seed();
    for (const theme of ['light', 'dark'] as const) {
      const svg = labSvg(r.doc, { expanded: r.expanded, theme });
      expect(xmlProblems(svg)).toEqual([]);
      expect(svg).toMatch(
        /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/,
      );
      expect(svg).toMatch(/viewBox="-?\d+ -?\d+ \d+ \d+"/);
      expect(svg).not.toMatch(/<script|foreignObject|href=|url\(/i);
    }
  });

  it('shows what the drawing is made of: bars, boxes, address labels', () => {
    const r = seed();
    const svg = labSvg(r.doc, { expanded: r.expanded });
    expect(svg).toContain('<g class="network production">');
    expect(svg).toContain('<g class="network isolated">');
    expect(svg).toMatch(/<rect [^>]*stroke="#a8560b" stroke-width="2" stroke-dasharray="7 4"\/>/);
    expect(svg).toContain('Isolated network · no uplink');
    expect(svg).toContain('<g class="machine appliance">');
    expect(svg.match(/<g class="machine /g)).toHaveLength(5);
    // every interface on a network, plus the appliance's production and isolated links
    expect(svg.match(/<path /g)).toHaveLength(6);
    for (const a of ['192.168.149.2/24', '192.168.149.22/24', '192.168.149.36/24', '192.168.149.50/24'])
      expect(svg).toContain(`>${a}</text>`);
  });

  it('the dark palette', () => {
    const r = seed();
    const svg = labSvg(r.doc, { expanded: r.expanded, theme: 'dark' });
    expect(svg).toContain('fill="#11161d"');
    expect(svg).toContain('stroke="#7fb0f5"');
    expect(labSvg(r.doc, { background: false })).not.toMatch(
      /<rect [^>]*fill="#ffffff"\/>\n {2}<g class="links"/,
    );
  });

  it('escapes every text from the document; characters XML cannot hold are replaced', () => {
    const svg = labSvg(hostileLab());
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).not.toContain('<img');
    expect(svg).not.toContain('<!--');
    expect(svg).not.toContain(']]>');
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(svg).toContain('&amp;&quot;&apos;');
    const bad = [...svg].filter(
      (ch) => ch.charCodeAt(0) < 9 || (ch.length === 1 && /[\ud800-\udfff]/.test(ch)),
    );
    expect(bad).toEqual([]);
    expect(svg).toContain('\ufffd');
  });

  it('places items without a layout position below the others, never on top of them', () => {
    const r = seed();
    const { layout: _layout, ...bare } = r.doc;
    void _layout;
    const none = labSvg(bare);
    expect(xmlProblems(none)).toEqual([]);
    expect(none).not.toMatch(/NaN|Infinity|undefined/);
    expect(none.match(/<g class="machine /g)).toHaveLength(5);

    const partly: LabDocument = {
      ...r.doc,
      layout: { prod: { x: 0, y: 0, width: 500 }, vbs: { x: 10, y: -100 } },
    };
    const svg = labSvg(partly);
    const rects = [
      ...svg.matchAll(
        /<g class="(?:network|machine) [^"]*">\n.*\n\s*<rect x="(-?[\d.]+)" y="(-?[\d.]+)" width="([\d.]+)" height="([\d.]+)"/g,
      ),
    ].map((m) => ({ x: +m[1]!, y: +m[2]!, w: +m[3]!, h: +m[4]! }));
    expect(rects).toHaveLength(7);
    for (let i = 0; i < rects.length; i++)
      for (let j = i + 1; j < rects.length; j++) {
        const a = rects[i]!;
        const b = rects[j]!;
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        expect(overlap, `${JSON.stringify(a)} overlaps ${JSON.stringify(b)}`).toBe(false);
      }
  });

  it('an empty lab is a small valid drawing', () => {
    const svg = labSvg({ schemaVersion: 2, name: 'Empty', segments: [], devices: [] });
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).toContain('An empty lab');
  });

  it('escapeXml and clip', () => {
    expect(escapeXml(`a<b>&"'`)).toBe('a&lt;b&gt;&amp;&quot;&apos;');
    expect(clip('  a\n b  ', 10)).toBe('a b');
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('😀😀😀😀', 3)).toBe('😀😀…'); // never splits a surrogate pair
  });

  it('the checker itself finds broken XML', () => {
    expect(xmlProblems('<svg><text>a < b</text></svg>')).not.toEqual([]);
    expect(xmlProblems('<svg><g></svg>')).not.toEqual([]);
    expect(xmlProblems('<svg><text>a & b</text></svg>')).not.toEqual([]);
    expect(xmlProblems('<svg><text a="x">ok &amp;</text></svg>')).toEqual([]);
  });
});
