import { useEffect, useState } from 'react';
import { labUrl } from './lab-url.ts';

export type LabText =
  | { readonly status: 'loading' }
  | { readonly status: 'failed'; readonly message: string }
  | { readonly status: 'loaded'; readonly text: string };

/** Fetches `/labs/<name>.lab.json` as text; parsing and validation are loadLab's job. */
export async function fetchLabText(name: string, signal?: AbortSignal): Promise<string> {
  const url = labUrl(name);
  let res: Response;
  try {
    // Asking for JSON keeps the dev/preview server from answering a missing file with index.html.
    res = await fetch(url, { headers: { Accept: 'application/json' }, ...(signal ? { signal } : {}) });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new Error(`Could not reach the server for ${url}: ${e instanceof Error ? e.message : String(e)}`, {
      cause: e,
    });
  }
  const type = res.headers.get('content-type') ?? '';
  if (res.status === 404 || type.includes('text/html')) {
    throw new Error(`There is no lab named "${name}" (${url} was not found).`);
  }
  if (!res.ok) throw new Error(`Loading ${url} failed: HTTP ${res.status} ${res.statusText}`.trim());
  return res.text();
}

export function useLabText(name: string): LabText {
  const [state, setState] = useState<{ name: string; text: LabText }>({
    name,
    text: { status: 'loading' },
  });
  useEffect(() => {
    const abort = new AbortController();
    fetchLabText(name, abort.signal).then(
      (text) => {
        if (!abort.signal.aborted) setState({ name, text: { status: 'loaded', text } });
      },
      (e: unknown) => {
        if (!abort.signal.aborted) {
          setState({ name, text: { status: 'failed', message: e instanceof Error ? e.message : String(e) } });
        }
      },
    );
    return () => abort.abort();
  }, [name]);
  return state.name === name ? state.text : { status: 'loading' };
}
