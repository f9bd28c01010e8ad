/**
 * The model file's `observations:` section → residual-error models of its outputs
 * (`ObservationModelIR`, docs/FORMATS.md "Observation models"). Values are converted to the
 * output's user unit, so a twin compares a measurement with a prediction in one unit.
 *
 * A composed model inherits a module's observation model for an output that re-exports that
 * module's output unchanged (`ANC: { expr: neut.Circ }` over the module's `ANC: Circ`), converted
 * to the composed output's unit; its own declaration wins.
 */
import { closest } from '../errors.js';
import type { ObservationModelIR, OutputIR, ResidualError } from '../ir.js';
import { DIMENSIONLESS, dimEqual, formatDim } from '../units/dimension.js';
import { internalScale, parseUnit } from '../units/parse-unit.js';
import type { YamlFile } from '../yaml/yaml-file.js';
import type { LoadContext } from './context.js';
import type { ModelFile } from './schema.js';

type Entry = NonNullable<ModelFile['observations']>[string];
type ValueKey = 'sd' | 'cv' | 'lloq';

/** Which values each error form needs (`sd` of log_additive is on the log scale, dimensionless). */
const NEEDS: Record<ResidualError, ValueKey[]> = {
  additive: ['sd'],
  proportional: ['cv'],
  combined: ['sd', 'cv'],
  log_additive: ['sd'],
};

/** Compiles the observation models of one file (prefix `pfx`) into `out`; problems go to ctx.diags. */
export function compileObservations(ctx: LoadContext, f: YamlFile, m: ModelFile, pfx: string, out: ObservationModelIR[]): void {
  const own = new Map(ctx.outputs.filter((o) => o.name.startsWith(pfx) && !o.name.slice(pfx.length).includes('.')).map((o) => [o.name.slice(pfx.length), o]));
  for (const [name, entry] of Object.entries(m.observations ?? {})) {
    const output = own.get(name);
    if (!output) {
      const guess = closest(name, own.keys());
      ctx.diags.push({ ...f.keyPos(['observations', name]), message: `observations: '${name}' is not an output of this file`,
        hint: guess ? `did you mean '${guess}'?` : `declare it under outputs: first (outputs here: ${[...own.keys()].join(', ') || 'none'})` });
      continue;
    }
    const model = ctx.guard(() => compileEntry(ctx, f, name, entry, output));
    if (model) out.push(model);
  }
}

function compileEntry(ctx: LoadContext, f: YamlFile, name: string, entry: Entry, output: OutputIR): ObservationModelIR | undefined {
  const error: ResidualError = entry.error === 'exponential' ? 'log_additive' : entry.error;
  const base = ['observations', name];
  const needs = NEEDS[error];
  let ok = true;
  for (const key of ['sd', 'cv'] as const) {
    if (needs.includes(key) && entry[key] === undefined) {
      ctx.diags.push({ ...f.keyPos(base), message: `observations.${name}: error ${entry.error} needs ${key}`, hint: `add ${key}: { value: …, unit: …, source: … }` });
      ok = false;
    } else if (!needs.includes(key) && entry[key] !== undefined) {
      ctx.diags.push({ ...f.keyPos([...base, key]), message: `observations.${name}: error ${entry.error} has no ${key}`, hint: `remove ${key}, or use error: combined for an additive and a proportional part` });
      ok = false;
    }
  }
  const outputScale = output.scale;
  /** A value of `key` in the output's user unit (or dimensionless); problems become diagnostics. */
  const value = (key: ValueKey, dimensionless: boolean): number | undefined => {
    const v = entry[key];
    if (v === undefined) return undefined;
    const where = f.where([...base, key, 'unit']);
    const u = ctx.guard(() => parseUnit(v.unit ?? '1', v.unit === undefined ? f.keyPos([...base, key]) : where));
    if (!u) return undefined;
    const outDim = parseUnit(output.unit).dim;
    const want = dimensionless ? DIMENSIONLESS : outDim;
    if (!dimEqual(u.dim, want)) {
      ctx.diags.push({ ...f.valuePos([...base, key, v.unit === undefined ? 'value' : 'unit']),
        message: `observations.${name}.${key} must be ${dimensionless ? 'dimensionless' : `in a unit of ${output.unit}`}, got ${formatDim(u.dim, ctx.timeUnit)}`,
        hint: dimensionless ? 'give unit: 1 (a fraction) or %' : `give unit: ${output.unit} (or any unit of that dimension)` });
      return undefined;
    }
    if (!(v.value > 0) || !Number.isFinite(v.value)) {
      ctx.diags.push({ ...f.valuePos([...base, key, 'value']), message: `observations.${name}.${key} must be a positive number, got ${v.value}`, hint: 'residual SDs and limits of quantification are > 0' });
      return undefined;
    }
    const internal = v.value * internalScale(u, ctx.timeUnit);
    // Twelve digits: the round trip through internal units leaves 14.899999999999999 for 14.9 mm.
    return Number((dimensionless ? internal : internal * outputScale).toPrecision(12));
  };
  const sd = value('sd', error === 'log_additive');
  const cv = value('cv', true);
  const lloq = value('lloq', false);
  if (!ok || (needs.includes('sd') && sd === undefined) || (needs.includes('cv') && cv === undefined) || (entry.lloq !== undefined && lloq === undefined)) return undefined;
  const sources = (['sd', 'cv', 'lloq'] as const).map((k) => entry[k]?.source).filter((s): s is string => !!s);
  return {
    output: output.name, error, sd: sd ?? 0, cv: cv ?? 0,
    ...(lloq === undefined ? {} : { lloq }),
    source: [...new Set(sources)].join('; '),
  };
}

/**
 * Observation models of a flattened model: declared ones, plus, for each output without one, the
 * model of a module output with the same expression (re-exported unchanged), in this output's unit.
 */
export function withInheritedObservations(declared: ObservationModelIR[], outputs: OutputIR[]): ObservationModelIR[] {
  const byOutput = new Map(declared.map((d) => [d.output, d]));
  const result = [...declared];
  for (const o of outputs) {
    if (byOutput.has(o.name)) continue;
    const key = JSON.stringify(o.expr);
    const from = outputs.find((m) => m !== o && byOutput.has(m.name) && JSON.stringify(m.expr) === key);
    if (!from) continue;
    const d = byOutput.get(from.name)!;
    // Additive values and limits are in the module output's unit: back to internal, then to this output's.
    const rescale = (v: number): number => Number(((v / from.scale) * o.scale).toPrecision(12));
    const inherited: ObservationModelIR = {
      ...d, output: o.name,
      sd: d.error === 'log_additive' ? d.sd : rescale(d.sd),
      ...(d.lloq === undefined ? {} : { lloq: rescale(d.lloq) }),
    };
    byOutput.set(o.name, inherited);
    result.push(inherited);
  }
  return result;
}
