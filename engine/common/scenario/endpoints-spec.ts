/**
 * The scenario's `endpoints:` section → EndpointsSpec plus the per-patient summaries the endpoints
 * are computed from (added to the job like user summaries, so every backend produces them):
 *
 * ```yaml
 * endpoints:
 *   neutropenia: { output: ANC, lln: 2.0, per_cycle: true }  # CTCAE v5.0 grades from the ANC nadir
 *   recist: { output: TS, every: 6 wk, measure: volume }     # RECIST 1.1 at 0, 6, 12 … weeks
 * ```
 *
 * Summaries (names reserved): `neutropenia.nadir` (+ `.time`), `neutropenia.g3_time`,
 * `neutropenia.g4_time` (time with ANC < 1.0 and < 0.5 ×10⁹/L), `neutropenia.nadir.c<k>` per cycle
 * k of each regimen's own schedule; `recist.<k>` = value_at the k-th assessment (k = 0 is baseline);
 * `survival.*` = what the survival file reads (engine/common/endpoints/survival/survival-inputs.ts).
 */
import { closest } from '../errors.js';
import type { ModelIR } from '../ir.js';
import { DOSING_STATS, type RegimenPlan, type SummarySpec } from '../job.js';
import { describeDim, DIM, dimEqual } from '../units/dimension.js';
import { internalUnit } from '../units/quantity.js';
import type { YamlNode } from '../yaml/yaml-node.js';
import { survivalSummaries } from '../endpoints/survival/survival-inputs.js';
import { endpointsSchema, neutropeniaSchema, RECIST_MEASURES, recistSchema } from './schema.js';
import { timeValue } from './sections.js';
import type { EndpointsSpec, NeutropeniaSpec, RecistSpec, SurvivalEndpointSpec } from '../endpoints/endpoint-specs.js';

const ENDPOINT_KEYS = endpointsSchema.keyof().options;
const NEUTROPENIA_KEYS = neutropeniaSchema.keyof().options;
const RECIST_KEYS = recistSchema.keyof().options;

/** CTCAE v5.0 neutrophil cut-offs used for durations, ×10⁹/L (engine/common/endpoints/ctcae-neutrophils.ts). */
const GRADE3_BELOW = 1.0;
const GRADE4_BELOW = 0.5;

function outputOf(c: YamlNode, model: ModelIR): { name: string; unit: string } {
  const name = c.required('e.g. output: ANC').str();
  const o = model.outputs.find((x) => x.name === name);
  if (!o) {
    const s = closest(name, model.outputs.map((x) => x.name));
    throw c.error(`model ${model.name} has no output '${name}'`, s ? `did you mean '${s}'?` : `outputs: ${model.outputs.map((x) => x.name).join(', ')}`);
  }
  return { name, unit: o.unit };
}

/** Factor from `unit` to `target` (same dimension), or an error at `c`. */
function factorTo(c: YamlNode, unit: string, target: string, tu: string, what: string): number {
  const u = internalUnit(unit, tu), t = internalUnit(target, tu);
  if (!dimEqual(u.dim, t.dim)) throw c.error(`${what} must be in a unit like ${target}; this output is in '${unit}' (${describeDim(u.dim, tu)})`, `choose an output measured in ${target} or a unit of the same kind`);
  return u.factor / t.factor;
}

/**
 * Parses `endpoints:`; `summaries` are the user's (names must not clash). `survival` is the already
 * loaded `endpoints.survival` key (reading its file is asynchronous: survival-endpoint.ts).
 */
export function parseEndpoints(c: YamlNode, model: ModelIR, regimens: RegimenPlan[], horizon: number, summaries: SummarySpec[],
  survival?: SurvivalEndpointSpec): { spec: EndpointsSpec; summaries: SummarySpec[] } {
  const spec: EndpointsSpec = {};
  const added: SummarySpec[] = [];
  if (!c.present) return { spec, summaries: added };
  const o = c.fields(ENDPOINT_KEYS);
  const tu = model.timeUnit;
  if (o.neutropenia.present) {
    const n = o.neutropenia.fields(NEUTROPENIA_KEYS);
    const out = outputOf(n.output, model);
    const toGiga = factorTo(n.output, out.unit, '1e9/L', tu, 'the neutrophil output');
    const lln = n.lln.present ? n.lln.num() : 2.0;
    if (!(lln > GRADE3_BELOW * 1.5)) throw n.lln.error(`lln must exceed 1.5 ×10⁹/L (the grade 2 cut-off), got ${lln}`, 'e.g. lln: 2.0');
    const perCycle = n.per_cycle.present ? n.per_cycle.bool() : true;
    const cycles = perCycle ? Math.max(0, ...regimens.flatMap((r) => r.doses.map((d) => d.cycle))) : 0;
    spec.neutropenia = { output: out.name, lln, toGiga, cycles };
    added.push({ kind: 'min', name: 'neutropenia.nadir', output: out.name },
      { kind: 'time_below', name: 'neutropenia.g3_time', output: out.name, threshold: GRADE3_BELOW / toGiga },
      { kind: 'time_below', name: 'neutropenia.g4_time', output: out.name, threshold: GRADE4_BELOW / toGiga });
    for (let k = 1; k <= cycles; k++) added.push({ kind: 'min', name: `neutropenia.nadir.c${k}`, output: out.name, cycle: k });
  }
  if (o.recist.present) {
    const r = o.recist.fields(RECIST_KEYS);
    const out = outputOf(r.output, model);
    const measure = r.measure.present ? r.measure.oneOf(RECIST_MEASURES) : 'diameter';
    let factor: number;
    if (measure === 'diameter') factor = factorTo(r.output, out.unit, 'mm', tu, 'a sum of diameters');
    else {
      const isVolume = dimEqual(internalUnit(out.unit, tu).dim, DIM.volume);
      factor = factorTo(r.output, out.unit, isVolume ? 'mL' : 'g', tu, 'a tumour weight or volume');
    }
    const every = timeValue(r.every.required('e.g. every: 6 wk'), tu);
    if (!(every > 0)) throw r.every.error('every must be > 0');
    const times: number[] = [];
    for (let k = 0; k * every <= horizon * (1 + 1e-12); k++) times.push(Math.min(k * every, horizon));
    if (times.length < 2) throw r.every.error('fewer than one assessment after baseline within the horizon', 'assess more often or lengthen horizon');
    const sdMin = r.sd_min.present ? timeValue(r.sd_min, tu) : 0;
    spec.recist = { output: out.name, measure, factor, times, confirm: r.confirm.present ? r.confirm.bool() : false, sdMin, dayLength: internalUnit('d', tu).factor };
    times.forEach((time, k) => added.push({ kind: 'value_at', name: `recist.${k}`, output: out.name, time }));
  }
  if (survival) {
    spec.survival = survival;
    added.push(...survivalSummaries(survival.spec, horizon));
  }
  const taken = new Set(summaries.map((s) => s.name));
  const clash = added.find((s) => taken.has(s.name));
  if (clash) throw c.error(`summary name '${clash.name}' is reserved for endpoints`, 'rename that summary');
  return { spec, summaries: added };
}

/** Dose-delivery summaries added when any regimen has protocol rules (names `dose.<stat>`). */
export function dosingSummaries(regimens: RegimenPlan[], model: ModelIR, horizon: number): SummarySpec[] {
  if (!regimens.some((r) => r.rules)) return [];
  return DOSING_STATS.map((stat) => ({ kind: 'value_at', name: `dose.${stat}`, output: model.outputs[0].name, time: horizon, dosing: stat }));
}

