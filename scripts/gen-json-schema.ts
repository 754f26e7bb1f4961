/**
 * Writes public/schema/natlab-lab-vN.schema.json (N = the current schema version), the JSON Schema of the lab file, from the valibot
 * schema in src/lab/schema.ts (`npm run schema`). Editors use it for completion and checking when a lab
 * points `"$schema"` at it.
 *
 * The JSON Schema is a superset check: structure, required fields, enums, id and interface-name patterns
 * and numeric ranges are kept, but valibot `check` actions (is this an IPv4 address, a MAC) have no
 * JSON Schema form and are left out; natlab itself checks them when it loads the lab.
 *
 *   npx tsx scripts/gen-json-schema.ts           write the file
 *   npx tsx scripts/gen-json-schema.ts --check   exit 1 if the file is not up to date
 *   npx tsx scripts/gen-json-schema.ts --stdout  print it instead (used by src/lab/json-schema.test.ts)
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toJsonSchema } from '@valibot/to-json-schema';
import { LAB_SCHEMA_VERSION } from '../src/engine/lab/format.ts';
import { labSchema } from '../src/lab/schema.ts';

export const SCHEMA_FILE = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'public',
  'schema',
  `natlab-lab-v${LAB_SCHEMA_VERSION}.schema.json`,
);

export function generateLabJsonSchema(): string {
  const { $schema, ...body } = toJsonSchema(labSchema, { target: 'draft-07', errorMode: 'ignore' });
  const schema = {
    $schema: $schema ?? 'http://json-schema.org/draft-07/schema#',
    $id: `urn:natlab:lab:v${LAB_SCHEMA_VERSION}`,
    title: `natlab lab file (schema version ${LAB_SCHEMA_VERSION})`,
    description:
      'A natlab lab (*.lab.json): L2 segments, the Linux devices plugged into them and what their kernels hold (addresses, sysctls, routes, policy rules, iptables rules), virtual-lab designs that natlab expands into the proxy appliance and the routes they need (docs/vlab-compiler.md), plus the canvas layout. Generated from src/lab/schema.ts by `npm run schema`; see docs/lab-format.md. Addresses, MACs and kernel semantics are checked by natlab when it loads the file, not by this schema.',
    ...body,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

function main(args: readonly string[]): number {
  const text = generateLabJsonSchema();
  if (args.includes('--stdout')) {
    process.stdout.write(text);
    return 0;
  }
  if (args.includes('--check')) {
    let old = '';
    try {
      old = readFileSync(SCHEMA_FILE, 'utf8');
    } catch {
      // missing: stale
    }
    if (old === text) return 0;
    console.error(`${SCHEMA_FILE} is out of date: run npm run schema`);
    return 1;
  }
  mkdirSync(dirname(SCHEMA_FILE), { recursive: true });
  writeFileSync(SCHEMA_FILE, text);
  console.log(`wrote ${SCHEMA_FILE}`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1])
  process.exitCode = main(process.argv.slice(2));
