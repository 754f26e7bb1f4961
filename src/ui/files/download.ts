/** Downloading a lab as a `.lab.json` file, and copying text to the clipboard (with a fallback). */

/**
 * Where temporary elements go: inside the open modal dialog when there is one (everything outside a
 * modal `<dialog>` is inert), else the body.
 */
function host(near?: Element | null): Element {
  return near?.closest('dialog') ?? document.querySelector('dialog[open]') ?? document.body;
}

/** Starts the download of `text` as a file named `fileName`. */
export function downloadText(
  fileName: string,
  text: string,
  mime = 'application/json',
  near?: Element | null,
): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${mime};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  host(near).appendChild(a);
  a.click();
  a.remove();
  // the browser has the blob once click() returns; keep the URL a little anyway (Safari)
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/;

/**
 * A safe file name for a lab: its name in lower case, letters and digits of any script kept, anything
 * else (slashes, dots, quotes, control and bidi characters, spaces) one dash; `lab` when nothing is left.
 */
export function labFileName(name: string): string {
  let stem = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  if (!stem) stem = 'lab';
  if (RESERVED.test(stem)) stem = `lab-${stem}`;
  return `${stem}.lab.json`;
}

/** A lab's text as a file: indented JSON (a text that is not JSON is kept exactly as it is). */
export function labFileText(text: string): string {
  try {
    return `${JSON.stringify(JSON.parse(text), null, 2)}\n`;
  } catch {
    return text;
  }
}

/** Copies text to the clipboard; false when the browser refused both ways. */
export async function copyText(text: string, near?: Element | null): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    /* not allowed (insecure origin, no permission): try the old way */
  }
  const ta = document.createElement('textarea');
  ta.value = text;
  ta.setAttribute('readonly', '');
  ta.style.position = 'fixed';
  ta.style.top = '0';
  ta.style.left = '0';
  ta.style.opacity = '0';
  const focused = document.activeElement as HTMLElement | null;
  host(near).appendChild(ta);
  ta.select();
  let ok: boolean;
  try {
    ok = typeof document.execCommand === 'function' && document.execCommand('copy');
  } catch {
    ok = false;
  }
  ta.remove();
  focused?.focus?.();
  return ok;
}
