/**
 * Reads, validates and lowers a scenario file (docs/FORMATS.md "Scenario file").
 * Every problem is an InputError at file:line:col with a hint; unknown keys get the closest valid key.
 */
import { InputError } from '../errors.js';
import type { FileHost } from '../host.js';
import type { ModelIR, SourcePos } from '../ir.js';
import { buildRegimen } from '../dosing/regimen.js';
import { buildPopulation } from '../population/build-population.js';
import { parseCsvTable } from '../population/csv-table.js';
import { parsePopulation } from '../population/population-spec.js';
import { canonicalSha256 } from './canonical-json.js';
import { dosingSummaries, parseEndpoints } from './endpoints-spec.js';
import type { Scenario } from './scenario.js';
import { parseEvents, parseGrid, parseHorizon, parseQuantiles, parseSolver, parseSummaries } from './sections.js';
import { YamlCursor } from './yaml-cursor.js';

export const SCENARIO_KEYS = ['scenario', 'title', 'question', 'description', 'model', 'horizon', 'output_grid', 'solver',
  'population', 'regimens', 'summaries', 'endpoints', 'events', 'quantiles', 'golden'] as const;

export type ModelLoader = (path: string, host: FileHost, from?: SourcePos) => Promise<ModelIR>;

export interface LoadScenarioOptions {
  /** Folder of built-in models: `model: docetaxel-pk-3cmt` reads `<dir>/docetaxel-pk-3cmt.yaml`. */
  builtinModelsDir?: string;
}

/** A `model:` value is a built-in id when it has no path separator and no .yaml/.yml ending. */
function isBuiltinId(ref: string): boolean {
  return !/[\\/]/.test(ref) && !/\.ya?ml$/i.test(ref);
}

/** Loads the scenario at `path`; `loadModel` is the model loader (engine/common/model). */
export async function loadScenario(path: string, host: FileHost, loadModel: ModelLoader, options: LoadScenarioOptions = {}): Promise<Scenario> {
  const text = await host.readText(path);
  const root = YamlCursor.parse(text, path);
  if (!root.present) throw root.error('the scenario file is empty', 'start with scenario:, model:, horizon:, population:, regimens:');
  const o = root.object(SCENARIO_KEYS);
  const positions: Record<string, SourcePos> = {};
  for (const k of SCENARIO_KEYS) if (o[k].present) positions[k] = o[k].pos();

  // The model first: its time unit, covariates, outputs and dose targets are needed below.
  const modelRef = o.model.required('a model file (../models/x.yaml) or a built-in model id').str();
  let modelPath: string;
  if (isBuiltinId(modelRef)) {
    if (!options.builtinModelsDir) throw o.model.error(`'${modelRef}' looks like a built-in model id, but no built-in model folder is configured`, 'give a path to the model file, e.g. ../models/x.yaml');
    modelPath = host.resolve(`${options.builtinModelsDir.replace(/[\\/]+$/, '')}/_`, `${modelRef}.yaml`);
  } else {
    modelPath = host.resolve(path, modelRef);
  }
  let model: ModelIR;
  try {
    model = await loadModel(modelPath, host, o.model.pos());
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw o.model.error(`cannot load model '${modelRef}': ${(e as Error).message}`, isBuiltinId(modelRef) ? 'check the id against `oncotwin list`' : 'check the path (relative to this scenario file)');
  }

  const horizon = parseHorizon(o.horizon, model.timeUnit);
  const grid = parseGrid(o.output_grid, model.timeUnit, horizon);
  const solver = parseSolver(o.solver, model, horizon);

  const popSpec = parsePopulation(o.population.required('e.g. population: { size: 1000, covariates: … }'));
  positions['population.size'] = popSpec.sizePos;
  let table: { csv: ReturnType<typeof parseCsvTable>; file: string } | undefined;
  if (popSpec.table) {
    const file = host.resolve(path, popSpec.table.file);
    const csvText = await host.readText(file, popSpec.table.pos);
    table = { csv: parseCsvTable(csvText, file, popSpec.table.levels), file };
  }
  const pop = buildPopulation(popSpec, model, table);
  let size: number;
  if (pop.tableRows !== undefined) {
    if (popSpec.size !== undefined && popSpec.size !== pop.tableRows) {
      throw InputError.at(popSpec.sizePos.file, popSpec.sizePos.line, popSpec.sizePos.col, `size ${popSpec.size} differs from the ${pop.tableRows} patients in ${popSpec.table!.file}`, 'remove size: the table decides');
    }
    size = pop.tableRows;
  } else if (popSpec.size !== undefined) size = popSpec.size;
  else if (popSpec.mode === 'typical') size = 1;
  else throw InputError.at(popSpec.sizePos.file, popSpec.sizePos.line, popSpec.sizePos.col, 'population: size is required', 'e.g. size: 1000');

  const regimenItems = o.regimens.required('a list of regimens, e.g. - { name: …, dose: …, schedule: … }').items();
  if (regimenItems.length === 0) throw o.regimens.error('needs at least one regimen');
  const regimens = regimenItems.map((it) => buildRegimen(it, { model, symbols: pop.symbols, horizon }));
  const names = new Set<string>();
  regimens.forEach((r, i) => {
    if (names.has(r.name)) throw regimenItems[i].error(`regimen name '${r.name}' is used twice`, 'give each regimen its own name');
    names.add(r.name);
  });

  const userSummaries = parseSummaries(o.summaries, model, horizon);
  const endpoints = parseEndpoints(o.endpoints, model, regimens, horizon, userSummaries);
  const dosing = dosingSummaries(regimens, model, horizon);
  const clash = dosing.find((d) => userSummaries.some((s) => s.name === d.name));
  if (clash) throw o.summaries.error(`summary name '${clash.name}' is reserved for dose delivery under rules`, 'rename that summary');
  const summaries = [...userSummaries, ...endpoints.summaries, ...dosing];
  const events = parseEvents(o.events, summaries);
  const quantiles = parseQuantiles(o.quantiles);
  const data = root.toJS();
  const id = o.scenario.present ? o.scenario.str() : path.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/i, '');

  const scenario: Scenario = {
    path,
    id,
    title: o.title.present ? o.title.str() : id,
    modelRef,
    model,
    data,
    sha256: canonicalSha256(data),
    horizon,
    grid,
    solver,
    population: { program: pop.program, size, seed: popSpec.seed, mode: popSpec.mode, symbols: [...pop.symbols.values()] },
    regimens,
    summaries,
    events,
    quantiles,
    positions,
  };
  if (endpoints.spec.neutropenia || endpoints.spec.recist) scenario.endpoints = endpoints.spec;
  if (o.question.present) scenario.question = o.question.str();
  if (o.description.present) scenario.description = o.description.str();
  if (o.golden.present) scenario.golden = host.resolve(path, o.golden.str());
  return scenario;
}
