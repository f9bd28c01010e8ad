/**
 * The CPU target as WebAssembly: the kernel program printed to a module (print-wasm.ts) inside a
 * small JavaScript harness, one source text that main threads and workers `eval` alike — the same
 * contract as the JS target (js-kernel.ts: `createKernel()` → `{ begin(task), chunk(i0, i1) }`), so
 * the CPU backend, its pools and its caches do not know which one runs.
 *
 * Memory: the module's static layout, then per-run regions the harness places and the module reads
 * through host globals — the current patient's results (summaries, status, reported values), its
 * dose words, its grid values, and the job's data buffer (copied in once per run). After each
 * patient the harness copies the results to the task's buffers by patient index and adds the grid
 * values to the sketch with Atomics.add, as the JS harness does.
 * exp is the module's own (wasm-libm.ts: codegen/libm's algorithm, the JS target's bits);
 * so is φ; host functions: Math's log/pow/cos/… and exp's special values (V8 calls the
 * same C functions for JS), the counter-based draws, the eigen-decomposition and the rarer math of
 * the expression language — the runtimes the JS target embeds, embedded here too.
 */
import { buildKernelProgram } from '../../kernel/build.js';
import type { KernelPlan } from '../../kernel/plan.js';
import { SKETCH_BUCKETS } from '../../kernel/sketch.js';
import { LINEAR_RUNTIME } from '../js/runtime-linear.js';
import { MATH_RUNTIME } from '../js/runtime-math.js';
import { OP } from './wasm-encoder.js';
import type { ExternEmitter, WasmExtern } from './wasm-context.js';
import { printWasm } from './print-wasm.js';

/** Pushes host global `name` (an i32 region base). */
const base = (fx: ExternEmitter, name: string): void => { fx.b.u8(OP.global_get).uleb(fx.m.hostGlobal(name)); };

/** Pushes base + index·8 (a real element of a host region). */
function realAt(fx: ExternEmitter, region: string, index: () => void): void {
  base(fx, region); index(); fx.i32(8); fx.op(OP.i32_mul, OP.i32_add);
}

const EXTERNS: Record<string, WasmExtern> = {
  fd: (fx, [i]) => { realAt(fx, 'fd', i); fx.load('real', 0); },
  rand_u: (fx, [k]) => { fx.expr({ k: 'name', name: 'st_gi', loc: { file: 'wasm-kernel', line: 0, col: 0 } }); k(); fx.callImport('rand_u'); },
  pm_get: (fx, [i]) => { realAt(fx, 'pm', i); fx.load('real', 0); },
  pm_set: (fx, [i, v]) => { realAt(fx, 'pm', i); v(); fx.store('real', 0); },
  out_sum: (fx, [c, v]) => { realAt(fx, 'sum', c); v(); fx.store('real', 0); },
  out_status: (fx, [c, s, f]) => {
    base(fx, 'st'); c(); fx.store('u32', 0);
    base(fx, 'st'); s(); fx.store('u32', 4);
    base(fx, 'st'); f(); fx.store('u32', 8);
  },
  out_grid: (fx, [g, o, v]) => {
    base(fx, 'grid');
    o(); fx.expr({ k: 'name', name: 'n_grid', loc: { file: 'wasm-kernel', line: 0, col: 0 } }); fx.op(OP.i32_mul);
    g(); fx.op(OP.i32_add); fx.i32(8); fx.op(OP.i32_mul, OP.i32_add);
    v(); fx.store('real', 0);
  },
  out_report: (fx, [k, v]) => { realAt(fx, 'rep', k); v(); fx.store('real', 0); },
  lin_setup: (fx) => fx.callImport('lin_setup'),
  lin_phi: (fx, [l, t, e]) => { l(); t(); e(); fx.callIndex(fx.m.libm('phi')); },
  // a^b as exp(b·ln a) for a > 0 with the targets' own exp (codegen/libm), the JS target's
  // formula (js-kernel.ts, powPrinter), base evaluated once.
  rt_pow: (fx, [a, b]) => {
    a(); const p = fx.stash('f64');
    fx.get(p); fx.f64(0); fx.op(OP.f64_gt); fx.b.u8(OP.if, 0x7c);
    b(); fx.get(p); fx.callImport('log'); fx.op(OP.f64_mul); fx.callIndex(fx.m.libm('exp'));
    fx.op(OP.else); fx.get(p); b(); fx.callImport('pow'); fx.op(OP.end);
  },
  rt_log10: (fx, [x]) => { x(); fx.callImport('log10'); },
  rt_round: (fx, [x]) => { x(); fx.callImport('rt_round'); },
  rt_erf: (fx, [x]) => { x(); fx.callImport('rt_erf'); },
  rt_pnorm: (fx, [x]) => { x(); fx.callImport('rt_pnorm'); },
  rt_qnorm: (fx, [x]) => { x(); fx.callImport('rt_qnorm'); },
  f_nan: (fx) => fx.f64(NaN),
  f_inf: (fx) => fx.f64(Infinity),
  is_nan: (fx, [x]) => { x(); const v = fx.stash('f64'); fx.get(v); fx.get(v); fx.op(OP.f64_ne); },
};

const REGIONS = ['sum', 'st', 'rep', 'pm', 'grid', 'fd'];

