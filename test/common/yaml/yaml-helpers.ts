/** Test helpers: a YAML text as a checked YamlNode, as the scenario loader makes them. */
import type { z } from 'zod';
import { InputError, Problems } from '../../../engine/common/errors.js';
import { YamlFile } from '../../../engine/common/yaml/yaml-file.js';
import { YamlNode } from '../../../engine/common/yaml/yaml-node.js';
import { parsePopulation, type PopulationSpec } from '../../../engine/common/population/population-spec.js';
import { populationSchema } from '../../../engine/common/population/schema.js';

/** `text` (the file `file`) checked against `schema`; structural problems throw an InputError. */
export function yamlNode(text: string, file: string, schema?: z.ZodType): YamlNode {
  const f = YamlFile.parse(file, text);
  if (schema) {
    const d = f.checkStructure(schema);
    if (d.length) throw new InputError(d);
  }
  return new YamlNode(f);
}

/** A population section, throwing its first problems as an InputError. */
export function populationSpec(text: string, file = 'pop.yaml'): PopulationSpec {
  const problems = new Problems();
  const spec = parsePopulation(yamlNode(text, file, populationSchema), problems);
  problems.throwIfAny();
  return spec!;
}
