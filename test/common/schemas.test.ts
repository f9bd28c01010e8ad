/**
 * schema/*.json are generated from the zod declarations the loaders validate with, so an editor's
 * schema and the engine's validation cannot drift; and every built-in file passes its schema.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { modelFileSchema } from '../../engine/common/model/schema.js';
import { scenarioFileSchema } from '../../engine/common/scenario/schema.js';
import { generatedSchemas } from '../../engine/common/schemas.js';
import { YamlFile } from '../../engine/common/yaml/yaml-file.js';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const yamlIn = (dir: string) => readdirSync(new URL(dir, root)).filter((f) => f.endsWith('.yaml')).map((f) => `${dir}${f}`);

describe('JSON Schemas', () => {
  it.each(Object.entries(generatedSchemas()))('schema/%s equals the generated one (regenerate: npx tsx scripts/generate-schemas.ts)', (name, text) => {
    expect(read(`schema/${name}`)).toBe(text);
    expect(JSON.parse(text).$schema).toBe('http://json-schema.org/draft-07/schema#');
  });

  const models = [...yamlIn('models/'), ...yamlIn('test/fixtures/models/')];
  const scenarios = [...yamlIn('scenarios/'), ...yamlIn('test/fixtures/scenarios/')];
  it('finds the built-in files', () => {
    expect(models.length).toBeGreaterThanOrEqual(18);
    expect(scenarios.length).toBeGreaterThanOrEqual(8);
  });
  it.each(models)('%s is a structurally valid model', (path) => {
    expect(YamlFile.parse(path, read(path)).checkStructure(modelFileSchema)).toEqual([]);
  });
  it.each(scenarios)('%s is a structurally valid scenario', (path) => {
    expect(YamlFile.parse(path, read(path)).checkStructure(scenarioFileSchema)).toEqual([]);
  });
});
