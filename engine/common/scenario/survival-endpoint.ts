/**
 * The scenario's `endpoints.survival:` key → the survival sub-model a run computes overall survival
 * (and, with `recist:`, PFS = progression or death) from:
 *
 * ```yaml
 * endpoints:
 *   recist: { output: TS, every: 6 wk, confirm: true }
 *   survival: { model: ../models/survival/struemper2025-os.yaml, follow_up: 5 yr }
 * ```
 *
 * Everything the computation needs is in this spec plus the per-patient values every backend returns
 * (summaries, covariates) and the job's seed, so a result merged from shards assembles the same way.
 * The survival file is read relative to the scenario; problems in it are reported at its own
 * file:line:col, problems of the key (covariates the population lacks, units) at the key.
 */
import { excerpt } from '../errors.js';
import type { FileHost } from '../host.js';
import type { ModelIR } from '../ir.js';
import { parseSurvivalSpec } from '../endpoints/survival/load-survival-spec.js';
import type { SurvivalEndpointSpec } from '../endpoints/endpoint-specs.js';
import type { SurvivalSpec } from '../endpoints/survival/survival-spec.js';
import type { PopulationSymbol } from '../population/build-population.js';
import { describeDim, dimEqual } from '../units/dimension.js';
import { internalUnit } from '../units/quantity.js';
import type { YamlNode } from '../yaml/yaml-node.js';
import { survivalEndpointSchema } from './schema.js';
import { timeValue } from './sections.js';

const KEYS = survivalEndpointSchema.keyof().options;

/** Three months (a quarter of a Julian year), the spacing of at-risk rows in trial publications. */
const DEFAULT_AT_RISK_EVERY_DAYS = 91.3125;

/** Reads `endpoints.survival` (present) for `model` and the population's symbols. */
export async function loadSurvivalEndpoint(c: YamlNode, scenarioPath: string, host: FileHost, model: ModelIR,
  symbols: ReadonlyMap<string, PopulationSymbol>): Promise<SurvivalEndpointSpec> {
  const o = c.fields(KEYS);
  const ref = o.model.required('e.g. model: ../models/survival/struemper2025-os.yaml').str();
  const file = host.resolve(scenarioPath, ref);
  let text: string;
  try {
    text = await host.readText(file);
  } catch (e) {
    throw o.model.error(`cannot read survival file '${ref}': ${excerpt((e as Error).message ?? String(e), 200)}`, 'check the path (relative to this scenario file)');
  }
  // Problems inside the survival file are reported at their own file:line:col.
  const spec: SurvivalSpec = parseSurvivalSpec(text, file, model);
  const tu = model.timeUnit;
  const day = internalUnit('d', tu).factor;
  const days = (n: YamlNode): number => {
    const v = timeValue(n, tu) / day;
    if (!(v > 0)) throw n.error(`must be > 0, got ${v} d`);
    return v;
  };
  const covariates = spec.quantities.flatMap((q) => {
    if (q.source.kind !== 'covariate') return [];
    const name = q.source.covariate;
    const sym = symbols.get(name);
    if (!sym) {
      throw o.model.error(`survival quantity ${q.name} reads the population covariate ${name}, which this scenario's population does not define`,
        `add ${name} (in ${q.unit}) to population.covariates or population.derived`);
    }
    const u = internalUnit(q.unit, tu);
    if (!dimEqual(u.dim, sym.dims)) {
      throw o.model.error(`survival quantity ${q.name} is in '${q.unit}' (${describeDim(u.dim, tu)}), but population covariate ${name} is in '${sym.unit}' (${describeDim(sym.dims, tu)})`,
        `give ${name} a unit of the same kind as '${q.unit}'`);
    }
    return [{ name, perUnit: u.factor }];
  });
  return {
    file, spec, covariates,
    followUpDays: o.follow_up.present ? days(o.follow_up) : Infinity,
    atRiskEveryDays: o.at_risk_every.present ? days(o.at_risk_every) : DEFAULT_AT_RISK_EVERY_DAYS,
  };
}
