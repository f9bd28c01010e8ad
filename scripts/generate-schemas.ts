/**
 * Writes schema/model.schema.json and schema/scenario.schema.json from the loaders' zod declarations.
 * Run after changing a file format: `npx tsx scripts/generate-schemas.ts` (test/common/schemas.test.ts
 * checks that the committed files are up to date).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generatedSchemas } from '../engine/common/schemas.js';

for (const [name, text] of Object.entries(generatedSchemas())) {
  const path = fileURLToPath(new URL(`../schema/${name}`, import.meta.url));
  writeFileSync(path, text);
  console.log(`wrote ${path}`);
}
