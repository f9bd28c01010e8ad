/**
 * Single-thread CPU-backend run of the reference workload (bench/reference-workload.ts), for
 * profiling (`node --cpu-prof --import tsx bench/profile-cpu.ts`) and for ablations of what the C
 * peer does not do. Options: --patients N (2000), --reps R (3, min time reported), --dump FILE
 * (write the generated kernel source), --no-sketch (no per-time quantiles), --no-summaries,
 * --grid N (grid points, default 127), --kernels A.js,B.js (A/B: run these dumped kernel sources of
 * the same job instead of the printer's, interleaved rep by rep on one thread so that a loaded
 * machine slows both alike; min CPU time of each, ratios, and whether their results are identical),
 * --scenario FILE (that scenario's job, e.g. scenarios/default.yaml, instead of the reference workload).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { SimBackend } from '../engine/backends/backend.js';
import { createCpuBackend } from '../engine/backends/cpu/cpu-backend.js';
import type { EnsembleResult } from '../engine/common/results.js';
import { jsKernelSource } from '../engine/codegen/js/js-kernel.js';
import { JS_CAPS, planKernel } from '../engine/kernel/plan.js';
import { buildJob } from '../engine/common/scenario/index.js';
import { loadScenarioFile } from '../engine/run-scenario.js';
import { referenceJob } from './reference-workload.js';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
}
const flag = (name: string): boolean => process.argv.includes(`--${name}`);

const patients = Number(arg('patients', '2000'));
const reps = Number(arg('reps', '3'));
const scenario = arg('scenario', '');
const job = scenario ? buildJob(await loadScenarioFile(scenario), { nPatients: patients }) : referenceJob(patients, 1e-6);
if (flag('no-sketch')) job.quantiles = [];
if (flag('no-summaries')) job.summaries = [];
const nGrid = Number(arg('grid', '127'));
if (nGrid !== 127) job.grid = Float64Array.from({ length: nGrid }, (_, d) => (d * job.horizon) / Math.max(1, nGrid - 1));
const dump = arg('dump', '');
if (dump) writeFileSync(dump, jsKernelSource(planKernel(job, JS_CAPS)));

/** A single-thread CPU backend; with `source`, that kernel text instead of the printer's. */
function backendOf(source?: string, tag = ''): SimBackend {
  const b = createCpuBackend({ chunkSize: 1 << 20 });
  if (source === undefined) return b;
  const printed = b.compile.bind(b);
  b.compile = async (plan) => ({ ...(await printed(plan)), key: `${plan.key}#${tag}`, source } as Awaited<ReturnType<SimBackend['compile']>>);
  return b;
}

const files = arg('kernels', '').split(',').filter((f) => f !== '');
const variants = files.length > 0 ? files.map((f, k) => ({ name: f, backend: backendOf(readFileSync(f, 'utf8'), String(k)) })) : [{ name: 'printed', backend: backendOf() }];
const best = variants.map(() => Infinity);
const results: EnsembleResult[] = [];
for (const v of variants) await v.backend.run({ ...job, nPatients: Math.min(200, patients) });
for (let r = 0; r < reps; r++) {
  for (const [k, v] of variants.entries()) {
    const c0 = process.cpuUsage();
    results[k] = await v.backend.run(job);
    const c = process.cpuUsage(c0);
    best[k] = Math.min(best[k], (c.user + c.system) / 1e6);
  }
}
const pr = patients * job.regimens.length;
const steps = results[0].regimens.reduce((a, g) => a + g.steps.reduce((x, y) => x + y, 0), 0);
console.log(`single thread, ${pr} patient-regimens, ${(steps / pr).toFixed(1)} accepted steps each, min CPU of ${reps}; load average ${loadavg()[0].toFixed(2)}`);
for (const [k, v] of variants.entries()) {
  const same = k === 0 ? '' : JSON.stringify(results[k].regimens.map((g) => g.summaries)) === JSON.stringify(results[0].regimens.map((g) => g.summaries)) ? ', results identical to the first' : ', RESULTS DIFFER from the first';
  console.log(`  ${v.name}: ${best[k].toFixed(3)} s, ${(pr / best[k]).toFixed(0)} patient-regimens/CPU-s, ${(steps / best[k] / 1e6).toFixed(3)} M steps/CPU-s, ${(best[0] / best[k]).toFixed(3)}x the first${same}`);
  await v.backend.dispose();
}
