#!/usr/bin/env node
// natlab command line. The sources are TypeScript; tsx (a dependency) compiles them on the fly, so
// this runs with plain `node` right after `npm install`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
