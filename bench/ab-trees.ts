/**
 * A/B of two checkouts' CPU kernels on one job, single thread, in one process: each checkout's
 * WebAssembly printer prints the kernel of the same plan (this checkout plans the job), the two run
 * alternately five times, and the best CPU time of each is compared — a loaded machine slows both
 * alike. Also says whether the two kernels' summaries are identical to the bit.
 *   npx tsx bench/ab-trees.ts <checkout A> <checkout B> [ref | scenario file] [patients]
 * `ref` (default) is the reference workload (bench/reference-workload.ts); patients default 1000.
 */
import { createCpuBackend } from '../engine/backends/cpu/cpu-backend.js';
import type { SimBackend } from '../engine/backends/backend.js';
import { buildJob } from '../engine/common/scenario/index.js';
import { loadScenarioFile } from '../engine/run-scenario.js';
import { JS_CAPS, planKernel } from '../engine/kernel/plan.js';
import { referenceJob } from './reference-workload.js';

const [treeA, treeB, what = 'ref', nArg = '1000'] = process.argv.slice(2);
if (!treeA || !treeB) {
  console.error('usage: npx tsx bench/ab-trees.ts <checkout A> <checkout B> [ref | scenario file] [patients]');
  process.exit(2);
}
const n = Number(nArg);
const job = what === 'ref' ? referenceJob(n, 1e-6) : buildJob(await loadScenarioFile(what), { nPatients: n });
const plan = planKernel(job, JS_CAPS);

/** A single-thread CPU backend running `source` (a checkout's printed WebAssembly kernel) for this plan. */
function backendOf(source: string, tag: string): SimBackend {
  const b = createCpuBackend({ target: 'wasm', chunkSize: 1 << 20 });
  const printed = b.compile.bind(b);
  b.compile = async (p) => ({ ...(await printed(p)), key: `${p.key}#${tag}`, source } as Awaited<ReturnType<SimBackend['compile']>>);
  return b;
}

const sources = await Promise.all([treeA, treeB].map(async (tree) =>
  ((await import(`${tree}/engine/codegen/wasm/wasm-kernel.ts`)) as { wasmKernelSource(p: typeof plan): string }).wasmKernelSource(plan)));
const backends = sources.map((s, k) => backendOf(s, String(k)));
for (const b of backends) await b.run({ ...job, nPatients: Math.min(100, n) });
const best = [Infinity, Infinity];
const sums: string[] = [];
for (let r = 0; r < 5; r++) {
  for (const [k, b] of backends.entries()) {
    const c0 = process.cpuUsage();
    const res = await b.run(job);
    const c = process.cpuUsage(c0);
    best[k] = Math.min(best[k], (c.user + c.system) / 1e6);
    sums[k] = JSON.stringify(res.regimens.map((g) => Object.values(g.summaries).map((v) => Array.from(v))));
  }
}
const pr = n * job.regimens.length;
console.log(`A ${(pr / best[0]).toFixed(0)} patient-regimens/CPU-s, B ${(pr / best[1]).toFixed(0)}, B/A ${(best[0] / best[1]).toFixed(3)}, results identical: ${sums[0] === sums[1]}`);
for (const b of backends) await b.dispose();
