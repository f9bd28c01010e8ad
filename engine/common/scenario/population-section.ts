/**
 * The scenario's `population:` → the population program and its size: the section's covariates,
 * correlations and derived covariates, the imported patient table (read through the host), and the
 * number of patients (the table's rows when patients are imported).
 */
import { InputError, type Problems } from '../errors.js';
import type { FileHost } from '../host.js';
import type { ModelIR } from '../ir.js';
import { buildPopulation } from '../population/build-population.js';
import { parseCsvTable } from '../population/csv-table.js';
import { parsePopulation } from '../population/population-spec.js';
import type { YamlNode } from '../yaml/yaml-node.js';
import type { Scenario } from './scenario.js';

/** The population as the scenario keeps it, plus the symbols regimens and rules may read. */
export type PopulationSection = Scenario['population'] & { symbolMap: ReturnType<typeof buildPopulation>['symbols'] };

/** Lowers `population:`; undefined (with the problems recorded) when it has any. */
export async function lowerPopulation(c: YamlNode, model: ModelIR, host: FileHost, scenarioPath: string, problems: Problems): Promise<PopulationSection | undefined> {
  const spec = parsePopulation(c, problems);
  if (!spec) return undefined;
  return problems.guardAsync(async () => {
    let table: Parameters<typeof buildPopulation>[2];
    if (spec.table) {
      const file = host.resolve(scenarioPath, spec.table.file);
      const csvText = await host.readText(file, spec.table.pos);
      table = { csv: parseCsvTable(csvText, file, spec.table.levels), file };
    }
    const pop = buildPopulation(spec, model, table);
    const at = spec.sizePos;
    let size: number;
    if (pop.tableRows !== undefined) {
      if (spec.size !== undefined && spec.size !== pop.tableRows) {
        throw InputError.at(at.file, at.line, at.col, `size ${spec.size} differs from the ${pop.tableRows} patients in ${spec.table!.file}`, 'remove size: the table decides');
      }
      size = pop.tableRows;
    } else if (spec.size !== undefined) size = spec.size;
    else if (spec.mode === 'typical') size = 1;
    else throw InputError.at(at.file, at.line, at.col, 'population: size is required', 'e.g. size: 1000');
    const section: PopulationSection = { program: pop.program, size, seed: spec.seed, mode: spec.mode, symbols: [...pop.symbols.values()], parameters: pop.parameters, symbolMap: pop.symbols };
    if (spec.subgroups.length) section.subgroups = spec.subgroups;
    return section;
  });
}
