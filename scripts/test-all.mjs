#!/usr/bin/env node
// `npm test`: every check and every test, in the order a reviewer would want them to fail.
// Kernel tests (network namespaces) run inside vitest; they need root on Linux and say loudly when skipped.
import { spawnSync } from 'node:child_process';

const steps = [
  ['format', ['npx', 'prettier', '--check', '.']],
  ['lint', ['npx', 'eslint', '.', '--max-warnings=0']],
  ['typecheck', ['npx', 'tsc', '--noEmit']],
  ['unit + kernel tests', ['npx', 'vitest', 'run']],
  ['end-to-end (Playwright, Debian chromium)', ['npx', 'playwright', 'test']],
];
const only = process.argv.slice(2);
const failed = [];
for (const [name, cmd] of steps) {
  if (only.length && !only.some((o) => name.startsWith(o))) continue;
  console.log(`\n=== ${name}: ${cmd.join(' ')}`);
  const t0 = Date.now();
  const r = spawnSync(cmd[0], cmd.slice(1), { stdio: 'inherit' });
  const s = ((Date.now() - t0) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.log(`=== ${name}: FAILED (${s} s)`);
    failed.push(name);
  } else console.log(`=== ${name}: ok (${s} s)`);
}
if (failed.length) {
  console.log(`\nFAILED: ${failed.join(', ')}`);
  process.exit(1);
}
console.log('\nall checks passed');
