/**
 * Reads, validates and lowers a scenario file (docs/FORMATS.md "Scenario file") in one pass that
 * reports every problem: the file's structure is checked against its schema first (all issues at
 * once), then each section, regimen, summary and event is given its meaning on its own, skipping
 * parts whose structure is wrong and parts whose prerequisites failed (no problem is reported twice).
 * Every problem is a diagnostic at file:line:col with a hint.
 */
import { excerpt, InputError, Problems } from '../errors.js';
import type { FileHost } from '../host.js';
import type { ModelIR, SourcePos } from '../ir.js';
import type { RegimenPlan, SummarySpec } from '../job.js';
import { buildRegimen } from '../dosing/regimen.js';
import { YamlFile } from '../yaml/yaml-file.js';
import { YamlNode } from '../yaml/yaml-node.js';
import { canonicalSha256 } from './canonical-json.js';
import { dosingSummaries, parseEndpoints } from './endpoints-spec.js';
import { lowerPopulation, type PopulationSection } from './population-section.js';
import type { Scenario } from './scenario.js';
import { scenarioFileSchema } from './schema.js';
import type { SurvivalEndpointSpec } from '../endpoints/endpoint-specs.js';
import { loadSurvivalEndpoint } from './survival-endpoint.js';
import { parseGrid, parseHorizon, parseQuantiles, parseSolver } from './sections.js';
import { parseEvents, parseSummaries } from './summaries.js';

export const SCENARIO_KEYS = scenarioFileSchema.keyof().options;

export type ModelLoader = (path: string, host: FileHost, from?: SourcePos) => Promise<ModelIR>;

export interface LoadScenarioOptions {
  /** Folder of built-in models: `model: docetaxel-pk-3cmt` reads `<dir>/docetaxel-pk-3cmt.yaml`. */
  builtinModelsDir?: string;
}

type Fields = Record<(typeof SCENARIO_KEYS)[number], YamlNode>;

/** A `model:` value is a built-in id when it has no path separator and no .yaml/.yml ending. */
function isBuiltinId(ref: string): boolean {
  return !/[\\/]/.test(ref) && !/\.ya?ml$/i.test(ref);
}

/** Loads the model `model:` names (relative to the scenario, or a built-in id). */
async function loadScenarioModel(c: YamlNode, path: string, host: FileHost, loadModel: ModelLoader, options: LoadScenarioOptions): Promise<ModelIR> {
  const modelRef = c.required('a model file (../models/x.yaml) or a built-in model id').str();
  let modelPath: string;
  if (isBuiltinId(modelRef)) {
    if (!options.builtinModelsDir) throw c.error(`'${modelRef}' looks like a built-in model id, but no built-in model folder is configured`, 'give a path to the model file, e.g. ../models/x.yaml');
    modelPath = host.resolve(`${options.builtinModelsDir.replace(/[\\/]+$/, '')}/_`, `${modelRef}.yaml`);
  } else {
    modelPath = host.resolve(path, modelRef);
  }
  try {
    return await loadModel(modelPath, host, c.pos());
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw c.error(`cannot load model '${modelRef}': ${excerpt((e as Error).message ?? String(e), 200)}`, isBuiltinId(modelRef) ? 'check the id against `oncotwin models`' : 'check the path (relative to this scenario file)');
  }
}

/** Each regimen on its own; then names must be unique. */
function lowerRegimens(c: YamlNode, model: ModelIR, pop: PopulationSection, horizon: number, problems: Problems): RegimenPlan[] | undefined {
  const before = problems.list.length;
  const names = new Set<string>();
  const regimens = c.items().flatMap((it) => {
    if (!it.clean) return [];
    const r = problems.guard(() => {
      const plan = buildRegimen(it, { model, symbols: pop.symbolMap, horizon });
      if (names.has(plan.name)) throw it.at('name').error(`regimen name '${plan.name}' is used twice`, 'give each regimen its own name');
      names.add(plan.name);
      return plan;
    });
    return r ? [r] : [];
  });
  return problems.list.length === before && c.clean ? regimens : undefined;
}

/**
 * User summaries, then those the endpoints add, then dose delivery; and the events over them.
 * Without a valid horizon the summaries are still checked (times only against 0), the rest skipped.
 */
function lowerSummaries(o: Fields, model: ModelIR, horizon: number | undefined, regimens: RegimenPlan[] | undefined, survival: Survival, problems: Problems): { summaries?: SummarySpec[]; events?: Scenario['events']; endpoints?: Scenario['endpoints'] } {
  const items = o.summaries.present ? o.summaries.items() : [];
  const before = problems.list.length;
  const user = parseSummaries(o.summaries, model, horizon ?? Infinity, problems);
  // Names of summaries that could not be checked: events naming them are not reported again.
  const unchecked = new Set(items.map((it) => it.at('name').value).filter((n): n is string => typeof n === 'string' && !user.some((s) => s.name === n)));
  let endpoints: ReturnType<typeof parseEndpoints> | undefined;
  let dosing: SummarySpec[] = [];
  if (regimens && horizon !== undefined && survival !== 'failed') {
    endpoints = o.endpoints.clean ? problems.guard(() => parseEndpoints(o.endpoints, model, regimens, horizon, user, survival)) : undefined;
    dosing = dosingSummaries(regimens, model, horizon);
    const clash = dosing.find((d) => user.some((s) => s.name === d.name));
    if (clash) problems.guard(() => { throw o.summaries.error(`summary name '${clash.name}' is reserved for dose delivery under rules`, 'rename that summary'); });
  }
  const complete = regimens !== undefined && endpoints !== undefined;
  const all = [...user, ...(endpoints?.summaries ?? []), ...dosing];
  const events = o.events.clean
    ? parseEvents(o.events, all.map((s) => s.name), (n) => unchecked.has(n) || (!complete && /^(neutropenia|recist|survival|dose)\./.test(n)), problems)
    : undefined;
  if (problems.list.length !== before || !complete || !o.summaries.clean) return {};
  const spec = endpoints!.spec;
  return { summaries: all, events, endpoints: spec.neutropenia || spec.recist || spec.survival ? spec : undefined };
}

