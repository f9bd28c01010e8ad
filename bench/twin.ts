/**
 * `npm run bench:twin` — the patient twin's two timed targets (docs/BENCHMARKS.md "Twin"):
 * 1. MAP for one patient with 10 ANC measurements under the docetaxel Kloft model on the CPU
 *    backend in the calling thread (target < 200 ms): median of --repeats runs after one warm-up.
 * 2. The posterior by SIR with --candidates (≥ 10⁵) candidate patients on the CPU worker backend
 *    and on WebGPU (SwiftShader here; a hardware GPU where there is one), after the same MAP.
 * Options: --repeats N (7), --candidates N (100000), --threads T (all cores), --backends cpu,webgpu
 * (`none`: the MAP only).
 */
import { loadavg } from 'node:os';
import type { SimBackend } from '../engine/backends/backend.js';
import { createCpuBackend } from '../engine/backends/cpu/cpu-backend.js';
import { createWebGpuBackend } from '../engine/backends/webgpu/webgpu-backend.js';
import { loadModel } from '../engine/common/model/load-model.js';
import type { PatientRecord } from '../engine/common/patient-record/record.js';
import { createNodeCpuBackend } from '../engine/node/node-cpu-backend.js';
import { NodeFileHost } from '../engine/node/node-file-host.js';
import { getNodeGpu } from '../engine/node/webgpu-node.js';
import { estimateMap } from '../engine/twin/map.js';
import { twinObjective } from '../engine/twin/objective.js';
import { twinProblem } from '../engine/twin/problem.js';
import { sampleImportance } from '../engine/twin/sir.js';
import { twinSimulator } from '../engine/twin/simulator.js';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
}

const pos = { file: 'bench', line: 1, col: 1 };
const DAYS = [0, 3, 5, 7, 9, 11, 14, 17, 19, 21];
const ANC = [5.1, 4.8, 3.1, 1.6, 0.7, 0.45, 0.9, 2.6, 4.0, 4.9];
const record: PatientRecord = {
  id: 'bench', file: 'bench',
  covariates: [{ name: 'SEX', value: 'F', pos }],
  doses: [{ time: 0, amount: 140, unit: 'mg', duration: 1, pos }],
  observations: DAYS.map((d, k) => ({ time: d * 24, output: 'ANC', value: ANC[k], unit: '1e9/L', bql: false, pos })),
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const model = await loadModel(new URL('../models/docetaxel-kloft2006.yaml', import.meta.url).pathname, new NodeFileHost());
  const problem = twinProblem(model, record);
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  const cpu = createCpuBackend();
  const objective = twinObjective(problem, twinSimulator(cpu, problem));
  const repeats = Number(arg('repeats', '7'));
  const times: number[] = [];
  let map = await estimateMap(problem, objective);
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    map = await estimateMap(problem, objective);
    times.push(performance.now() - t0);
  }
  console.log(`MAP, 10 ANC, docetaxel Kloft, CPU backend (calling thread): median ${median(times).toFixed(0)} ms, min ${Math.min(...times).toFixed(0)} ms over ${repeats} runs; ${map.iterations} BFGS iterations, ${map.batches} backend runs, ${map.evaluations} candidate simulations, converged: ${map.converged}`);

  const candidates = Number(arg('candidates', '100000'));
  const threads = process.argv.includes('--threads') ? Number(arg('threads', '0')) : undefined;
  for (const name of arg('backends', 'cpu,webgpu').split(',').filter((b) => b !== '' && b !== 'none')) {
    if (name !== 'cpu' && name !== 'webgpu') throw new Error(`--backends takes cpu, webgpu or none, got "${name}"`);
    let backend: SimBackend;
    if (name === 'cpu') backend = createNodeCpuBackend({ threads });
    else {
      const gpu = getNodeGpu();
      if (gpu instanceof Error) { console.log(`webgpu: unavailable (${gpu.message})`); continue; }
      backend = await createWebGpuBackend(gpu);
    }
    const obj = twinObjective(problem, twinSimulator(backend, problem));
    // Warm-up: compiles the kernel (once per model structure after the kernel rewrite).
    await sampleImportance(map, obj, 64, 1);
    const t0 = performance.now();
    const sir = await sampleImportance(map, obj, candidates, 1);
    const ms = performance.now() - t0;
    console.log(`posterior (SIR), ${candidates} candidates, ${backend.describe()}: ${(ms / 1000).toFixed(2)} s (${Math.round(candidates / (ms / 1000))} candidates/s), ESS ${sir.ess.toFixed(0)}, failed ${sir.failed}`);
    await backend.dispose();
  }
  await cpu.dispose();
}

main().catch((e) => { console.error(e); process.exit(1); });
