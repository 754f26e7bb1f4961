/**
 * A lab as a link: the document's JSON, deflate-raw compressed (the platform's CompressionStream, in
 * every current browser and Node ≥ 20), base64url-encoded into the URL fragment `#lab=…`. The fragment
 * never reaches a server. Decoding checks every step and says which one failed; the inflated size is
 * capped while it streams, so a small link cannot expand into gigabytes.
 */
import type { LabDocument, LabIssue } from '../../engine/lab/format.ts';
import { loadLab, loadLabValue } from '../../lab/load.ts';
import { fromBase64url, toBase64url } from './base64url.ts';
import { deflateRaw, inflateRaw } from './compress.ts';

/** The fragment parameter: `#lab=<base64url>`. */
export const SHARE_PARAM = 'lab';
/** Largest lab a link may hold, inflated (the biggest example is ~20 KB). */
export const MAX_SHARE_BYTES = 8 * 1024 * 1024;
/** Longest payload read from a link (browsers keep URLs up to ~2 MB). */
export const MAX_SHARE_CHARS = 4 * 1024 * 1024;
/** Links longer than this may be cut by mail and chat programs: warn. */
export const LONG_SHARE_URL = 8000;

export type ShareResult =
  | {
      readonly ok: true;
      readonly doc: LabDocument;
      /** The lab's own problems (a lab being built may have errors; it opens, the designer lists them). */
      readonly warnings: readonly LabIssue[];
    }
  | {
      readonly ok: false;
      /** What is wrong, for "The shared link could not be opened: <message>". */
      readonly message: string;
      /** The lab's issues, with their paths, when the link held JSON that is not a valid lab. */
      readonly issues: readonly LabIssue[];
    };

/** `#lab=…` for `doc`. */
export async function encodeShare(doc: LabDocument): Promise<string> {
  const bytes = await deflateRaw(new TextEncoder().encode(JSON.stringify(doc)));
  return `#${SHARE_PARAM}=${toBase64url(bytes)}`;
}

/** `base` (the page's address) with `fragment` as its hash. */
export function shareUrl(base: string, fragment: string): string {
  const url = new URL(base);
  url.hash = fragment;
  return url.href;
}

/** The `lab=` payload of a location hash, or undefined when it has none. */
export function shareFragment(hash: string): string | undefined {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!h) return undefined;
  return new URLSearchParams(h).get(SHARE_PARAM) ?? undefined;
}

/** The hash without its `lab=` parameter ('' when nothing else was in it; unchanged when it has none). */
export function withoutShare(hash: string): string {
  if (shareFragment(hash) === undefined) return hash;
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  params.delete(SHARE_PARAM);
  const rest = params.toString();
  return rest ? `#${rest}` : '';
}

const failure = (message: string, issues: readonly LabIssue[] = []): ShareResult => ({
  ok: false,
  message,
  issues,
});

/** Reads a lab from `#lab=…` (or `lab=…`, or the bare payload). */
export async function decodeShare(fragment: string): Promise<ShareResult> {
  const payload = fragment.includes('=') ? shareFragment(fragment) : fragment.replace(/^#/, '');
  if (payload === undefined) return failure('the link has no #lab= part');
  if (payload === '') return failure('the link is empty after #lab= (it was cut short)');
  if (payload.length > MAX_SHARE_CHARS)
    return failure(
      `the link is ${(payload.length / 1048576).toFixed(1)} MB long; natlab reads links up to ${MAX_SHARE_CHARS / 1048576} MB`,
    );
  const b = fromBase64url(payload);
  if (!b.ok) return failure(`the link is damaged: ${b.message}`);
  const inflated = await inflateRaw(b.bytes, MAX_SHARE_BYTES);
  if (!inflated.ok)
    return failure(
      inflated.tooBig
        ? `the lab in the link is ${inflated.message}`
        : `the link is damaged: ${inflated.message}`,
    );
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(inflated.bytes);
  } catch {
    return failure('the lab in the link is not UTF-8 text (the link is damaged)');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const r = loadLab(text);
    const why = r.ok ? '' : (r.issues[0]?.message ?? '');
    return failure(`the lab in the link is ${why || 'not valid JSON'}`);
  }
  const r = loadLabValue(json);
  if (r.ok) return { ok: true, doc: r.doc, warnings: r.warnings };
  if (r.doc) return { ok: true, doc: r.doc, warnings: r.issues };
  return failure('the link does not hold a natlab lab', r.issues);
}
