import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { modelFileSchema, modelJsonSchema } from '../../../engine/common/model/schema.js';
import { YamlFile } from '../../../engine/common/yaml/yaml-file.js';

const schemaFile = JSON.parse(readFileSync('schema/model.schema.json', 'utf8')) as { $schema: string; properties: Record<string, unknown> };

const yamlIn = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => `${dir}/${f}`) : []);

describe('model file schema', () => {
  it('schema/model.schema.json is the draft-07 rendering of the validator', () => {
    expect(schemaFile.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(Object.keys(schemaFile.properties).sort()).toEqual(Object.keys(modelFileSchema.shape).sort());
    // Regenerate with: npx tsx -e "import('./engine/common/model/schema.ts').then(m => require('fs').writeFileSync('schema/model.schema.json', JSON.stringify(m.modelJsonSchema(), null, 2) + '\n'))"
    expect(schemaFile).toEqual(modelJsonSchema());
  });

  const files = [...yamlIn('test/fixtures/models'), ...yamlIn('models')];
  it.each(files)('%s is structurally valid', (path) => {
    const f = YamlFile.parse(path, readFileSync(path, 'utf8'));
    expect(() => f.validate(modelFileSchema)).not.toThrow();
  });
});