/** Base64 with the host's btoa (browsers and Node alike; Buffer is Node's only). */
function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** The kernel source of `plan` for the CPU backend's WebAssembly target (cache it by plan.key). */
export function wasmKernelSource(plan: KernelPlan): string {
  const entries = ['run_dispatch', 'sketch_bucket'];
  const prog = buildKernelProgram(plan, entries);
  const printed = printWasm(prog, {
    externs: EXTERNS,
    imports: [
      { name: 'rand_u', params: ['i32', 'i32'], results: ['f64'] },
      { name: 'lin_setup', params: [], results: ['i32'] },
      { name: 'fmod', params: ['f64', 'f64'], results: ['f64'] },
      ...['rt_round', 'rt_erf', 'rt_pnorm', 'rt_qnorm'].map((name) => ({ name, params: ['f64' as const], results: ['f64' as const] })),
    ],
    entries,
    exportGlobals: ['st_done'],
    hostGlobals: REGIONS,
  });
  const n = plan.linear.length;
  const arr = (name: string): number => printed.arrays[name] ?? 0;
  const base64 = toBase64(printed.bytes);
  return `// Generated by oncotwin engine/codegen/wasm from the kernel program (docs/KERNEL.md) — do not edit. Plan ${plan.key}.
(function () {
'use strict';
${MATH_RUNTIME}
${LINEAR_RUNTIME}
const MODULE = new WebAssembly.Module(Uint8Array.from(atob('${base64}'), (ch) => ch.charCodeAt(0)));
return function createKernel() {
  const NOUT = ${plan.consts.NOUT as number}, NCOL = ${plan.columns.length}, NREP = ${plan.report.length}, NB = ${SKETCH_BUCKETS};
  const DOSE_WORDS = ${plan.consts.DOSE_WORDS as number}, STATIC_END = ${printed.staticEnd}, NL = ${n};
  const UNIFORMS = ${JSON.stringify(prog.uniforms.map((u) => u.name))};
  const memory = new WebAssembly.Memory({ initial: ${Math.ceil(printed.staticEnd / 65536) + 1} });
  let F64 = new Float64Array(memory.buffer), U32 = new Uint32Array(memory.buffer);
  const LW = new Float64Array(${4 * n * n + 2 * n + 2});
  let SEEDLO = 0, SEEDHI = 0, TASK = null, LOADED = null;
  const rt = {
    rand_u: (gi, k) => rt_uniform(SEEDLO, SEEDHI, gi >>> 0, k >>> 0),
    lin_setup: () => (rt_linsetup(NL, F64.subarray(${arr('lin_K') / 8}, ${arr('lin_K') / 8 + n * n}),
      F64.subarray(${arr('lin_lam') / 8}, ${arr('lin_lam') / 8 + n}), F64.subarray(${arr('lin_P') / 8}, ${arr('lin_P') / 8 + n * n * n}), LW) ? 1 : 0),
    fmod: (a, b) => a % b, rt_round, rt_erf, rt_pnorm, rt_qnorm,
  };
  const X = new WebAssembly.Instance(MODULE, { env: { memory }, Math, rt }).exports;
  const R = { sum: 0, st: 0, rep: 0, pm: 0, grid: 0, fd: 0 };
  const up8 = (x) => Math.ceil(x / 8) * 8;
  function begin(task) {
    TASK = task; SEEDLO = task.seed.lo >>> 0; SEEDHI = task.seed.hi >>> 0;
    if (task === LOADED) return;
    const G1 = NOUT * task.uniforms[0].n_grid;
    R.sum = STATIC_END; R.st = R.sum + up8(8 * NCOL) + 8; R.rep = R.st + 16; R.pm = R.rep + up8(8 * NREP) + 8;
    R.grid = R.pm + 8 * DOSE_WORDS * task.maxDoses + 8; R.fd = R.grid + 8 * G1 + 8;
    const need = R.fd + 8 * task.fd.length;
    if (need > memory.buffer.byteLength) {
      memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
      F64 = new Float64Array(memory.buffer); U32 = new Uint32Array(memory.buffer);
    }
    F64.set(task.fd, R.fd / 8);
    for (const k in R) X[k].value = R[k];
    LOADED = task;
  }
  function chunk(i0, i1) {
    const t = TASK, G1 = NOUT * t.uniforms[0].n_grid;
    const sum = R.sum / 8, st = R.st / 4, rep = R.rep / 8, grid = R.grid / 8;
    for (let r = 0; r < t.uniforms.length; r++) {
      const u = t.uniforms[r];
      for (const k of UNIFORMS) X['U_' + k].value = u[k];
      const o = t.out[r], sk = o.sketch, traj = o.trajectories;
      for (let i = i0; i < i1; i++) {
        const ROW = i - t.start;
        X.run_dispatch(i, 0);
        if (X.st_done.value === 0) throw new Error('kernel: patient ' + i + ' did not finish');
        // Element loops, not set(subarray): no view allocated per patient.
        for (let c = 0; c < NCOL; c++) o.sums[ROW * NCOL + c] = F64[sum + c];
        o.status[ROW * 3] = U32[st]; o.status[ROW * 3 + 1] = U32[st + 1]; o.status[ROW * 3 + 2] = U32[st + 2];
        for (let c = 0; c < NREP; c++) o.report[ROW * NREP + c] = F64[rep + c];
        if (traj && ROW < t.trajectories) traj.set(F64.subarray(grid, grid + G1), ROW * G1);
        if (sk && U32[st] === 0) for (let k = 0; k < G1; k++) Atomics.add(sk, k * NB + X.sketch_bucket(F64[grid + k]), 1);
      }
    }
  }
  return { begin, chunk };
};
})()`;
}
