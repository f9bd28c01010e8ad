/**
 * Emits the protocol-rule machinery of a CPU kernel (docs/KERNEL.md §7): per-(patient, regimen) dose
 * bookkeeping, one compiled `decide` function per regimen (its rule conditions inlined as JS), the
 * dynamic event list rebuilt after each decision, trackers (time below/above a threshold in the
 * current cycle), per-cycle summary windows, and the dose-delivery summary columns.
 *
 * Used in "dynamic" kernels only: jobs whose regimens have rules, or whose summaries have cycle
 * windows or dosing columns. Other kernels keep the static event list of emit-kernel.ts.
 */
import { DOSING_STATS, type EnsembleJob } from '../../common/job.js';
import { emitExpr, type ConstPool } from './emit-expr.js';
import { patientScope, type KernelLayout } from './emit-model.js';


/** All trackers of the job, regimen by regimen (kernel slots TRA[j]). */
function allTrackers(job: EnsembleJob): { regimen: number; name: string; output: string; kind: 'below' | 'above'; threshold: number; unitFactor: number }[] {
  return job.regimens.flatMap((r, ri) => (r.rules?.trackers ?? []).map((t) => ({ regimen: ri, ...t })));
}

function emitDecide(job: EnsembleJob, L: KernelLayout, pool: ConstPool, ri: number, trackBase: number): string {
  const reg = job.regimens[ri];
  const rules = reg.rules?.rules ?? [];
  const scope = patientScope(job.model, L);
  job.model.outputs.forEach((o, k) => scope.set(`out:${o.name}`, `(O[${k}] * SC[${k}])`));
  scope.set('rule:delays', 'RDEL');
  scope.set('rule:delayed', 'PDEL[d]');
  scope.set('rule:reductions', 'RLEV');
  scope.set('rule:cycle', 'DCr[d]');
  scope.set('rule:dose', '(d + 1)');
  (reg.rules?.trackers ?? []).forEach((t, j) => scope.set(`track:${t.name}`, `(TRA[${trackBase + j}] / ${pool.lift(t.unitFactor)})`));
  const resolve = (name: string): string => {
    const v = scope.get(name);
    if (v === undefined) throw new Error(`codegen: unknown symbol '${name}' in a rule of regimen '${reg.name}'`);
    return v;
  };
  const cond = (i: number): string => `${emitExpr(rules[i].when, resolve, pool)} !== 0`;
  const lines: string[] = [];
  rules.forEach((q, i) => {
    if (q.action !== 'delay') return;
    const exhausted = q.then === 'give' ? '' : ' else { ruleStop(d); return true; }';
    lines.push(`if (${cond(i)}) { if (PDEL[d] < ${pool.lift(q.max ?? 1)}) { ruleShift(d, ${pool.lift(q.by ?? 0)}); continue; }${exhausted} }`);
  });
  const reduce = rules.map((q, i) => (q.action === 'reduce' ? i : -1)).filter((i) => i >= 0);
  if (reduce.length) {
    lines.push(`if (${reduce.map((i) => `(${cond(i)})`).join(' || ')}) { if (RLEV + 1 < ${reg.levels.length}) RLEV++; else { ruleStop(d); return true; } }`);
  }
  const stop = rules.map((q, i) => (q.action === 'discontinue' ? i : -1)).filter((i) => i >= 0);
  if (stop.length) lines.push(`if (${stop.map((i) => `(${cond(i)})`).join(' || ')}) { ruleStop(d); return true; }`);
  return `function decide${ri}(T) {
  const n = DT[${ri}].length, DCr = DC[${ri}];
  let changed = false;
  for (let d = 0; d < n; d++) {
    if (PS[d] !== 0 || !(PT[d] <= T)) continue;
    changed = true;
    ${lines.join('\n    ')}
    ruleGive(${ri}, d);
  }
  return changed;
}`;
}

/** Per-cycle windows: summary k with cycle c gets [start of c, next existing cycle start or horizon). */
function emitCycleWindows(job: EnsembleJob): string {
  const cyc = job.summaries.map((s, k) => ((s.kind === 'min' || s.kind === 'max') && s.cycle !== undefined ? { k, c: s.cycle } : undefined))
    .filter((x): x is { k: number; c: number } => x !== undefined);
  if (cyc.length === 0) return 'function cycWindows(r) {}';
  const maxC = Math.max(...cyc.map((x) => x.c));
  return `const CYS = new Float64Array(${maxC + 2});
// Cycle c's window opens when its first dose is given and closes at the (possibly delayed) time of
// the next cycle's first dose still pending or given, else at the horizon. A cycle none of whose
// doses was given (beyond the plan, discontinued, or after the horizon) has no window: NaN.
function cycWindows(r) {
  CYS.fill(Infinity);
  const n = DT[r].length, DCr = DC[r];
  for (let d = 0; d < n; d++) { const c = DCr[d]; if (c <= ${maxC} && PS[d] === 1 && PT[d] < CYS[c]) CYS[c] = PT[d]; }
  ${cyc.map(({ k, c }) => `SP[${3 * k}] = CYS[${c}] < HORIZON ? CYS[${c}] : Infinity; SP[${3 * k + 1}] = nextStart(r, ${c});`).join('\n  ')}
}
function nextStart(r, c) {
  let s = HORIZON;
  const n = DT[r].length, DCr = DC[r];
  for (let d = 0; d < n; d++) if (DCr[d] > c && PS[d] !== 2 && PT[d] < s) s = PT[d];
  return s;
}`;
}

