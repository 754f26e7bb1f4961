// Local ESLint rule: import boundaries between natlab's layers (docs/architecture.md §10).
// Each layer lists the folders (under src/) and the packages it may import. Anything else is an error.
import path from 'node:path';

const SRC = path.resolve(import.meta.dirname, '..', 'src');

/** layer (first folder under src/) → what it may import */
export const LAYERS = {
  // The engine is pure TypeScript: no packages, no Node built-ins, nothing outside src/engine.
  engine: { dirs: ['engine'], packages: [] },
  // The lab document format: the engine's types plus the schema library.
  lab: { dirs: ['engine', 'lab'], packages: ['valibot', '@valibot/to-json-schema'] },
  // The example labs' tests: the engine and the lab loader, nothing else.
  labs: { dirs: ['engine', 'lab', 'labs'], packages: [] },
  // Node-only layers.
  kernel: { dirs: ['engine', 'lab', 'kernel'], packages: ['node:*'] },
  cli: { dirs: ['engine', 'lab', 'kernel', 'cli'], packages: ['node:*'] },
  // The store: no React, no React Flow.
  state: { dirs: ['engine', 'lab', 'state'], packages: ['zustand/vanilla', 'immer', '@dagrejs/dagre'] },
  // The UI may import React and the store; only ui/canvas may import @xyflow/react.
  ui: {
    dirs: ['engine', 'lab', 'state', 'ui'],
    packages: ['react', 'react/*', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*', 'immer'],
  },
};
// React Flow, and html-to-image (it renders React Flow's DOM to a PNG), belong to the canvas.
const CANVAS_ONLY = ['@xyflow/react', '@xyflow/react/*', '@xyflow/system', 'html-to-image'];

function matchPackage(spec, patterns) {
  return patterns.some((p) => {
    if (p.endsWith('/*')) return spec === p.slice(0, -2) || spec.startsWith(p.slice(0, -1));
    if (p.endsWith('*')) return spec.startsWith(p.slice(0, -1));
    return spec === p;
  });
}

function layerOf(file) {
  const rel = path.relative(SRC, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  const parts = rel.split(path.sep);
  return parts.length > 1 ? { layer: parts[0], rel } : { layer: '(root)', rel };
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce natlab layer boundaries (engine purity, canvas-only @xyflow/react)' },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const where = layerOf(file);
    if (!where) return {};
    // Tests and their shared helpers (`*.test-support.ts`) may use the test toolchain.
    const isTest = /\.test(-support)?\.tsx?$/.test(file);
    const check = (node, spec) => {
      if (typeof spec !== 'string') return;
      const { layer, rel } = where;
      if (layer === '(root)') return; // src/main.tsx wires everything
      const rules = LAYERS[layer];
      if (!rules) {
        context.report({ node, message: `src/${layer}/ is not a known layer (eslint-rules/boundaries.js)` });
        return;
      }
      if (spec.startsWith('.')) {
        const target = path.resolve(path.dirname(file), spec);
        const relTarget = path.relative(SRC, target);
        const t = relTarget.startsWith('..') ? null : relTarget.split(path.sep)[0];
        if (t === null) {
          context.report({ node, message: `src/${layer}/ may not import outside src/ ("${spec}")` });
        } else if (!rules.dirs.includes(t)) {
          context.report({
            node,
            message: `src/${layer}/ may not import src/${t}/ ("${spec}"); allowed: ${rules.dirs.map((d) => `src/${d}`).join(', ')}`,
          });
        }
        return;
      }
      if (matchPackage(spec, CANVAS_ONLY)) {
        if (!rel.startsWith(`ui${path.sep}canvas${path.sep}`)) {
          context.report({ node, message: `only src/ui/canvas/ may import "${spec}"` });
        }
        return;
      }
      // Tests may use the test toolchain.
      if (isTest && /^(vitest|fast-check|@testing-library\/.*)$/.test(spec)) return;
      if (isTest && layer !== 'engine' && spec.startsWith('node:')) return;
      if (isTest && layer === 'engine' && /^node:(fs|path|url)$/.test(spec)) return; // golden files
      if (!matchPackage(spec, rules.packages)) {
        context.report({
          node,
          message:
            layer === 'engine'
              ? `src/engine/ is pure TypeScript and may import only src/engine/ (found "${spec}")`
              : `src/${layer}/ may not import "${spec}"`,
        });
      }
    };
    return {
      ImportDeclaration: (n) => check(n, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n, n.source.value),
      ExportAllDeclaration: (n) => check(n, n.source.value),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n, n.source.value),
    };
  },
};
