/**
 * The JSON Schemas of the two file formats, generated from the zod declarations the loaders validate
 * with (engine/common/model/schema.ts, engine/common/scenario/schema.ts). `scripts/generate-schemas.ts`
 * writes them to schema/; test/common/schemas.test.ts fails when the committed files differ.
 */
import { modelJsonSchema } from './model/schema.js';
import { scenarioJsonSchema } from './scenario/schema.js';

/** File name under schema/ → its JSON text (2-space indent, trailing newline). */
export function generatedSchemas(): Record<string, string> {
  const text = (s: unknown) => `${JSON.stringify(s, null, 2)}\n`;
  return { 'model.schema.json': text(modelJsonSchema()), 'scenario.schema.json': text(scenarioJsonSchema()) };
}