/** The dynamic dose path: bookkeeping, decisions, event rebuild, trackers, dosing statistics. */
export function emitRules(job: EnsembleJob, L: KernelLayout, pool: ConstPool): string {
  const tr = allTrackers(job);
  const outIdx = new Map(job.model.outputs.map((o, k) => [o.name, k]));
  const nDoses = Math.max(1, ...job.regimens.map((r) => r.doses.length));
  let base = 0;
  const decides = job.regimens.map((r, ri) => {
    const text = emitDecide(job, L, pool, ri, base);
    base += r.rules?.trackers.length ?? 0;
    return text;
  });
  const trStart = tr.map((t, j) => `TRV[${j}] = O[${outIdx.get(t.output)}] * SC[${outIdx.get(t.output)}];`);
  const trStep = tr.map((t, j) => {
    const o = outIdx.get(t.output)!;
    const cmp = t.kind === 'below' ? '<' : '>';
    return `if (r === ${t.regimen}) { const thr = ${pool.lift(t.threshold)}, v0 = TRV[${j}], v1 = O[${o}] * SC[${o}];
    const b0 = v0 ${cmp} thr, b1 = v1 ${cmp} thr;
    if (b0 && b1) TRA[${j}] += t1 - t0;
    else if (b0 !== b1) { const tc = crossing(${o}, thr, t0, t1, b0, dense, ${t.kind === 'below' ? 1 : 0}); TRA[${j}] += b0 ? tc - t0 : t1 - tc; }
    TRV[${j}] = v1; }`;
  });
  return `// Dose bookkeeping of the current (patient, regimen): planned time (delays shift it), status
// (0 pending, 1 given, 2 not given: discontinued), delays of each dose, administered amount.
const PT = new Float64Array(${nDoses}), PS = new Int8Array(${nDoses}), PDEL = new Int32Array(${nDoses}), PA = new Float64Array(${nDoses});
const TRA = new Float64Array(${Math.max(1, tr.length)}), TRV = new Float64Array(TRA.length);
const NLEV = [${job.regimens.map((r) => r.levels.length).join(', ')}];
let RDEL = 0, RLEV = 0, RDISC = 0;
function ruleInit(r) {
  const n = DT[r].length;
  for (let d = 0; d < n; d++) { PT[d] = DT[r][d]; PS[d] = 0; PDEL[d] = 0; PA[d] = 0; }
  RDEL = 0; RLEV = 0; RDISC = 0; TRA.fill(0);
}
function ruleShift(d, by) {
  const n = PT.length;
  for (let e = d; e < n; e++) if (PS[e] === 0) PT[e] += by;
  PDEL[d]++; RDEL++;
}
function ruleStop(d) {
  for (let e = d; e < PS.length; e++) if (PS[e] === 0) PS[e] = 2;
  RDISC = 1;
}
function ruleGive(r, d) {
  PS[d] = 1;
  PA[d] = level(r, Math.min(DL[r][d] + RLEV, NLEV[r] - 1));
  // Trackers count time in the current cycle: they restart with the first dose of a cycle.
  if (d === 0 || DC[r][d] !== DC[r][d - 1]) TRA.fill(0);
}
${decides.join('\n')}
function decide(r, T) {
  switch (r) {
    ${job.regimens.map((_, ri) => `case ${ri}: return decide${ri}(T);`).join('\n    ')}
  }
  return false;
}
// Events of the doses given so far, and breakpoints from T on: T, later events, pending decision
// times, summary window edges, the horizon. Events before T were applied already.
function buildEventsDyn(r, T) {
  NEV = 0;
  const n = DT[r].length, G = DG[r];
  for (let d = 0; d < n; d++) {
    if (PS[d] !== 1) continue;
    const g = G[d], te = PT[d] + TLAG[g];
    if (!(te < HORIZON)) continue;
    pushDose(te, PA[d] * TF[g], duration(r, d), TSTATE[g], d);
  }
  sortEvents();
  cycWindows(r);
  NBP = 0;
  BPS[NBP++] = T; BPS[NBP++] = HORIZON;
  for (let e = 0; e < NEV; e++) if (EVT[e] > T) BPS[NBP++] = EVT[e];
  for (let d = 0; d < n; d++) if (PS[d] === 0 && PT[d] > T && PT[d] < HORIZON) BPS[NBP++] = PT[d];
  for (let e = 0; e < WEDGE.length; e++) if (WEDGE[e] > T && WEDGE[e] < HORIZON) BPS[NBP++] = WEDGE[e];
  const s = BPS.subarray(0, NBP).sort();
  let u = 0;
  for (let e = 0; e < NBP; e++) if (e === 0 || s[e] !== s[e - 1]) BP[u++] = s[e];
  NBP = u;
  EP = 0;
  while (EP < NEV && EVT[ORD[EP]] < T) EP++;
}
${emitCycleWindows(job)}
function ruleStart(O) { ${trStart.join(' ')} }
function ruleStep(O, dense, r) {
  const t0 = SV[8], t1 = SV[9];
  ${trStep.join('\n  ')}
}
// Dose-delivery statistics, in DOSING_STATS order: ${DOSING_STATS.join(', ')}.
function dosingStat(r, s) {
  if (s >= 3) return s === 3 ? RDEL : s === 4 ? RLEV : RDISC;
  const n = DT[r].length;
  let given = 0, planned = 0;
  for (let d = 0; d < n; d++) {
    if (PS[d] === 1) given += PA[d];
    if (DT[r][d] < HORIZON) planned += level(r, DL[r][d]);
  }
  return s === 0 ? given : s === 1 ? planned : given / planned;
}`;
}
