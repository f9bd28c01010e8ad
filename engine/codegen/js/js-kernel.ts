/**
 * The CPU target: the kernel program printed as JavaScript (print-js.ts) inside a small harness, as
 * one source text that main threads and workers `eval` alike (workers need no TypeScript loader).
 *
 * The source evaluates to `createKernel()`, returning `{ begin(task), chunk(i0, i1) }`:
 * - begin(task): the run's data buffer, seed, per-regimen uniforms and result buffers (summaries,
 *   status, reported values, sketch counts for the whole patient range, usually shared with the
 *   other threads; the first K trajectories);
 * - chunk(i0, i1): simulates patients [i0, i1) for every regimen, writing by patient index, and adds
 *   the grid values of each patient that did not fail to the regimen's sketch with Atomics.add
 *   (counts commute: the same counts whatever thread ran which patient).
 * Generated code: it says so in its first line.
 */
import type { ExternPrinter } from '../../kernel/lang/ast.js';
import { buildKernelProgram } from '../../kernel/build.js';
import type { KernelPlan } from '../../kernel/plan.js';
import { SKETCH_BUCKETS } from '../../kernel/sketch.js';
import { libmRuntimeJs } from '../libm/libm-js.js';
import { printJs } from './print-js.js';
import { LINEAR_RUNTIME } from './runtime-linear.js';
import { MATH_RUNTIME } from './runtime-math.js';

/**
 * a^b as exp(b·ln a) for a > 0 (the CPU targets' own exp, codegen/libm), inline: a call to rt_pow
 * that V8 does not inline returns a boxed double, and repeating the base's text in the condition
 * would evaluate it (a nested power, the Simeoni growth term) several times. The base goes through
 * its own slot of the Float64Array PW, one per printed site, so nested and sibling powers never
 * share one (kernel functions do not recurse, so a site is never re-entered while its slot is live).
 */
function powPrinter(): { print: ExternPrinter; slots: () => number } {
  let n = 0;
  return {
    print: ([a, b]) => {
      const p = `PW[${n++}]`;
      return `((${p} = ${a}) > 0 ? rt_exp(${b} * rt_log(${p})) : Math.pow(${p}, ${b}))`;
    },
    slots: () => n,
  };
}

function externs(plan: KernelPlan, pow: ExternPrinter): Record<string, ExternPrinter> {
  const nOut = plan.consts.NOUT as number;
  return {
    fd: ([i]) => `FD[${i}]`,
    rand_u: ([k]) => `rt_uniform(SEEDLO, SEEDHI, st_gi, ${k})`,
    pm_get: ([i]) => `PM[${i}]`,
    pm_set: ([i, v]) => `(PM[${i}] = ${v})`,
    out_sum: ([c, v]) => `(OUT_SUM[ROW * ${plan.columns.length} + ${c}] = ${v})`,
    out_status: ([c, s, f]) => `(OUT_ST[ROW * 3] = ${c}, OUT_ST[ROW * 3 + 1] = ${s}, OUT_ST[ROW * 3 + 2] = ${f})`,
    out_grid: ([g, o, v]) => `(GRIDV[(ROWC * ${nOut} + ${o}) * U_n_grid + ${g}] = ${v})`,
    out_report: ([k, v]) => `(OUT_REP[ROW * ${plan.report.length} + ${k}] = ${v})`,
    lin_setup: () => `rt_linsetup(${plan.linear.length}, lin_K, lin_lam, lin_P, LW)`,
    lin_phi: ([l, t, e]) => `rt_phi(${l}, ${t}, ${e})`,
    rt_pow: pow,
    rt_log10: ([x]) => `Math.log10(${x})`,
    rt_round: ([x]) => `rt_round(${x})`,
    rt_erf: ([x]) => `rt_erf(${x})`,
    rt_pnorm: ([x]) => `rt_pnorm(${x})`,
    rt_qnorm: ([x]) => `rt_qnorm(${x})`,
    f_nan: () => 'NaN',
    is_nan: ([x]) => `Number.isNaN(${x})`,
    f_inf: () => 'Infinity',
  };
}

/** The harness around the printed program (plain JS; see the file header for its contract). */
function harness(plan: KernelPlan, uniforms: string[], powSlots: number): string {
  const nOut = plan.consts.NOUT as number;
  const n = plan.linear.length;
  return `
  const LW = new Float64Array(${4 * n * n + 2 * n + 2});
  const PW = new Float64Array(${Math.max(1, powSlots)});
  const NB = ${SKETCH_BUCKETS};
  let FD = null, PM = new Float64Array(1), SEEDLO = 0, SEEDHI = 0, TASK = null;
  let OUT_SUM = null, OUT_ST = null, OUT_REP = null, GRIDV = new Float64Array(1), ROW = 0, ROWC = 0;
  function begin(task) {
    TASK = task; FD = task.fd; SEEDLO = task.seed.lo >>> 0; SEEDHI = task.seed.hi >>> 0;
    if (PM.length < ${plan.consts.DOSE_WORDS} * task.maxDoses) PM = new Float64Array(${plan.consts.DOSE_WORDS} * task.maxDoses);
  }
  function setUniforms(u) {
    ${uniforms.map((k) => `U_${k} = u.${k};`).join(' ')}
  }
  function chunk(i0, i1) {
    const t = TASK, G1 = ${nOut} * t.uniforms[0].n_grid;
    if (GRIDV.length < (i1 - i0) * G1) GRIDV = new Float64Array((i1 - i0) * G1);
    for (let r = 0; r < t.uniforms.length; r++) {
      setUniforms(t.uniforms[r]);
      OUT_SUM = t.out[r].sums; OUT_ST = t.out[r].status; OUT_REP = t.out[r].report;
      const sk = t.out[r].sketch, traj = t.out[r].trajectories;
      for (let i = i0; i < i1; i++) {
        ROW = i - t.start; ROWC = i - i0;
        run_dispatch(i, false);
        if (st_done === 0) throw new Error('kernel: patient ' + i + ' did not finish');
        const base = ROWC * G1;
        if (traj && ROW < t.trajectories) traj.set(GRIDV.subarray(base, base + G1), ROW * G1);
        if (sk && OUT_ST[ROW * 3] === 0) for (let k = 0; k < G1; k++) Atomics.add(sk, k * NB + sketch_bucket(GRIDV[base + k]), 1);
      }
    }
  }
  return { begin, chunk };`;
}

/** The kernel source of `plan` for the CPU backend (cache it by plan.key: it depends on structure only). */
export function jsKernelSource(plan: KernelPlan): string {
  const entries = ['run_dispatch', 'sketch_bucket'];
  const prog = buildKernelProgram(plan, entries);
  const pow = powPrinter();
  const program = printJs(prog, externs(plan, pow.print), entries);
  return `// Generated by oncotwin engine/codegen/js from the kernel program (docs/KERNEL.md) — do not edit. Plan ${plan.key}.
(function () {
'use strict';
${MATH_RUNTIME}
${libmRuntimeJs()}
${LINEAR_RUNTIME}
return function createKernel() {
${program}
${harness(plan, prog.uniforms.map((u) => u.name), pow.slots())}
};
})()`;
}
