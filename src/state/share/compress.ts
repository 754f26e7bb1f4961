/**
 * deflate-raw through the platform's CompressionStream, for `#lab=` and `#exercise=` links: input fed
 * in slices (deflate expands at most ~1000×, so a slice yields at most a few MB before the size check
 * sees it), output capped while it streams, so a small link cannot inflate into gigabytes.
 */

const SLICE = 4096;

export type Pumped =
  | { readonly ok: true; readonly bytes: Uint8Array<ArrayBuffer> }
  | { readonly ok: false; readonly tooBig: boolean; readonly message: string };

async function pump(
  stream: CompressionStream | DecompressionStream,
  input: Uint8Array<ArrayBuffer>,
  max: number,
): Promise<Pumped> {
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const feeding = (async () => {
    for (let i = 0; i < input.length; i += SLICE) await writer.write(input.subarray(i, i + SLICE));
    await writer.close();
  })();
  // a failure while writing shows up on the reader too; this only keeps it from going unhandled
  feeding.catch(() => undefined);
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > max) {
        await reader.cancel().catch(() => undefined);
        await writer.abort().catch(() => undefined);
        return {
          ok: false,
          tooBig: true,
          message: `larger than ${max / 1048576} MB once unpacked; natlab refuses it`,
        };
      }
      chunks.push(value);
    }
  } catch (e) {
    await writer.abort().catch(() => undefined);
    const why = e instanceof Error ? e.message : String(e);
    return { ok: false, tooBig: false, message: `its data is not deflate-compressed (${why})` };
  }
  const bytes = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    bytes.set(c, o);
    o += c.byteLength;
  }
  return { ok: true, bytes };
}

export async function deflateRaw(input: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const r = await pump(new CompressionStream('deflate-raw'), input, Infinity);
  if (!r.ok) throw new Error(`natlab could not compress: ${r.message}`);
  return r.bytes;
}

export function inflateRaw(input: Uint8Array<ArrayBuffer>, max: number): Promise<Pumped> {
  return pump(new DecompressionStream('deflate-raw'), input, max);
}
