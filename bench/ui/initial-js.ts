/**
 * The initial JavaScript of a production build: the entry scripts and modulepreloads of index.html
 * and, transitively, the chunks they import statically — what the browser must fetch before the app
 * can run at all. Chunks loaded with `import()` (dock panels, dialogs, the deferred linter and
 * tracer) are not in it, however soon they are fetched.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface InitialJs {
  readonly files: readonly { readonly file: string; readonly gzipBytes: number }[];
  /** gzip -9, kB (1 000 bytes). */
  readonly kb: number;
}

export function initialJs(dist: string): InitialJs {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const queue = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const seen = new Set<string>();
  while (queue.length) {
    const f = queue.shift()!;
    if (seen.has(f)) continue;
    seen.add(f);
    const code = readFileSync(path.join(dist, f), 'utf8');
    // static imports only (`from"./x.js"`, `import"./x.js"`), not `import("./x.js")`
    for (const m of code.matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)) queue.push(`assets/${m[1]!}`);
  }
  const files = [...seen].map((file) => ({
    file,
    gzipBytes: gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length,
  }));
  return { files, kb: files.reduce((a, f) => a + f.gzipBytes, 0) / 1000 };
}
