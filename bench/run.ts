/**
 * `npm run bench` — throughput and accuracy of the reference workload (bench/reference-workload.ts),
 * side by side with the native yardstick (bench/native-peer.ts: the same workload in C on the same
 * patients, same machine, same run), reported as ratios per patient-regimen and per solver step.
 * Options: --patients N (10000), --threads T (all cores), --backend cpu|webgpu, --check M (200 patients
 * re-run at rtol 1e-10 for the accuracy figure; 0 skips it), --explicit (no closed-form PK), --no-peer.
 */
import { availableParallelism, loadavg } from 'node:os';
import { createNodeCpuBackend } from '../engine/node/node-cpu-backend.js';
import { createWebGpuBackend } from '../engine/backends/webgpu/webgpu-backend.js';
import { getNodeGpu } from '../engine/node/webgpu-node.js';
import type { SimBackend } from '../engine/backends/backend.js';
import type { EnsembleResult } from '../engine/common/results.js';
import { sortedQuantile7 } from '../engine/common/quantiles.js';
import { buildPeer, runPeer, writePeerPatients } from './native-peer.js';
import { referenceJob } from './reference-workload.js';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
}

async function makeBackend(name: string, threads: number | undefined): Promise<SimBackend> {
  if (name === 'cpu') return createNodeCpuBackend({ threads });
  if (name === 'webgpu') {
    const gpu = getNodeGpu();
    if (gpu instanceof Error) throw gpu;
    return createWebGpuBackend(gpu);
  }
  console.error(`unknown backend '${name}' (available: cpu, webgpu)`);
  process.exit(2);
}

async function main(): Promise<void> {
  const patients = Number(arg('patients', '10000'));
  const threadsArg = arg('threads', '');
  const threads = threadsArg === '' ? undefined : Number(threadsArg);
  const check = Number(arg('check', '200'));
  const backend = await makeBackend(arg('backend', 'cpu'), threads);
  console.log(`backend: ${backend.describe()}`);
  // --explicit integrates the PK compartments numerically too: the measurement behind the
  // closed-form choice (docs/BENCHMARKS.md, "Stiffness").
  const explicit = process.argv.includes('--explicit');
  const make = (n: number, rtol: number) => {
    const j = referenceJob(n, rtol);
    return explicit ? { ...j, solver: { ...j.solver, closedFormLinear: false } } : j;
  };
  const job = make(patients, 1e-6);
  await backend.run(make(Math.min(patients, 64), 1e-6)); // warm-up: compile + JIT
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const res = await backend.run(job);
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  const cpuSecs = (cpu.user + cpu.system) / 1e6;
  const pr = patients * job.regimens.length;
  console.log(`${patients} patients x ${job.regimens.length} regimens in ${secs.toFixed(2)} s: ${(pr / secs).toFixed(0)} patient-regimens/s`);
  // CPU time of all threads: a figure that holds up on a shared machine.
  console.log(`  CPU time ${cpuSecs.toFixed(2)} s: ${(pr / cpuSecs).toFixed(0)} patient-regimens per CPU-second; load average ${loadavg()[0].toFixed(2)}`);
  for (const reg of res.regimens) {
    const steps = Float64Array.from(reg.steps).sort();
    const mean = steps.reduce((a, b) => a + b, 0) / steps.length;
    const failed = reg.failed.reduce((a, b) => a + (b ? 1 : 0), 0);
    console.log(`  ${reg.name}: steps/patient mean ${mean.toFixed(1)}, p95 ${sortedQuantile7(steps, 0.95)}, max ${steps[steps.length - 1]}; failed ${failed}`);
  }
  if (res.notes.length) console.log(`notes: ${res.notes.join('; ')}`);
  if (!process.argv.includes('--no-peer')) comparePeer(res, { wall: pr / secs, cpu: pr / cpuSecs }, threads ?? availableParallelism());
  if (check > 0) {
    const m = Math.min(check, patients);
    // The reference is always the 64-bit CPU backend at rtol 1e-10 (an f32 backend would floor it).
    const refBackend = backend.precision === 64 ? backend : createNodeCpuBackend({ threads });
    const ref = await refBackend.run(referenceJob(m, 1e-10));
    if (refBackend !== backend) await refBackend.dispose();
    console.log(`max relative error vs the 64-bit CPU at rtol 1e-10 (first ${m} patients):`);
    for (const name of ['anc_nadir', 'tumour_final', 'auc']) console.log(`  ${name}: ${maxRelErr(res, ref, name, m).toExponential(2)}`);
  }
  await backend.dispose();
}

/**
 * The native peer on the same patients: both figures and their ratios (per patient-regimen, per
 * step), by wall time and by CPU time of all threads (on a loaded machine only the latter compares
 * runs made a minute apart).
 */
function comparePeer(res: EnsembleResult, ours: { wall: number; cpu: number }, threads: number): void {
  const bin = buildPeer();
  if (bin instanceof Error) { console.log(`native peer skipped: ${bin.message}`); return; }
  const peer = runPeer(bin, writePeerPatients(res.patients!), threads, 1e-6);
  const steps = res.regimens.reduce((a, r) => a + r.steps.reduce((x, y) => x + y, 0), 0) / (res.regimens.length * res.regimens[0].steps.length);
  const tumour = res.regimens.reduce((a, r) => a + r.summaries.tumour_final.reduce((x, y) => x + y, 0), 0) / (res.regimens.length * res.regimens[0].steps.length);
  console.log(`native peer (ref12b.c, gcc -O3 -march=native -fopenmp, ${threads} threads, same patients): ${peer.perSecond.toFixed(0)} patient-regimens/s, ${peer.stepsPerPatientRegimen.toFixed(1)} steps each`);
  console.log(`  same patients: mean final tumour ${tumour.toPrecision(6)} g here, ${peer.checksum.toPrecision(6)} g in C`);
  const ratios = (a: number, b: number): string =>
    `${(a / b).toFixed(3)} per patient-regimen, ${((a * steps) / (b * peer.stepsPerPatientRegimen)).toFixed(3)} per step`;
  console.log(`  ratio oncotwin/C by wall time: ${ratios(ours.wall, peer.perSecond)} (${steps.toFixed(1)} accepted steps here, ${peer.stepsPerPatientRegimen.toFixed(1)} attempted in C: rejections included there)`);
  console.log(`  ratio oncotwin/C by CPU time: ${ratios(ours.cpu, peer.perCpuSecond)} (C: ${peer.perCpuSecond.toFixed(0)} patient-regimens per CPU-second)`);
}

function maxRelErr(a: EnsembleResult, b: EnsembleResult, name: string, m: number): number {
  let worst = 0;
  a.regimens.forEach((reg, r) => {
    const x = reg.summaries[name], y = b.regimens[r].summaries[name];
    for (let i = 0; i < m; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]) / Math.abs(y[i]));
  });
  return worst;
}

await main();