/** `endpoints.survival` loaded (its file is read through the host), absent, or 'failed' (reported). */
type Survival = SurvivalEndpointSpec | undefined | 'failed';

async function lowerSurvival(o: Fields, path: string, host: FileHost, model: ModelIR, pop: PopulationSection | undefined, problems: Problems): Promise<Survival> {
  const c = o.endpoints.at('survival');
  if (!c.present) return undefined;
  if (!pop || !c.clean) return 'failed';
  return (await problems.guardAsync(() => loadSurvivalEndpoint(c, path, host, model, pop.symbolMap))) ?? 'failed';
}

/** Loads the scenario at `path`; `loadModel` is the model loader (engine/common/model). */
export async function loadScenario(path: string, host: FileHost, loadModel: ModelLoader, options: LoadScenarioOptions = {}): Promise<Scenario> {
  const text = await host.readText(path);
  const file = YamlFile.parse(path, text, 'start with scenario:, model:, horizon:, population:, regimens:');
  const problems = new Problems();
  problems.add(...file.checkStructure(scenarioFileSchema));
  const root = new YamlNode(file);
  const o = root.fields(SCENARIO_KEYS);
  const model = o.model.clean ? await problems.guardAsync(() => loadScenarioModel(o.model, path, host, loadModel, options)) : undefined;
  if (!model) {
    problems.throwIfAny();
    throw o.model.required().error('the model could not be loaded');
  }
  const tu = model.timeUnit;
  const section = <T>(c: YamlNode, fn: () => T): T | undefined => (c.clean ? problems.guard(fn) : undefined);
  const horizon = section(o.horizon, () => parseHorizon(o.horizon, tu));
  const grid = horizon === undefined ? undefined : section(o.output_grid, () => parseGrid(o.output_grid, tu, horizon));
  const solver = horizon === undefined ? undefined : section(o.solver, () => parseSolver(o.solver, model, horizon));
  const quantiles = section(o.quantiles, () => parseQuantiles(o.quantiles));
  const pop = o.population.clean ? await lowerPopulation(o.population, model, host, path, problems) : undefined;
  // Without a valid horizon, regimens and summaries are still checked, except against the horizon.
  const regimens = pop ? lowerRegimens(o.regimens, model, pop, horizon ?? Infinity, problems) : undefined;
  const survival = await lowerSurvival(o, path, host, model, pop, problems);
  const s = lowerSummaries(o, model, horizon, regimens, survival, problems);
  problems.throwIfAny();
  if (horizon === undefined || !grid || !solver || !quantiles || !pop || !regimens || !s.summaries) {
    throw new Error(`internal: scenario ${path} has a part that is neither valid nor reported`);
  }
  return assemble(o, { path, model, file, host }, { horizon, grid, solver, quantiles, pop, regimens, summaries: s.summaries, events: s.events ?? [], endpoints: s.endpoints });
}

/** The Scenario from its checked parts. */
function assemble(
  o: Fields, src: { path: string; model: ModelIR; file: YamlFile; host: FileHost },
  p: Pick<Scenario, 'horizon' | 'grid' | 'solver' | 'quantiles' | 'regimens' | 'summaries' | 'events' | 'endpoints'> & { pop: PopulationSection },
): Scenario {
  const { path, model, file, host } = src;
  const positions: Record<string, SourcePos> = Object.create(null);
  for (const k of SCENARIO_KEYS) if (o[k].present) positions[k] = o[k].pos();
  positions['population.size'] = o.population.at('size').present ? o.population.at('size').pos() : o.population.pos();
  const id = o.scenario.present ? o.scenario.str() : path.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/i, '');
  const { symbolMap: _symbols, ...population } = p.pop;
  const scenario: Scenario = {
    path, id, title: o.title.present ? o.title.str() : id, modelRef: o.model.str(), model,
    data: file.data, sha256: canonicalSha256(file.data),
    horizon: p.horizon, grid: p.grid, solver: p.solver, population, regimens: p.regimens, summaries: p.summaries, events: p.events, quantiles: p.quantiles, positions,
  };
  if (p.endpoints) scenario.endpoints = p.endpoints;
  if (o.question.present) scenario.question = o.question.str();
  if (o.description.present) scenario.description = o.description.str();
  if (o.golden.present) scenario.golden = host.resolve(path, o.golden.str());
  return scenario;
}
