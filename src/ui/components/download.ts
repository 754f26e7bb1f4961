/** Saving and copying exported text from the browser: a download link, the clipboard (with a fallback). */

/**
 * Where temporary elements go: inside the open modal dialog when there is one (everything outside a
 * modal `<dialog>` is inert, so a textarea there could not be selected), else the body.
 */
function host(near?: Element | null): Element {
  return near?.closest('dialog') ?? document.querySelector('dialog[open]') ?? document.body;
}

/** Starts the download of a URL (`blob:` or `data:`) under a file name. */
export function downloadUrl(name: string, url: string, near?: Element | null): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  host(near).appendChild(a);
  a.click();
  a.remove();
}

/** Starts the download of a text as a file. */
export function downloadText(name: string, text: string, mime: string, near?: Element | null): void {
  downloadBlob(name, new Blob([text], { type: `${mime};charset=utf-8` }), near);
}

/** Starts the download of bytes as a file. */
export function downloadBlob(name: string, blob: Blob, near?: Element | null): void {
  const url = URL.createObjectURL(blob);
  downloadUrl(name, url, near);
  // the browser has taken the blob when click() returns; keep the URL a little anyway (Safari)
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
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
