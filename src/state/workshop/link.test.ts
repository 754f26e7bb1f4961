import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { toBase64url } from '../share/base64url.ts';
import { exerciseFragment, exerciseFromFragment, exerciseToUrlFragment } from './link.ts';
import { serializeExercise } from './serialize.ts';
import { EXAMPLE_TEXT, loaded, seedLab } from './workshop.test-support.ts';

/** `#exercise=` holding `text` deflated, as a hand-made link would. */
const linkOf = (text: string | Uint8Array) =>
  `#exercise=${toBase64url(new Uint8Array(deflateRawSync(typeof text === 'string' ? Buffer.from(text) : text)))}`;

const messages = async (hash: string) => {
  const r = await exerciseFromFragment(hash);
  return r.ok ? ['opened'] : r.error.map((i) => `${i.path}: ${i.message}`);
};

describe('sharing an exercise by link', () => {
  it('round-trips the example, from the fragment or from a whole URL', async () => {
    const x = loaded();
    const hash = await exerciseToUrlFragment(x.exercise);
    expect(hash.length).toBeLessThan(EXAMPLE_TEXT.length / 2);
    const back = await exerciseFromFragment(hash);
    expect(back.ok && back.value.exercise).toEqual(x.exercise);
    const url = `https://natlab.example/app/?x=1${hash}&theme=dark`;
    const fromUrl = await exerciseFromFragment(url);
    expect(fromUrl.ok && fromUrl.value.exercise).toEqual(x.exercise);
  });

  it('reads a link made by hand from the file’s text', async () => {
    expect(await messages(linkOf(EXAMPLE_TEXT))).toEqual(['opened']);
  });

  it('finds its parameter among others, and nothing in a lab link', () => {
    expect(exerciseFragment('#theme=dark&exercise=abc')).toBe('abc');
    expect(exerciseFragment('#lab=abc')).toBeUndefined();
    expect(exerciseFragment('')).toBeUndefined();
  });

  it('says what is wrong with a broken link', async () => {
    expect(await messages('#lab=abc')).toEqual([': the link cannot be opened: it has no #exercise= part']);
    expect(await messages('#exercise=')).toEqual([
      ': the link cannot be opened: it is empty after #exercise= (it was cut short)',
    ]);
    expect(await messages('#exercise=ab$c')).toEqual([
      ': the link cannot be opened: it is not base64url: "$" at position 3 (only letters, digits, "-" and "_" may follow #exercise=)',
    ]);
    expect((await messages('#exercise=AAAAAAAA'))[0]).toMatch(
      /^: the link cannot be opened: its data is not deflate-compressed/,
    );
    expect(await messages(linkOf(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])))).toEqual([
      ': the link cannot be opened: the exercise in it is not UTF-8 text (the link is damaged)',
    ]);
  });

  it('checks what it holds like a file', async () => {
    expect(await messages(linkOf(serializeExercise({ ...loaded().exercise, title: '' })))).toEqual([
      'title: an exercise needs a title',
    ]);
    expect(await messages(linkOf(JSON.stringify(seedLab())))).toEqual([
      'format: this is a lab file, not an exercise: open it as a lab',
    ]);
    expect(await messages(linkOf('{"format":'))).toEqual([
      ': not valid JSON: unexpected end of the file (expected a value) at line 1, column 11',
    ]);
  });
});
