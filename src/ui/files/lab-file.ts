/** A lab as a `.lab.json` file: its file name and text (downloads: src/ui/components/download.ts). */

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
