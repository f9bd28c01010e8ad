/**
 * Cross-backend parity (docs/KERNEL.md): every backend in PARITY_BACKENDS runs every scenario in
 * scenarios/ and every model in models/ on the same patients as the CPU f64 reference, and must
 * agree within the tolerances of parity-data.ts (each with its reason): same seed → same patients,
 * continuous summaries and the times of extrema, event flags and rates, quantile bands, failures. Known gaps are data and
 * are asserted (the backend must refuse them), never skipped. Without a WebGPU adapter the suite
 * is skipped by name with the reason — except with CI=true, where that is a failure.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SimBackend } from '../../engine/backends/backend.js';
import { createCpuBackend } from '../../engine/backends/cpu/cpu-backend.js';
import { createWebGpuBackend } from '../../engine/backends/webgpu/webgpu-backend.js';
import type { EnsembleJob, SummarySpec } from '../../engine/common/job.js';
import type { RegimenResult } from '../../engine/common/results.js';
import { loadModel } from '../../engine/common/model/load-model.js';
import { buildJob, type EventSpec } from '../../engine/common/scenario/index.js';
import { NodeFileHost } from '../../engine/node/node-file-host.js';
import { getNodeGpu } from '../../engine/node/webgpu-node.js';
import { loadScenarioFile } from '../../engine/run-scenario.js';
import { jobFor, modelFiles, root } from '../models/model-job.js';
import { compareBands, compareColumn, compareEvent, noiseFloor } from './compare.js';
import {
  EVENT_TOLERANCE, EXTREMUM_TIME_HORIZON_FRACTION, EXTREMUM_TIME_TOLERANCE, KIND_TOLERANCE, MODEL_PATIENTS, PARITY_BACKENDS, POPULATION_TOLERANCE,
  QUANTILE_TOLERANCE, SCENARIO_PATIENTS, SOLVER_VARIANTS, type ParityBackend, type Tolerance,
} from './parity-data.js';

const scenarioFiles = readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.yaml')).sort();
const CASE_TIMEOUT = 180_000;

async function openBackend(name: ParityBackend['name']): Promise<SimBackend | string> {
  if (name === 'webgpu') {
    const gpu = getNodeGpu();
    if (gpu instanceof Error) return gpu.message;
    try {
      return await createWebGpuBackend(gpu);
    } catch (e) {
      return (e as Error).message;
    }
  }
  return `no factory for backend ${name as string}`;
}

const reference = createCpuBackend({ threads: 0 });
const opened = new Map(await Promise.all(PARITY_BACKENDS.map(async (b) => [b.name, await openBackend(b.name)] as const)));

afterAll(async () => {
  await reference.dispose();
  for (const b of opened.values()) if (typeof b !== 'string') await b.dispose();
});

/** The largest value of an output's per-time quantile bands (its scale), 0 if not banded. */
function outputPeak(r: RegimenResult, output: string): number {
  let peak = 0;
  for (const v of r.quantiles.find((q) => q.output === output)?.values ?? []) if (Number.isFinite(v)) peak = Math.max(peak, Math.abs(v));
  return peak;
}

/**
 * How many patients may fall outside a tolerance whose reason allows a fraction p of them: the
 * largest k that a binomial(n, p) count exceeds with probability ≥ 1% (so a correct backend fails
 * the check less than once in a hundred runs, whatever n is; n·p alone would allow none at n = 16).
 */
function allowedOutliers(n: number, p: number): number {
  if (p <= 0) return 0;
  let k = 0, pk = (1 - p) ** n, cdf = pk;
  while (1 - cdf >= 0.01 && k < n) {
    pk *= ((n - k) / (k + 1)) * (p / (1 - p));
    k++;
    cdf += pk;
  }
  return k;
}

/** Value at t = 0 of every output: a function of the patient's parameters only (same patients?). */
function populationProbes(job: EnsembleJob): SummarySpec[] {
  return job.model.outputs.map((o) => ({ kind: 'value_at', name: `parity.t0.${o.name}`, output: o.name, time: 0 }));
}

