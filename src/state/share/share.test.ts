import fc from 'fast-check';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { LabDocument } from '../../engine/lab/format.ts';
import { emptyLab } from '../lab-store.ts';
import { exampleLabs } from '../persist/persist.test-support.ts';
import { fromBase64url, toBase64url } from './base64url.ts';
import {
  decodeShare,
  encodeShare,
  MAX_SHARE_BYTES,
  shareFragment,
  shareUrl,
  withoutShare,
  type ShareResult,
} from './share.ts';

const EXAMPLES = exampleLabs();

/** `#lab=` holding `bytes` deflated, as a hand-made link would. */
const linkOf = (bytes: Uint8Array | string) =>
  `#lab=${toBase64url(new Uint8Array(deflateRawSync(typeof bytes === 'string' ? Buffer.from(bytes) : bytes)))}`;

const failed = (r: ShareResult) => (r.ok ? 'opened' : r.message);

/** Text a user (or an attacker) may put in a name: any code point, markup, control characters, lone surrogates. */
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 100 }),
  fc.constantFrom(
    '<img src=x onerror=alert(1)>',
    '"; DROP TABLE labs; --',
    '\u202e\u0000\u2028\u2029\ud800',
    '👩‍👩‍👧‍👦 Ünïcödé ☃ 𝕏',
    '#lab=&x=%00',
  ),
  fc.string({
    unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
    maxLength: 5,
  }),
);

const generatedDoc = fc
  .record({
    base: fc.constantFrom(...EXAMPLES.map((e) => e.doc)),
    name: hostile,
    description: fc.option(fc.string({ unit: 'binary', maxLength: 300 }), { nil: undefined }),
    layoutKey: fc
      .string({ maxLength: 20 })
      .filter((k) => !['__proto__', 'prototype', 'constructor'].includes(k)),
  })
  .map(({ base, name, description, layoutKey }): LabDocument => ({
    ...base,
    name,
    ...(description !== undefined ? { description } : {}),
    layout: { ...base.layout, [layoutKey]: { x: 1.5, y: -2 } },
  }));

describe('sharing a lab as a link', () => {
  it('round-trips every example exactly', async () => {
    for (const { doc } of EXAMPLES) {
      const fragment = await encodeShare(doc);
      expect(fragment).toMatch(/^#lab=[A-Za-z0-9_-]+$/);
      const r = await decodeShare(fragment);
      expect(r.ok && r.doc).toEqual(doc);
      // the link is much shorter than the JSON
      expect(fragment.length).toBeLessThan(JSON.stringify(doc).length);
    }
  });

  it('round-trips generated labs with unicode and hostile names (property)', async () => {
    await fc.assert(
      fc.asyncProperty(generatedDoc, async (doc) => {
        const r = await decodeShare(await encodeShare(doc));
        expect(r.ok && r.doc).toEqual(doc);
      }),
      { numRuns: 150 },
    );
  });

  it('builds and reads the URL: the lab is in the fragment, the rest of the address is kept', async () => {
    const fragment = await encodeShare(emptyLab('x'));
    const url = shareUrl('http://127.0.0.1:5173/natlab/?lab=snf-routed#old', fragment);
    expect(url).toBe(`http://127.0.0.1:5173/natlab/?lab=snf-routed${fragment}`);
    const hash = new URL(url).hash;
    expect(shareFragment(hash)).toBe(fragment.slice('#lab='.length));
    expect(shareFragment('#other=1')).toBeUndefined();
    expect(shareFragment('')).toBeUndefined();
    expect(withoutShare(`${fragment}&theme=dark`)).toBe('#theme=dark');
    expect(withoutShare(fragment)).toBe('');
    expect(withoutShare('#top')).toBe('#top');
    expect((await decodeShare(`${fragment}&theme=dark`)).ok).toBe(true);
  });

  it('says which step failed', async () => {
    const good = await encodeShare(EXAMPLES[0]!.doc);
    expect(failed(await decodeShare('#theme=dark'))).toBe('the link has no #lab= part');
    expect(failed(await decodeShare('#lab='))).toBe('the link is empty after #lab= (it was cut short)');
    expect(failed(await decodeShare('#lab=abc%20def'))).toMatch(
      /^the link is damaged: it is not base64url: " " at position 4/,
    );
    expect(failed(await decodeShare('#lab=abcde'))).toMatch(/its length is impossible/);
    expect(failed(await decodeShare(good.slice(0, good.length - 20)))).toMatch(
      /^the link is damaged: its data is not deflate-compressed/,
    );
    expect(failed(await decodeShare('#lab=_____w'))).toMatch(/not deflate-compressed/);
    expect(failed(await decodeShare(linkOf(new Uint8Array([0xff, 0xfe, 0x80]))))).toBe(
      'the lab in the link is not UTF-8 text (the link is damaged)',
    );
    expect(failed(await decodeShare(linkOf('{"schemaVersion": 2,')))).toMatch(
      /^the lab in the link is not valid JSON: .* at line 1, column 21$/,
    );
    const notLab = await decodeShare(linkOf(JSON.stringify({ ...emptyLab(), devices: [{ id: 1 }] })));
    expect(notLab.ok).toBe(false);
    if (notLab.ok) return;
    expect(notLab.message).toBe('the link does not hold a natlab lab');
    expect(notLab.issues.map((i) => i.path)).toContain('devices[0].id');
    const newer = await decodeShare(linkOf(JSON.stringify({ ...emptyLab(), schemaVersion: 3 })));
    expect(!newer.ok && newer.issues[0]?.message).toMatch(/written by a newer natlab/);
  });

  it('opens a lab that is being built (its errors are the designer’s to show)', async () => {
    const wip = {
      ...emptyLab('WIP'),
      devices: [{ id: 'a', kind: 'host', interfaces: [{ name: 'eth0', segment: 'nope' }] }],
    } as LabDocument;
    const r = await decodeShare(await encodeShare(wip));
    expect(r.ok && r.doc).toEqual(wip);
    expect(r.ok && r.warnings.map((w) => w.path)).toEqual(['devices[0].interfaces[0].segment']);
  });

  it('stops unpacking a small link that expands past the cap (a zip bomb)', async () => {
    const bomb = linkOf(Buffer.alloc(16 * 1024 * 1024, 32)); // 16 MB of spaces in ~16 KB
    expect(bomb.length).toBeLessThan(50_000);
    const r = await decodeShare(bomb);
    expect(failed(r)).toBe(
      `the lab in the link is larger than ${MAX_SHARE_BYTES / 1048576} MB once unpacked; natlab refuses it`,
    );
  });

  it('never throws, whatever the fragment holds (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: 'binary' }).map((s) => `#lab=${s}`),
          fc.uint8Array({ maxLength: 300 }).map((b) => `#lab=${toBase64url(b)}`),
          fc.uint8Array({ maxLength: 300 }).map((b) => linkOf(b)),
          fc.string({ unit: 'binary' }),
        ),
        async (fragment) => {
          const r = await decodeShare(fragment);
          expect(typeof r.ok).toBe('boolean');
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('base64url', () => {
  it('round-trips any bytes (property) and matches Node’s encoder', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = toBase64url(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        const back = fromBase64url(text);
        expect(back.ok && [...back.bytes]).toEqual([...bytes]);
      }),
    );
  });
});
