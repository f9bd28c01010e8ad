/**
 * IR → one JavaScript kernel source per (model structure, solver method, summaries shape, regimen
 * structure). Values (parameters, literals of dose levels and population programs, grid, tolerances,
 * dose times, N) are runtime data (see kernel-data.ts), so the source text itself is the cache key.
 *
 * The source is an expression evaluating to `createKernel()`, which returns `{ bind(D), run(i0, i1) }`:
 * bind points the instance at one run's data D; run simulates patients [i0, i1) for every regimen,
 * writing results by patient index into D.out.
 */
import type { EnsembleJob } from '../../common/job.js';
import { ConstPool } from './emit-expr.js';
import { emitModel, makeLayout, type KernelLayout } from './emit-model.js';
import { emitSolver, emitSolverConstants } from './emit-solver.js';
import { needsDynamicDosing } from '../../common/dosing/rules.js';
import { emitRules } from './emit-rules.js';
import { emitSummaries } from './emit-summaries.js';
import { LINEAR_RUNTIME } from './runtime-linear.js';
import { MATH_RUNTIME } from './runtime-math.js';

export interface KernelSource {
  /** JavaScript expression text evaluating to createKernel(). */
  source: string;
  /** Literals lifted out of job-level expressions, in `C[...]` order. */
  constants: number[];
  layout: KernelLayout;
}

function emitEvents(job: EnsembleJob, L: KernelLayout): string {
  const m = job.model;
  const tstate = m.doseTargets.map((d) => m.states.findIndex((s) => s.name === d.state));
  if (tstate.includes(-1)) throw new Error('codegen: a dose target names an unknown state');
  const linPos = m.states.map((_, j) => L.lin.indexOf(j));
  const slotCf = m.states.map((_, j) => L.nonLin.indexOf(j));
  return `const TSTATE = [${tstate.join(', ')}], LINPOS = [${linPos.join(', ')}], SLOTCF = [${slotCf.join(', ')}];
// Effective doses of regimen r for the current patient, sorted (time, infusion ends first, plan order).
function buildEvents(r) {
  NEV = 0;
  const T = DT[r], G = DG[r], LV = DL[r];
  for (let d = 0; d < T.length; d++) {
    const g = G[d], te = T[d] + TLAG[g];
    if (!(te < HORIZON)) continue;
    pushDose(te, level(r, LV[d]) * TF[g], duration(r, d), TSTATE[g], d);
  }
  sortEvents();
  NBP = 0;
  BPS[NBP++] = 0; BPS[NBP++] = HORIZON;
  for (let e = 0; e < NEV; e++) if (EVT[e] > 0) BPS[NBP++] = EVT[e];
  for (let e = 0; e < WEDGE.length; e++) if (WEDGE[e] > 0 && WEDGE[e] < HORIZON) BPS[NBP++] = WEDGE[e];
  const s = BPS.subarray(0, NBP).sort();
  let u = 0;
  for (let e = 0; e < NBP; e++) if (e === 0 || s[e] !== s[e - 1]) BP[u++] = s[e];
  NBP = u;
  EP = 0;
}
// A dose's events: a bolus, or an infusion start and (before the horizon) its end.
function pushDose(te, amt, dur, sj, d) {
  if (dur > 0) {
    pushEvent(te, 2, sj, amt / dur, d);
    if (te + dur < HORIZON) pushEvent(te + dur, 0, sj, amt / dur, d);
  } else pushEvent(te, 1, sj, amt, d);
}
// Insertion sort of the event order (few events; stable, no allocation).
function sortEvents() {
  for (let a = 1; a < NEV; a++) {
    const x = ORD[a];
    let b = a - 1;
    while (b >= 0 && evLater(ORD[b], x)) { ORD[b + 1] = ORD[b]; b--; }
    ORD[b + 1] = x;
  }
}
function pushEvent(t, kind, sj, a, seq) {
  EVT[NEV] = t; EVK[NEV] = kind; EVS[NEV] = sj; EVA[NEV] = a; EVQ[NEV] = seq; ORD[NEV] = NEV; NEV++;
}
function evLater(a, b) {
  if (EVT[a] !== EVT[b]) return EVT[a] > EVT[b];
  const ka = EVK[a] === 0 ? 0 : 1, kb = EVK[b] === 0 ? 0 : 1;
  if (ka !== kb) return ka > kb;
  return EVQ[a] > EVQ[b];
}
function applyEvent(e) {
  const sj = EVS[e];
  if (EVK[e] === 0) { RCNT[sj]--; RATE[sj] = RCNT[sj] === 0 ? 0 : RATE[sj] - EVA[e]; return -1; }
  if (EVK[e] === 2) { RCNT[sj]++; RATE[sj] += EVA[e]; return -1; }
  return sj;
}
function applyEventsFull(T) {
  while (EP < NEV && EVT[ORD[EP]] <= T) { const e = ORD[EP++], sj = applyEvent(e); if (sj >= 0) Y[sj] += EVA[e]; }
}
function applyEventsCf(T) {
  while (EP < NEV && EVT[ORD[EP]] <= T) {
    const e = ORD[EP++], sj = applyEvent(e);
    if (sj >= 0) { if (LINPOS[sj] >= 0) XT[LINPOS[sj]] += EVA[e]; else Y[SLOTCF[sj]] += EVA[e]; }
  }
}`;
}