/** Runs `job` on both backends and returns every violated bound (empty = parity) and a report line. */
async function compare(backend: SimBackend, job: EnsembleJob, events: EventSpec[]): Promise<{ failures: string[]; report: string }> {
  const probes = populationProbes(job);
  const full: EnsembleJob = { ...job, summaries: [...job.summaries, ...probes] };
  const [cpu, other] = [await reference.run(full), await backend.run(full)];
  const failures: string[] = [];
  const worst = new Map<string, number>();
  const note = (key: string, v: number) => worst.set(key, Math.max(worst.get(key) ?? 0, v));
  cpu.regimens.forEach((rc, r) => {
    const ro = other.regimens[r];
    const failedC = [...rc.failed].filter((f) => f !== 0).length, failedO = [...ro.failed].filter((f) => f !== 0).length;
    if (failedC !== failedO || rc.failed.some((f, i) => (f !== 0) !== (ro.failed[i] !== 0))) failures.push(`${rc.name}: failed patients differ (cpu ${failedC}, other ${failedO})`);
    // Every result column: each summary, and the time of each extremum (what the goldens hold).
    for (const s of full.summaries) {
      const probe = s.name.startsWith('parity.t0.');
      const kindTol = probe ? POPULATION_TOLERANCE : KIND_TOLERANCE[s.kind];
      const valueTol = { ...kindTol, abs: kindTol.abs + (kindTol.outputScale ?? 0) * outputPeak(rc, 'output' in s ? s.output : '') };
      const columns: [string, Tolerance, string, ((i: number) => boolean)?][] = [[s.name, valueTol, probe ? 'population' : s.kind]];
      if (s.kind === 'max' || s.kind === 'min') {
        const values = rc.summaries[s.name], floor = noiseFloor(values, valueTol);
        const timeTol = { ...EXTREMUM_TIME_TOLERANCE, abs: EXTREMUM_TIME_HORIZON_FRACTION * job.horizon };
        columns.push([`${s.name}.time`, timeTol, 'extremum time', (i) => !(Math.abs(values[i]) > floor)]);
      }
      for (const [column, tol, group, skip] of columns) {
        const c = compareColumn(column, rc.summaries[column], ro.summaries[column], tol, skip);
        note(group, c.maxRel);
        if (c.outside > allowedOutliers(c.n, tol.outliers)) {
          failures.push(`${rc.name} / ${column}: ${c.outside} of ${c.n} patients outside rel ${tol.rel} (${tol.reason}); e.g. ${c.example}`);
        }
      }
    }
    for (const e of events) {
      if (!rc.summaries[e.summary]) continue;
      const ev = compareEvent(rc.summaries[e.summary], ro.summaries[e.summary], e.below, e.above);
      note('event flips', ev.flips / rc.failed.length);
      note('event rate diff', ev.rateDiff);
      if (ev.flips / rc.failed.length >= EVENT_TOLERANCE.maxFlipFraction || ev.rateDiff > EVENT_TOLERANCE.maxRateDiff) {
        failures.push(`${rc.name} / event ${e.name}: ${ev.flips} flips, rate difference ${ev.rateDiff} (${EVENT_TOLERANCE.reason})`);
      }
    }
    for (const b of compareBands(rc, ro, QUANTILE_TOLERANCE.rel, QUANTILE_TOLERANCE.abs)) {
      note('quantiles', b.maxRel);
      if (!(b.used <= 1)) failures.push(`${rc.name} / quantiles of ${b.output}: ${b.used.toFixed(2)}× the bound rel ${QUANTILE_TOLERANCE.rel} + ${QUANTILE_TOLERANCE.abs} (${QUANTILE_TOLERANCE.reason})`);
    }
  });
  const report = `N=${job.nPatients} max rel: ${[...worst].map(([k, v]) => `${k} ${v.toExponential(1)}`).join(', ')}`;
  return { failures, report };
}

for (const pb of PARITY_BACKENDS) {
  describe(`parity: ${pb.name} (f${pb.precision}) vs cpu (f64)`, () => {
    const backend = opened.get(pb.name);
    if (typeof backend === 'string' || !backend) {
      const why = typeof backend === 'string' ? backend : 'not opened';
      if (process.env.CI === 'true') it('has an adapter (CI=true: required)', () => { throw new Error(`${pb.name} unavailable: ${why}`); });
      else it.skip(`${pb.name} unavailable here: ${why}`, () => undefined);
      return;
    }
    for (const file of scenarioFiles) {
      const refused = pb.gaps.refusedScenarios.find((g) => g.file === file);
      if (refused) {
        it(`scenarios/${file}: known gap, refused (${refused.reason})`, async () => {
          const job = buildJob(await loadScenarioFile(join(root, 'scenarios', file)), { nPatients: 1 });
          await expect(backend.run(job)).rejects.toThrow(refused.message);
        });
        continue;
      }
      it(`scenarios/${file}`, async () => {
        const scenario = await loadScenarioFile(join(root, 'scenarios', file));
        const job = buildJob(scenario, { nPatients: SCENARIO_PATIENTS[file] ?? SCENARIO_PATIENTS.default });
        const notes: string[] = [];
        let summaries = job.summaries;
        for (const gap of pb.gaps.unsupportedSummaries) {
          const dropped = summaries.filter(gap.test);
          if (dropped.length === 0) continue;
          // The gap must still be real: the backend refuses the job with those summaries.
          await expect(backend.run({ ...job, summaries })).rejects.toThrow(gap.message);
          summaries = summaries.filter((s) => !gap.test(s));
          notes.push(`; not compared (${gap.reason}): ${dropped.map((s) => s.name).join(', ')}`);
        }
        const { failures, report } = await compare(backend, { ...job, summaries }, scenario.events);
        console.info(`[parity ${pb.name}] scenarios/${file} ${report}${notes.join('')}`);
        expect(failures).toEqual([]);
      }, CASE_TIMEOUT);
    }

    for (const v of SOLVER_VARIANTS) {
      it(`scenarios/${v.file} with solver ${v.method}`, async () => {
        const scenario = await loadScenarioFile(join(root, 'scenarios', v.file));
        const job = buildJob(scenario, { nPatients: v.patients });
        const { failures, report } = await compare(backend, { ...job, solver: { ...job.solver, method: v.method } }, scenario.events);
        console.info(`[parity ${pb.name}] scenarios/${v.file} (${v.method}) ${report}`);
        expect(failures).toEqual([]);
      }, CASE_TIMEOUT);
    }

    for (const file of modelFiles) {
      it(`models/${file}`, async () => {
        const model = await loadModel(join(root, 'models', file), new NodeFileHost());
        const job = { ...jobFor(model), nPatients: MODEL_PATIENTS };
        const { failures, report } = await compare(backend, job, []);
        console.info(`[parity ${pb.name}] models/${file} ${report}`);
        expect(failures).toEqual([]);
      }, CASE_TIMEOUT);
    }
  });
}
