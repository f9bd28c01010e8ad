/**
 * Nothing a file writes reaches generated code except through the IR (issue 15, item 7): model ids,
 * state, parameter, output and summary names containing CR, LF, U+2028, comment terminators or WGSL
 * and JavaScript source change neither the generated code nor the results.
 */
import { describe, expect, it } from 'vitest';
import { ir, type ModelIR } from '../../engine/common/ir.js';
import type { EnsembleJob } from '../../engine/common/job.js';
import { createCpuBackend } from '../../engine/backends/cpu/cpu-backend.js';
import { jsKernelSource } from '../../engine/codegen/js/js-kernel.js';
import { wgslKernel } from '../../engine/codegen/wgsl/wgsl-kernel.js';
import { JS_CAPS, planKernel, WGSL_CAPS } from '../../engine/kernel/plan.js';
import { cmtModel, makeJob } from '../backends/webgpu/fixtures.js';

const HOSTILE = [
  'x\nfn tanh(x: f32) -> f32 { return 0.0; }\n//',
  'y\r*/ globalThis.pwned = 1; /*',
  'z\u2028}); process.exit(1); ({',
  "q'); throw new Error('injected'); ('",
];

/** The fixture model and job with every file-chosen name replaced by `name`. */
function renamed(name: string): EnsembleJob {
  const m: ModelIR = cmtModel({ n: 2 });
  const rename = (s: string): string => `${name}.${s}`;
  const map = new Map<string, string>();
  for (const s of m.states) map.set(s.name, rename(s.name));
  const sub = (e: ReturnType<typeof ir.ref>): ReturnType<typeof ir.ref> => JSON.parse(JSON.stringify(e), (k, v) => (k === 'name' && typeof v === 'string' && map.has(v) ? map.get(v) : v));
  const model: ModelIR = {
    ...m, name, description: name,
    states: m.states.map((s) => ({ ...s, name: rename(s.name), unit: name })),
    odes: m.odes.map(sub), outputs: m.outputs.map((o) => ({ ...o, name: rename(o.name), description: name, expr: sub(o.expr) })),
    doseTargets: m.doseTargets.map((d) => ({ ...d, name: rename(d.name), state: rename(d.state) })),
    linear: m.linear && { states: m.linear.states.map(rename), k: m.linear.k },
  };
  const job = makeJob(model, { nPatients: 5, summaries: [{ kind: 'max', name: `${name}.cmax`, output: rename('C') }] });
  job.regimens[0].name = name;
  return job;
}

describe('no file content in generated code', () => {
  it('hostile names leave the JavaScript and WGSL kernels unchanged, and the results too', async () => {
    const clean = renamed('m');
    const js = jsKernelSource(planKernel(clean, JS_CAPS));
    const wgsl = wgslKernel(planKernel(clean, WGSL_CAPS)).code;
    const be = createCpuBackend();
    const want = (await be.run(clean)).regimens[0].summaries['m.cmax'];
    for (const name of HOSTILE) {
      const job = renamed(name);
      const p = planKernel(job, JS_CAPS);
      expect(jsKernelSource(p).replace(p.key, '')).toBe(js.replace(planKernel(clean, JS_CAPS).key, ''));
      const w = planKernel(job, WGSL_CAPS);
      expect(wgslKernel(w).code.replace(w.key, '')).toBe(wgsl.replace(planKernel(clean, WGSL_CAPS).key, ''));
      const got = (await be.run(job)).regimens[0].summaries[`${name}.cmax`];
      expect(got).toEqual(want);
    }
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
    await be.dispose();
  });
});
