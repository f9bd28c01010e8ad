/**
 * Helpers for the reference checks of models/ (test/models/*-reference.test.ts): load a library file
 * (or an in-memory "probe" composite that drives one library module with a chosen input), run its
 * typical patient (all etas 0) on the CPU backend with given covariates and doses, and read the
 * trajectories and summaries back in the outputs' user units.
 */
import { join } from 'node:path';
import { createCpuBackend } from '../../engine/backends/cpu/cpu-backend.js';
import type { FileHost } from '../../engine/common/host.js';
import { ir, type Assign, type ModelIR } from '../../engine/common/ir.js';
import type { EnsembleJob, SummarySpec } from '../../engine/common/job.js';
import type { RegimenResult } from '../../engine/common/results.js';
import { loadModel } from '../../engine/common/model/load-model.js';
import { toInternal } from '../../engine/common/units/index.js';
import { NodeFileHost } from '../../engine/node/node-file-host.js';
import { root } from './model-job.js';

const backend = createCpuBackend({ threads: 0 });

/** Serves one virtual file next to the library files, everything else from disk. */
class ProbeHost implements FileHost {
  private readonly disk = new NodeFileHost();
  constructor(private readonly path: string, private readonly text: string) {}
  readText(file: string, from?: Parameters<FileHost['readText']>[1]): Promise<string> {
    return file === this.path ? Promise.resolve(this.text) : this.disk.readText(file, from);
  }
  resolve(fromFile: string, relative: string): string {
    return this.disk.resolve(fromFile, relative);
  }
}

/** Loads models/<file>. */
export function libraryModel(file: string): Promise<ModelIR> {
  return loadModel(join(root, 'models', file), new NodeFileHost());
}

/**
 * A composite (written in the test, not in models/) that uses library module `file` as `m`, with
 * composite parameters `params` (name → [value, unit]), the module inputs bound by `bind` (expressions
 * over those parameters and t), and `outputs` (name → [expression over m.*, unit]).
 */
export function probeModel(file: string, params: Record<string, [number, string]>, bind: Record<string, string>,
  outputs: Record<string, [string, string]>, timeUnit = 'h'): Promise<ModelIR> {
  const yaml = [
    'model: probe', 'title: test probe', 'description: drives one library module', 'population: test',
    `time_unit: ${timeUnit}`, 'references: { test: "test probe" }',
    'modules:', `  m: { file: ${file} }`,
    'parameters:', ...Object.entries(params).map(([k, [v, u]]) => `  ${k}: { value: ${v}, unit: "${u}", source: test }`),
    'bind:', ...Object.entries(bind).map(([k, e]) => `  m.${k}: "${e}"`),
    'outputs:', ...Object.entries(outputs).map(([k, [e, u]]) => `  ${k}: { expr: "${e}", unit: "${u}" }`),
  ].join('\n');
  const path = join(root, 'models', '__probe__.yaml');
  return loadModel(path, new ProbeHost(path, yaml));
}

export interface TypicalRun {
  /** Output `name` on the grid, in its user unit. */
  traj(name: string): number[];
  /** Summary column of the single patient. */
  summary(name: string): number;
  result: RegimenResult;
}

/**
 * Runs the model's typical patient: covariates (name → [value, unit]), doses (time in the model's
 * time unit, amount in mg, optional infusion duration) into dose target 0, output grid `grid`.
 */
export async function runTypical(model: ModelIR, o: {
  covariates?: Record<string, [number, string]>; doses?: { time: number; mg: number; dur?: number }[];
  grid: number[]; summaries?: SummarySpec[]; rtol?: number; method?: EnsembleJob['solver']['method'];
}): Promise<TypicalRun> {
  const assigns: Assign[] = model.covariates.map((c) => {
    const given = o.covariates?.[c.name];
    if (!given) throw new Error(`covariate ${c.name} of ${model.name} not given`);
    return { name: c.name, expr: ir.num(c.levels ? given[0] : toInternal(given[0], given[1], model.timeUnit)) };
  });
  for (const eta of model.variability.etas) assigns.push({ name: eta, expr: ir.num(0) });
  const doses = o.doses ?? [];
  const horizon = o.grid[o.grid.length - 1];
  const job: EnsembleJob = {
    model,
    population: { draws: 0, assigns, report: [] },
    regimens: [{
      name: 'typical',
      levels: doses.map((d) => ir.num(toInternal(d.mg, 'mg', model.timeUnit))),
      doses: doses.map((d, i) => ({ time: d.time, target: 0, level: i, duration: ir.num(d.dur ?? 0), cycle: 1 })),
    }],
    grid: Float64Array.from(o.grid),
    horizon,
    solver: {
      method: o.method ?? 'dopri5', rtol: o.rtol ?? 1e-9, atol: model.states.map(() => 1e-14), hmax: horizon,
      h0: 1e-6, hmin: 1e-14 * horizon, maxSteps: 5_000_000, closedFormLinear: true,
    },
    summaries: o.summaries ?? [],
    quantiles: [0.5],
    nPatients: 1,
    seed: { lo: 1, hi: 0 },
    trajectories: 1,
  };
  const result = (await backend.run(job)).regimens[0];
  if (result.failed[0] !== 0) throw new Error(`${model.name}: integration failed (code ${result.failed[0]})`);
  const tr = result.trajectories!;
  const G = o.grid.length;
  return {
    result,
    traj(name) {
      const k = tr.outputs.indexOf(name);
      if (k < 0) throw new Error(`no output ${name} (have ${tr.outputs.join(', ')})`);
      return Array.from(tr.values.subarray(k * G, (k + 1) * G));
    },
    summary: (name) => result.summaries[name][0],
  };
}

/** Trapezoid integral of y over x. */
export function trapz(x: number[], y: number[]): number {
  let s = 0;
  for (let i = 1; i < x.length; i++) s += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2;
  return s;
}

/** 0, step, 2·step, …, end. */
export function grid(end: number, step: number): number[] {
  return Array.from({ length: Math.round(end / step) + 1 }, (_, i) => i * step);
}
