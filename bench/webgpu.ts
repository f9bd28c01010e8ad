/**
 * `npx tsx bench/webgpu.ts` — the WebGPU backend on the reference workload (bench/reference-workload.ts):
 * throughput, steps per patient, and SIMD divergence (how unevenly the 64 invocations of a workgroup
 * finish: efficiency = mean steps / max steps within each workgroup, averaged), optionally accuracy
 * against the CPU backend (f64) on the first M patients.
 * Options: --patients N (4096), --steps S (steps per dispatch, 256), --batch B, --check M (0),
 * --dump FILE (write the generated WGSL of the workload there), --no-order (the second regimen's
 * patients in index order instead of ordered by the first regimen's step counts).
 * Besides wall-clock throughput it prints patient-regimens per CPU-second of the whole process
 * (SwiftShader's worker threads included) and the load average: on a shared machine the CPU-time
 * figure is the steadier one for A/B comparisons. On Linux it also prints the CPU time of
 * SwiftShader's worker threads alone (the shader's own cost, without the host's polling).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { wgslKernel } from '../engine/codegen/wgsl/wgsl-kernel.js';
import { planKernel, WGSL_CAPS } from '../engine/kernel/plan.js';
import { createWebGpuBackend } from '../engine/backends/webgpu/webgpu-backend.js';
import { getNodeGpu } from '../engine/node/webgpu-node.js';
import type { RegimenResult } from '../engine/common/results.js';
import { simdEfficiency, sortedByPilot } from '../engine/backends/webgpu/simd-efficiency.js';
import { referenceJob } from './reference-workload.js';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
}

/** CPU seconds per thread name of this process (Linux /proc; empty elsewhere). */
function threadCpu(): Map<string, number> {
  const out = new Map<string, number>();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const name = stat.slice(stat.indexOf('(') + 1, close);
      const f = stat.slice(close + 2).split(' ');
      // Fields 14 and 15 (utime, stime) in clock ticks; 100 per second on Linux.
      out.set(name, (out.get(name) ?? 0) + (Number(f[11]) + Number(f[12])) / 100);
    }
  } catch {
    // Not Linux: no per-thread figure.
  }
  return out;
}

function stepStats(r: RegimenResult): string {
  const s = Float64Array.from(r.steps).sort();
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  const failed = r.failed.reduce((a, b) => a + (b ? 1 : 0), 0);
  return `steps/patient mean ${mean.toFixed(1)}, min ${s[0]}, max ${s[s.length - 1]}; failed ${failed}; ` +
    `efficiency 64-wide ${simdEfficiency(r.steps, 64).toFixed(3)}, 32-wide ${simdEfficiency(r.steps, 32).toFixed(3)}, 4-wide ${simdEfficiency(r.steps, 4).toFixed(3)}`;
}

/** Regimen b's SIMD efficiency at `width` with its patients ordered by regimen a's step counts (what the backend does). */
function orderedEfficiency(a: Uint32Array, b: Uint32Array, width: number): number {
  return simdEfficiency(Uint32Array.from(sortedByPilot(a), (i) => b[i]), width);
}

async function main(): Promise<void> {
  const patients = Number(arg('patients', '4096'));
  const gpu = getNodeGpu();
  if (gpu instanceof Error) throw gpu;
  const batch = arg('batch', '');
  const backend = await createWebGpuBackend(gpu, {
    maxStepsPerDispatch: Number(arg('steps', '256')),
    maxBatchPatients: batch ? Number(batch) : undefined,
    orderByPilot: !process.argv.includes('--no-order'),
  });
  console.log(`backend: ${backend.describe()}`);
  await backend.run(referenceJob(64, 1e-6)); // warm-up: pipeline compile
  const job = referenceJob(patients, 1e-6);
  const dump = arg('dump', '');
  if (dump) writeFileSync(dump, wgslKernel(planKernel(job, WGSL_CAPS)).code);
  const load0 = loadavg()[0];
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const th0 = threadCpu();
  const res = await backend.run(job);
  const th1 = threadCpu();
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  const cpuSecs = (cpu.user + cpu.system) / 1e6;
  const pr = patients * job.regimens.length;
  console.log(`${patients} patients x ${job.regimens.length} regimens in ${secs.toFixed(2)} s: ${(pr / secs).toFixed(0)} patient-regimens/s`);
  console.log(`  CPU time ${cpuSecs.toFixed(2)} s: ${(pr / cpuSecs).toFixed(0)} patient-regimens per CPU-second; ` +
    `load average ${load0.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after`);
  let workers = 0;
  for (const [name, t] of th1) if (name.startsWith('Thread<')) workers += t - (th0.get(name) ?? 0);
  const host = (th1.get('node') ?? 0) - (th0.get('node') ?? 0);
  if (workers > 0) {
    console.log(`  SwiftShader worker threads ${workers.toFixed(2)} CPU-s: ${(pr / workers).toFixed(0)} patient-regimens per worker CPU-second; main thread ${host.toFixed(2)} CPU-s`);
  }
  for (const r of res.regimens) console.log(`  ${r.name}: ${stepStats(r)}`);
  if (res.regimens.length > 1) {
    const [a, b] = res.regimens;
    const w = (n: number) => `${orderedEfficiency(a.steps, b.steps, n).toFixed(3)} (vs ${simdEfficiency(b.steps, n).toFixed(3)})`;
    console.log(`  ${b.name} ordered by ${a.name}'s steps (orderByPilot): efficiency 64-wide ${w(64)}, 32-wide ${w(32)}, 4-wide ${w(4)}`);
  }
  if (res.notes.length) console.log(`notes: ${res.notes.join('; ')}`);
  const check = Number(arg('check', '0'));
  if (check > 0) {
    const { createNodeCpuBackend } = await import('../engine/node/node-cpu-backend.js');
    const cpu = createNodeCpuBackend({});
    const ref = await cpu.run(referenceJob(Math.min(check, patients), 1e-10));
    console.log(`max relative difference vs CPU f64 at rtol 1e-10 (first ${Math.min(check, patients)} patients):`);
    for (const name of ['anc_nadir', 'tumour_final', 'auc']) {
      let worst = 0;
      res.regimens.forEach((reg, k) => {
        const x = reg.summaries[name], y = ref.regimens[k].summaries[name];
        for (let i = 0; i < Math.min(check, patients); i++) worst = Math.max(worst, Math.abs(x[i] - y[i]) / Math.abs(y[i]));
      });
      console.log(`  ${name}: ${worst.toExponential(2)}`);
    }
    await cpu.dispose();
  }
  await backend.dispose();
}

await main();
