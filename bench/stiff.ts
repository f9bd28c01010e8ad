/**
 * `npm run bench:stiff` — the stiff scenarios (nab-paclitaxel's saturable distribution, paclitaxel's
 * Crombag model) with the explicit DOPRI5 and the Rosenbrock (Rodas4) stepper on the same patients:
 * steps per patient, throughput (wall and CPU time), the largest relative difference of the summaries
 * between the two methods, and SIMD efficiency (mean / max steps per group of 32 and 64 consecutive
 * patients, and with patients ordered by a pilot's step counts) — docs/BENCHMARKS.md, "Stiff models".
 * Options: --patients N (200 CPU, 64 WebGPU), --backend cpu|webgpu (cpu), --threads T (1),
 * --scenario FILE (both stiff scenarios).
 */
import { join } from 'node:path';
import { loadavg } from 'node:os';
import type { SimBackend } from '../engine/backends/backend.js';
import { createNodeCpuBackend } from '../engine/node/node-cpu-backend.js';
import { createWebGpuBackend } from '../engine/backends/webgpu/webgpu-backend.js';
import { getNodeGpu } from '../engine/node/webgpu-node.js';
import type { EnsembleJob, SolverSpec } from '../engine/common/job.js';
import type { EnsembleResult } from '../engine/common/results.js';
import { buildJob } from '../engine/common/scenario/index.js';
import { BUILTIN_SCENARIOS_DIR, loadScenarioFile } from '../engine/run-scenario.js';
import { simdEfficiency, sortedByPilot } from '../engine/backends/webgpu/simd-efficiency.js';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
}

const SCENARIOS = ['nab-paclitaxel-q3w-vs-weekly.yaml', 'paclitaxel-q3w-vs-weekly.yaml'];
const METHODS: SolverSpec['method'][] = ['dopri5', 'rosenbrock'];

async function makeBackend(name: string, threads: number): Promise<SimBackend> {
  if (name === 'cpu') return createNodeCpuBackend({ threads });
  const gpu = getNodeGpu();
  if (gpu instanceof Error) throw gpu;
  return createWebGpuBackend(gpu);
}

interface Run { res: EnsembleResult; wall: number; cpu: number }

async function timed(backend: SimBackend, job: EnsembleJob): Promise<Run> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const res = await backend.run(job);
  const c = process.cpuUsage(c0);
  return { res, wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
}

/** Largest relative difference of any finite summary value between two runs of the same patients. */
function maxRelDiff(a: EnsembleResult, b: EnsembleResult): { rel: number; name: string } {
  let rel = 0, name = '';
  a.regimens.forEach((ra, r) => {
    for (const [col, va] of Object.entries(ra.summaries)) {
      if (col.endsWith('.time')) continue;
      const vb = b.regimens[r].summaries[col];
      const scale = Math.max(...Array.from(va, (x) => (Number.isFinite(x) ? Math.abs(x) : 0)), 1e-12);
      va.forEach((x, i) => {
        if (!Number.isFinite(x) || !Number.isFinite(vb[i])) return;
        // Relative to the value, floored at 1e-3 of the column's scale (times below a threshold near 0).
        const d = Math.abs(x - vb[i]) / Math.max(Math.abs(x), 1e-3 * scale);
        if (d > rel) { rel = d; name = `${ra.name}: ${col}`; }
      });
    }
  });
  return { rel, name };
}

function describeRun(label: string, run: Run, pr: number): string {
  const lines = [`  ${label}: ${run.wall.toFixed(2)} s wall (${(pr / run.wall).toFixed(1)} patient-regimens/s), ` +
    `${run.cpu.toFixed(2)} CPU-s (${(pr / run.cpu).toFixed(1)} per CPU-s)`];
  for (const reg of run.res.regimens) {
    const s = Float64Array.from(reg.steps);
    const mean = s.reduce((x, y) => x + y, 0) / s.length;
    const failed = reg.failed.reduce((x, y) => x + (y ? 1 : 0), 0);
    lines.push(`    ${reg.name}: steps/patient mean ${mean.toFixed(0)}, max ${Math.max(...s)}; failed ${failed}; ` +
      `SIMD efficiency 32-wide ${simdEfficiency(reg.steps, 32).toFixed(3)}, 64-wide ${simdEfficiency(reg.steps, 64).toFixed(3)}`);
  }
  return lines.join('\n');
}

/** Efficiency of the second regimen with patients ordered by the first regimen's steps (a pilot). */
function bucketed(run: Run): string {
  const [a, b] = run.res.regimens;
  if (!b) return '';
  const order = sortedByPilot(a.steps);
  const steps = Uint32Array.from(order, (i) => b.steps[i]);
  return `    ${b.name}, ordered by ${a.name}'s steps: 32-wide ${simdEfficiency(steps, 32).toFixed(3)}, 64-wide ${simdEfficiency(steps, 64).toFixed(3)}`;
}

async function main(): Promise<void> {
  const backendName = arg('backend', 'cpu');
  const patients = Number(arg('patients', backendName === 'cpu' ? '200' : '64'));
  const backend = await makeBackend(backendName, Number(arg('threads', '1')));
  console.log(`backend: ${backend.describe()}; load average ${loadavg()[0].toFixed(2)}`);
  const files = process.argv.includes('--scenario') ? [arg('scenario', '')] : SCENARIOS;
  for (const file of files) {
    const base = buildJob(await loadScenarioFile(file.includes('/') ? file : join(BUILTIN_SCENARIOS_DIR, file)), { nPatients: patients });
    const pr = patients * base.regimens.length;
    console.log(`${file}: ${patients} patients x ${base.regimens.length} regimens, rtol ${base.solver.rtol}`);
    const runs = new Map<string, Run>();
    for (const method of METHODS) {
      const job = { ...base, solver: { ...base.solver, method } };
      await backend.run({ ...job, nPatients: Math.min(patients, 8) }); // warm-up: compile + JIT
      const run = await timed(backend, job);
      runs.set(method, run);
      console.log(describeRun(method, run, pr));
      console.log(bucketed(run));
    }
    const d = maxRelDiff(runs.get('dopri5')!.res, runs.get('rosenbrock')!.res);
    console.log(`  largest relative summary difference rosenbrock vs dopri5: ${d.rel.toExponential(2)} (${d.name})`);
  }
  await backend.dispose();
}

await main();
