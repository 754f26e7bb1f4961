/** base64url (RFC 4648 §5) without padding, strict: anything else is refused, never guessed at. */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

export function toBase64url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]!;
  }
  return out;
}

export type Decoded =
  | { readonly ok: true; readonly bytes: Uint8Array<ArrayBuffer> }
  | { readonly ok: false; readonly message: string };

export function fromBase64url(text: string): Decoded {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || VALUE[c]! < 0) {
      const ch = String.fromCodePoint(text.codePointAt(i)!);
      return {
        ok: false,
        message: `it is not base64url: ${JSON.stringify(ch)} at position ${i + 1} (only letters, digits, "-" and "_" may follow #lab=)`,
      };
    }
  }
  if (text.length % 4 === 1)
    return { ok: false, message: 'it is not base64url: its length is impossible (cut short?)' };
  const bytes = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  let i = 0;
  for (; i + 3 < text.length; i += 4) {
    const n =
      (VALUE[text.charCodeAt(i)]! << 18) |
      (VALUE[text.charCodeAt(i + 1)]! << 12) |
      (VALUE[text.charCodeAt(i + 2)]! << 6) |
      VALUE[text.charCodeAt(i + 3)]!;
    bytes[o++] = n >> 16;
    bytes[o++] = (n >> 8) & 255;
    bytes[o++] = n & 255;
  }
  const rest = text.length - i;
  if (rest >= 2) {
    const n =
      (VALUE[text.charCodeAt(i)]! << 18) |
      (VALUE[text.charCodeAt(i + 1)]! << 12) |
      (rest === 3 ? VALUE[text.charCodeAt(i + 2)]! << 6 : 0);
    bytes[o++] = n >> 16;
    if (rest === 3) bytes[o] = (n >> 8) & 255;
  }
  return { ok: true, bytes };
}