function emitLinear(L: KernelLayout): string {
  const n = L.lin.length;
  if (n === 0) return 'function linStartFull(T) {}\nfunction linEndFull(T, TE) {}';
  return `const NL = ${n}, LIN = [${L.lin.join(', ')}];
function linStartFull(T) {}
function linEndFull(T, TE) {}
// Coefficients of the closed form on [T, next breakpoint): LA_k = P_k x_T, LC_k = P_k b.
function linStartCf(T) {
  LT = T;
  for (let k = 0; k < NL; k++) for (let a = 0; a < NL; a++) {
    let sa = 0, sc = 0;
    for (let b = 0; b < NL; b++) { const p = PK[k * NL * NL + a * NL + b]; sa += p * XT[b]; sc += p * RATE[LIN[b]]; }
    LA[k * NL + a] = sa; LC[k * NL + a] = sc;
  }
  LINB = 0;
  for (let b = 0; b < NL; b++) if (RATE[LIN[b]] !== 0) LINB = 1;
}
function linEndCf(T, TE) {
  const tau = TE - T;
  for (let a = 0; a < NL; a++) XT[a] = 0;
  for (let k = 0; k < NL; k++) {
    const e = Math.exp(LAM[k] * tau), g = rt_phi(LAM[k], tau, e);
    for (let a = 0; a < NL; a++) XT[a] += e * LA[k * NL + a] + g * LC[k * NL + a];
  }
}`;
}

function emitRun(L: KernelLayout, dynamic: boolean): string {
  const hasLin = L.lin.length > 0;
  const nyFull = L.nStates;
  const nyCf = L.nonLin.length;
  return `function run(i0, i1) {
  for (let i = i0; i < i1; i++) {
    population(i);
    individual();
    ${hasLin ? 'const cf = USE_CF && rt_linsetup(NL, KM, LAM, PK, LW);\n    FALLBACK[i] = USE_CF && !cf ? 1 : 0;' : 'const cf = false;'}
    for (let r = 0; r < NR; r++) {
      initStates(X0);
      ${dynamic ? 'ruleInit(r); buildEventsDyn(r, 0);' : 'buildEvents(r);'}
      RATE.fill(0); RCNT.fill(0);
      sumReset();
      Y.fill(0);
      let code;
      ${hasLin ? `if (cf) {
        for (let a = 0; a < NL; a++) XT[a] = X0[LIN[a]];
        for (let j = 0; j < ${nyCf}; j++) Y[j] = X0[[${L.nonLin.join(', ')}][j]];
        code = solveCf(r, i);
        sumWrite(r, i, code, ${nyCf});
      } else ` : ''}{
        for (let j = 0; j < ${nyFull}; j++) Y[j] = X0[j];
        code = solveFull(r, i);
        sumWrite(r, i, code, ${nyFull});
      }
      FAILED[r][i] = code;
      STEPS[r][i] = STEPS_ACC;
      if (code !== 0) { const g = GRIDV[r]; for (let q = i * NOUT * NG; q < (i + 1) * NOUT * NG; q++) g[q] = NaN; }
    }
  }
}
function gridStore(r, i, gi, o) {
  const g = GRIDV[r], base = i * NOUT * NG + gi;
  for (let k = 0; k < NOUT; k++) g[base + k * NG] = o[k] * SC[k];
}`;
}

