/** `npx tsx bench/write-chain.ts [N] > chain.lab.json`: the lab document of an N-router chain (default 100). */
import { generateRouterChain } from './generate.ts';

const n = Number(process.argv[2] ?? 100);
process.stdout.write(`${JSON.stringify(generateRouterChain(n).doc, null, 2)}\n`);
