/** Which lab the app shows: `?lab=<name>` → `/labs/<name>.lab.json` (served from public/labs/). */

export const DEFAULT_LAB = 'surebackup-basic';

/** Lab names are file stems: no dots, slashes or percent signs can reach the URL we fetch. */
const LAB_NAME = /^[a-z0-9][a-z0-9-]*$/;

export type LabRef =
  { readonly ok: true; readonly name: string } | { readonly ok: false; readonly message: string };

export function labFromSearch(search: string): LabRef {
  const raw = new URLSearchParams(search).get('lab');
  const name = raw === null || raw === '' ? DEFAULT_LAB : raw;
  if (!LAB_NAME.test(name) || name.length > 100) {
    return {
      ok: false,
      message: `"${name}" is not a valid lab name: use lower-case letters, digits and dashes, e.g. ?lab=${DEFAULT_LAB}`,
    };
  }
  return { ok: true, name };
}

export function labUrl(name: string): string {
  return `/labs/${name}.lab.json`;
}
