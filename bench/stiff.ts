/**
 * `npm run bench:stiff` — the stiff scenarios (nab-paclitaxel's saturable distribution, paclitaxel's
 * Crombag model) on the same patients with DOPRI5, the Rosenbrock stepper (Rodas4) and `auto`
 * (DOPRI5 switching per patient on Hairer's stiffness test): steps per patient, throughput (wall and
 * CPU time), how far each method's summaries are from DOPRI5's, and SIMD efficiency (mean / max
 * steps per group of 32 and 64 consecutive patients, and with patients ordered by a pilot's step
 * counts) — docs/BENCHMARKS.md, "Stiff models" and "Divergence".
 * Options: --patients N (200 CPU, 64 WebGPU), --backend cpu|webgpu (cpu), --threads T (1),
 * --scenario FILE (default: both stiff scenarios; a name in scenarios/ or a path).
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
const METHODS: SolverSpec['method'][] = ['dopri5', 'rosenbrock', 'auto'];

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

const CONTINUOUS = new Set(['min', 'max', 'auc', 'value_at']);

/**
 * How far run b's summaries are from run a's on the same patients: the largest relative difference
 * of the continuous ones (extrema, AUC, values), and the largest absolute difference (internal time
 * units) of time-below/above columns, which jump where a patient's curve grazes the threshold.
 */
function summaryDiff(job: EnsembleJob, a: EnsembleResult, b: EnsembleResult): string {
  let rel = 0, relName = '', abs = 0, absName = '';
  for (const q of job.summaries) {
    a.regimens.forEach((ra, r) => {
      const va = ra.summaries[q.name], vb = b.regimens[r].summaries[q.name];
      va.forEach((x, i) => {
        if (!Number.isFinite(x) || !Number.isFinite(vb[i])) return;
        if (CONTINUOUS.has(q.kind)) {
          const d = Math.abs(x - vb[i]) / Math.max(Math.abs(x), 1e-12);
          if (d > rel) { rel = d; relName = `${ra.name}: ${q.name}`; }
        } else if (Math.abs(x - vb[i]) > abs) { abs = Math.abs(x - vb[i]); absName = `${ra.name}: ${q.name}`; }
      });
    });
  }
  return `continuous summaries ≤ ${rel.toExponential(2)} relative (${relName}); threshold times ≤ ${abs.toPrecision(3)} (${absName || 'none'})`;
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
    for (const m of METHODS.slice(1)) console.log(`  ${m} vs dopri5: ${summaryDiff(base, runs.get('dopri5')!.res, runs.get(m)!.res)}`);
  }
  await backend.dispose();
}

await main();