/** Per-step double scalars, stored in SV (see the kernel prelude). */
const SCALAR_SLOTS = ['DT0', 'DH', 'PT0', 'PH', 'LT', 'GT', 'GV'];

/** Builds the kernel source for a job. Throws on internal IR inconsistencies (unknown names). */
export function emitKernel(job: EnsembleJob): KernelSource {
  const L = makeLayout(job);
  const pool = new ConstPool();
  const method = job.solver.method;
  const nAux = L.aucOutputs.length;
  const nyFull = L.nStates + nAux, nyCf = L.nonLin.length + nAux;
  const n = L.lin.length;
  const dynamic = needsDynamicDosing(job);
  const header = `// Generated by oncotwin engine/codegen/js/emit-kernel.ts — do not edit.
// Model '${job.model.name.replace(/[^\w .-]/g, '_')}', method ${method}, ${L.nStates} states (${n} closed-form linear), ${job.summaries.length} summaries${dynamic ? ', dynamic doses (protocol rules / per-cycle windows)' : ''}.`;
  const body = `${header}
(function () {
'use strict';
${MATH_RUNTIME}
${LINEAR_RUNTIME}
${emitSolverConstants()}
return function createKernel() {
  // Runtime data, rebound per run (bind) so one compiled instance per thread keeps its JIT state.
  let P, C, GRID, NG, HORIZON, SP, SC, RTOL, HMAX, H0, HMIN, MAXSTEPS, USE_CF, ATOLFull, ATOLCf, TD, TROWS, SEEDLO, SEEDHI;
  let DT, DG, DL, DC, DUR, WEDGE, GRIDV, SUMS, FAILED, STEPS, FALLBACK;
  let EVT, EVA, EVK, EVS, EVQ, ORD, BPS, BP;
  function bind(D) {
    // SP is copied: per-cycle summary windows are rewritten per (patient, regimen) in dynamic kernels.
    P = D.P; C = D.C; GRID = D.grid; NG = GRID.length; HORIZON = D.horizon; SP = Float64Array.from(D.sp); SC = D.scale;
    RTOL = D.rtol; HMAX = D.hmax; H0 = D.h0; HMIN = D.hmin; MAXSTEPS = D.maxSteps; USE_CF = D.useCf;
    ATOLFull = D.atolFull; ATOLCf = D.atolCf; TD = D.table; TROWS = D.tableRows; SEEDLO = D.seedLo; SEEDHI = D.seedHi;
    DT = D.doseTime; DG = D.doseTarget; DL = D.doseLevel; DC = D.doseCycle; DUR = D.doseDur; WEDGE = D.windowEdges;
    GRIDV = D.out.grid; SUMS = D.out.sums; FAILED = D.out.failed; STEPS = D.out.steps; FALLBACK = D.out.fallback;
    let cap = 2;
    for (let r = 0; r < DT.length; r++) cap = Math.max(cap, 2 * DT[r].length);
    if (!EVT || EVT.length < cap) {
      EVT = new Float64Array(cap); EVA = new Float64Array(cap); EVK = new Int32Array(cap);
      EVS = new Int32Array(cap); EVQ = new Int32Array(cap); ORD = new Int32Array(cap);
    }
    // Breakpoints: events (≤ cap), pending decision times of a dynamic kernel (≤ cap / 2), window edges, 0 and horizon.
    if (!BPS || BPS.length < 2 * cap + WEDGE.length + 2) { BPS = new Float64Array(2 * cap + WEDGE.length + 2); BP = new Float64Array(BPS.length); }
  }
  const NR = ${job.regimens.length}, NOUT = ${L.nOut};
  const PV = new Float64Array(${Math.max(1, L.popNames.length)}), IV = new Float64Array(${Math.max(1, L.indNames.length)});
  const TLAG = new Float64Array(${Math.max(1, job.model.doseTargets.length)}), TF = new Float64Array(TLAG.length);
  const KM = new Float64Array(${Math.max(1, n * n)}), LAM = new Float64Array(${Math.max(1, n)}), PK = new Float64Array(${Math.max(1, n * n * n)});
  const LW = new Float64Array(${4 * n * n + 2 * n + 2}), LA = new Float64Array(${Math.max(1, n * n)}), LC = new Float64Array(LA.length), XT = new Float64Array(${Math.max(1, n)});
  const X0 = new Float64Array(${L.nStates}), RATE = new Float64Array(${L.nStates}), RCNT = new Int32Array(${L.nStates});
  const AUCON = new Float64Array(${Math.max(1, nAux)}), SA = new Float64Array(${2 * Math.max(1, job.summaries.length)}), EX = new Float64Array(${6 * Math.max(1, job.summaries.length)});
  const O = new Float64Array(${L.nOut}), RO = new Float64Array(${L.nOut}), OD = new Float64Array(${L.nOut}), OV = new Float64Array(${L.nOut});
  const NY = ${nyFull};
  const Y = new Float64Array(NY), YN = new Float64Array(NY), YT = new Float64Array(NY), YD = new Float64Array(NY);
  const K1 = new Float64Array(NY), K2 = new Float64Array(NY), K3 = new Float64Array(NY), K4 = new Float64Array(NY);
  const K5 = new Float64Array(NY), K6 = new Float64Array(NY), K7 = new Float64Array(NY);
  const RC1 = new Float64Array(NY), RC2 = new Float64Array(NY), RC3 = new Float64Array(NY), RC4 = new Float64Array(NY), RC5 = new Float64Array(NY);
  const PC1 = new Float64Array(NY), PC2 = new Float64Array(NY), PC3 = new Float64Array(NY), PC4 = new Float64Array(NY), PC5 = new Float64Array(NY);
  // Doubles written every step live in a typed array: mutable closure variables would box them, and
  // so would double arguments of calls V8 does not inline. SV[7] = time of an rhs/outs call, SV[8..9] =
  // the accepted step [t0, t1], SV[10] = time of a sumPoint.
  const SV = new Float64Array(16);
  let NEV = 0, NBP = 0, EP = 0, STEPS_ACC = 0, CUR = 0, LINB = 0;
  function rand(k) { return rt_uniform(SEEDLO, SEEDHI, CUR, k); }
${emitModel(job, L, pool)}
${emitSummaries(job)}
${emitEvents(job, L)}
${dynamic ? emitRules(job, L, pool) : ''}
${emitLinear(L)}
${emitSolver('Full', nyFull, method, dynamic)}
${n > 0 ? emitSolver('Cf', nyCf, method, dynamic) : ''}
${emitRun(L, dynamic)}
  return { bind, run };
};
})()`;
  const source = body.replace(/\b(DT0|DH|PT0|PH|LT|GT|GV)\b/g, (v) => `SV[${SCALAR_SLOTS.indexOf(v)}]`);
  return { source, constants: pool.values, layout: L };
}
