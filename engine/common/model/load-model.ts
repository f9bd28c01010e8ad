/**
 * Model file (docs/FORMATS.md "Model file" and "Composition") → flattened, unit-converted `ModelIR`.
 */
import { sha256Hex } from '../hash.js';
import type { FileHost } from '../host.js';
import { ir, type ModelIR, type SourcePos } from '../ir.js';
import { dimEqual, dimOf } from '../units/dimension.js';
import { parseUnit } from '../units/parse-unit.js';
import { compileFile } from './compile-file.js';
import { LoadContext } from './context.js';
import { detectLinear } from './linear.js';
import { orderDerived } from './order.js';
import { withInheritedObservations } from './observations.js';
import { YamlFile } from '../yaml/yaml-file.js';

/** The root file's time unit when it is a valid time unit; otherwise `h` (compileFile reports the error). */
function rootTimeUnit(f: YamlFile): string {
  const t = f.data.time_unit;
  if (typeof t !== 'string') return 'h';
  try {
    return dimEqual(parseUnit(t).dim, dimOf({ time: 1 })) ? t : 'h';
  } catch {
    return 'h';
  }
}

/**
 * Loads the model at `path` (and its modules, through `host`) into a `ModelIR`.
 * Throws `InputError` with file:line:col diagnostics for any problem in the files; a model file that
 * cannot be read is reported at `from` (the scenario line that names it) when given.
 */
export async function loadModel(path: string, host: FileHost, from?: SourcePos): Promise<ModelIR> {
  const text = await host.readText(path, from);
  const root = YamlFile.parse(path, text);
  const ctx = new LoadContext(host, rootTimeUnit(root));
  ctx.texts.set(path, text);
  const top = await compileFile(ctx, path, '');

  for (const [name, inp] of ctx.inputs) {
    if (inp.bound) continue;
    if (inp.defaultValue === undefined) {
      ctx.diags.push({ ...inp.pos, message: `input ${name} is not bound and has no default`,
        hint: `bind it in the composing model (bind: ${name}: <expression>) or give it default: <value in ${inp.unit}>` });
      continue;
    }
    ctx.derived.set(name, { name, expr: ir.num(inp.defaultValue), pos: inp.pos });
  }
  ctx.flush();
  const derived = orderDerived(ctx.derived);

  const n = ctx.etas.length;
  const omega = new Array<number>(n * n).fill(0);
  let at = 0;
  for (const b of ctx.omegaBlocks) {
    for (let i = 0; i < b.n; i++) for (let j = 0; j < b.n; j++) omega[(at + i) * n + at + j] = b.omega[i * b.n + j];
    at += b.n;
  }

  const states = ctx.states.map(({ pos: _pos, ...s }) => s);
  const constants = new Set<string>([
    ...ctx.params.map((p) => p.name), ...ctx.individual.map((a) => a.name), ...ctx.covariates.keys(), ...ctx.etas,
  ]);
  const linear = detectLinear(states.map((s) => s.name), ctx.odes, derived, constants);
  const m = top.model;
  const model: ModelIR = {
    name: m.model,
    sourceHash: sha256Hex(ctx.files.map((f) => f.sha256).join('\n')),
    files: ctx.files,
    timeUnit: ctx.timeUnit,
    description: m.description ?? m.title,
    params: ctx.params,
    covariates: [...ctx.covariates].map(([name, c]) => ({ name, unit: c.unit, description: c.description, levels: c.levels })),
    variability: { etas: ctx.etas, omega },
    individual: ctx.individual,
    states,
    derived,
    odes: ctx.odes,
    outputs: ctx.outputs,
    doseTargets: ctx.doseTargets,
  };
  if (linear) model.linear = linear;
  if (ctx.validity.length) model.validity = ctx.validity;
  const observations = withInheritedObservations(ctx.observations, ctx.outputs);
  if (observations.length) model.observations = observations;
  return model;
}
