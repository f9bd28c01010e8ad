/**
 * Emits the model-specific JavaScript of a CPU kernel: the population program, individual
 * parameters, initial states, dose lag/F/levels/durations, and the right-hand sides and outputs in
 * both modes (closed-form linear subsystem, or all numerical). Straight-line code; names resolve to
 * typed-array slots (P params, PV population values, IV individual values) or locals.
 */
import type { EnsembleJob } from '../../common/job.js';
import type { ModelIR } from '../../common/ir.js';
import { ConstPool, emitExpr, mapResolver } from './emit-expr.js';

/** Index bookkeeping shared by the emitters and the host-side data builder. */
export interface KernelLayout {
  nStates: number;
  /** Model-state indices of the linear subsystem, in `ModelIR.linear.states` order (empty if none). */
  lin: number[];
  /** Model-state indices integrated numerically in closed-form mode. */
  nonLin: number[];
  /** Output index of each AUC summary, in summary order of appearance. */
  aucOutputs: number[];
  nOut: number;
  popNames: string[];
  indNames: string[];
}

export function makeLayout(job: EnsembleJob): KernelLayout {
  const m = job.model;
  const stateIdx = new Map(m.states.map((s, j) => [s.name, j]));
  const lin = m.linear ? m.linear.states.map((n) => {
    const j = stateIdx.get(n);
    if (j === undefined) throw new Error(`codegen: linear subsystem names unknown state '${n}'`);
    return j;
  }) : [];
  const nonLin = m.states.map((_, j) => j).filter((j) => !lin.includes(j));
  const outIdx = new Map(m.outputs.map((o, j) => [o.name, j]));
  const aucOutputs = job.summaries.filter((s) => s.kind === 'auc').map((s) => outIdx.get(s.output) ?? -1);
  const popNames: string[] = [];
  for (const a of job.population.assigns) if (!popNames.includes(a.name)) popNames.push(a.name);
  const indNames: string[] = [];
  for (const a of m.individual) if (!indNames.includes(a.name)) indNames.push(a.name);
  return { nStates: m.states.length, lin, nonLin, aucOutputs, nOut: m.outputs.length, popNames, indNames };
}

/** Patient-level scope: individual > population > params. */
export function patientScope(m: ModelIR, L: KernelLayout): Map<string, string> {
  const s = new Map<string, string>();
  m.params.forEach((p, j) => s.set(p.name, `P[${j}]`));
  L.popNames.forEach((n, j) => s.set(n, `PV[${j}]`));
  L.indNames.forEach((n, j) => s.set(n, `IV[${j}]`));
  return s;
}

function emitPopulation(job: EnsembleJob, L: KernelLayout, pool: ConstPool): string {
  const s = new Map<string, string>();
  job.model.params.forEach((p, j) => s.set(p.name, `P[${j}]`));
  job.population.table?.columns.forEach((c, j) => s.set(`table.${c}`, `TD[${j} * TROWS + i]`));
  const lines: string[] = [];
  for (const a of job.population.assigns) {
    const slot = L.popNames.indexOf(a.name);
    lines.push(`  PV[${slot}] = ${emitExpr(a.expr, mapResolver(s, `population assign '${a.name}'`), pool)};`);
    s.set(a.name, `PV[${slot}]`);
  }
  return `function population(i) {\n  CUR = i;\n${lines.join('\n')}\n}`;
}

function emitIndividual(m: ModelIR, L: KernelLayout): string {
  const s = new Map<string, string>();
  m.params.forEach((p, j) => s.set(p.name, `P[${j}]`));
  L.popNames.forEach((n, j) => s.set(n, `PV[${j}]`));
  const lines: string[] = [];
  for (const a of m.individual) {
    const slot = L.indNames.indexOf(a.name);
    lines.push(`  IV[${slot}] = ${emitExpr(a.expr, mapResolver(s, `individual '${a.name}'`))};`);
    s.set(a.name, `IV[${slot}]`);
  }
  const r = mapResolver(s, 'dose target / linear matrix');
  m.doseTargets.forEach((d, j) => {
    lines.push(`  TLAG[${j}] = ${emitExpr(d.lag, r)};`, `  TF[${j}] = ${emitExpr(d.bioavailability, r)};`);
  });
  m.linear?.k.forEach((e, j) => lines.push(`  KM[${j}] = ${emitExpr(e, r)};`));
  return `function individual() {\n${lines.join('\n')}\n}`;
}

function emitInit(m: ModelIR, L: KernelLayout): string {
  const r = mapResolver(patientScope(m, L), 'state init');
  const lines = m.states.map((st, j) => `  X[${j}] = ${emitExpr(st.init, r)};`);
  return `function initStates(X) {\n${lines.join('\n')}\n}`;
}

/** Dose level amounts and non-constant infusion durations, per regimen (literals lifted into C). */
function emitDosing(job: EnsembleJob, L: KernelLayout, pool: ConstPool): string {
  const r = mapResolver(patientScope(job.model, L), 'dose level');
  const lv: string[] = [], du: string[] = [];
  job.regimens.forEach((reg, ri) => {
    reg.levels.forEach((e, li) => lv.push(`  if (r === ${ri} && l === ${li}) return ${emitExpr(e, r, pool)};`));
    reg.doses.forEach((d, di) => {
      if (d.duration.k !== 'num') du.push(`  if (r === ${ri} && d === ${di}) return ${emitExpr(d.duration, r, pool)};`);
    });
  });
  return `function level(r, l) {\n${lv.join('\n')}\n  return NaN;\n}\nfunction duration(r, d) {\n${du.join('\n')}\n  return DUR[r][d];\n}`;
}

/** Right-hand side and outputs for one mode. In Cf mode linear states come from the closed form. */
function emitRhsOuts(m: ModelIR, L: KernelLayout, mode: 'Cf' | 'Full'): string {
  const scope = patientScope(m, L);
  scope.set('t', 't');
  const numeric = mode === 'Cf' ? L.nonLin : m.states.map((_, j) => j);
  const lin = mode === 'Cf' ? L.lin : [];
  m.states.forEach((st, j) => scope.set(st.name, `s${j}`));
  m.derived.forEach((d, j) => scope.set(d.name, `d${j}`));
  const r = mapResolver(scope, `model '${m.name}' right-hand side`);
  const targets = new Set(m.doseTargets.map((d) => m.states.findIndex((s) => s.name === d.state)));
  const prelude: string[] = [];
  if (lin.length) {
    const n = lin.length;
    prelude.push('  const tau = t - LT;');
    // LINB = 0 when no infusion runs into the subsystem on this interval: the input terms vanish.
    for (let k = 0; k < n; k++) prelude.push(`  const e${k} = Math.exp(LAM[${k}] * tau), g${k} = LINB !== 0 ? rt_phi(LAM[${k}], tau, e${k}) : 0;`);
    lin.forEach((sj, row) => {
      const terms: string[] = [];
      for (let k = 0; k < n; k++) terms.push(`e${k} * LA[${k * n + row}] + g${k} * LC[${k * n + row}]`);
      prelude.push(`  const s${sj} = ${terms.join(' + ')};`);
    });
  }
  numeric.forEach((sj, slot) => prelude.push(`  const s${sj} = y[${slot}];`));
  m.derived.forEach((d, j) => prelude.push(`  const d${j} = ${emitExpr(d.expr, r)};`));
  const body = numeric.map((sj, slot) =>
    `  f[${slot}] = ${emitExpr(m.odes[sj], r)}${targets.has(sj) ? ` + RATE[${sj}]` : ''};`);
  L.aucOutputs.forEach((oj, a) =>
    body.push(`  f[${numeric.length + a}] = AUCON[${a}] * (${emitExpr(m.outputs[oj].expr, r)});`));
  const outs = m.outputs.map((o, j) => `  o[${j}] = ${emitExpr(o.expr, r)};`);
  // The right-hand side also leaves the outputs in RO: after the last stage (t + h, y_new) of an
  // accepted step they are the step-end outputs, saving one evaluation per step.
  body.push(...m.outputs.map((o, j) => `  RO[${j}] = ${emitExpr(o.expr, r)};`));
  // Time arrives in SV[7] rather than as an argument: a double argument to a call V8 does not inline
  // is boxed, one allocation per stage.
  const withT = ['  const t = SV[7];', ...prelude];
  return `${fnText(`rhs${mode}(y, f)`, withT, body)}\n${fnText(`outs${mode}(y, o)`, withT, outs)}`;
}

/**
 * One function: drops prelude locals nothing reads (e.g. peripheral amounts of a closed-form PK
 * subsystem), and hoists each typed-array read of a patient constant (P, PV, IV) into a local,
 * since stores into f could alias those arrays and would otherwise force repeated loads.
 */
function fnText(sig: string, prelude: string[], body: string[]): string {
  const keep: string[] = [];
  let text = body.join('\n');
  for (let k = prelude.length - 1; k >= 0; k--) {
    const m = /^ {2}const (\w+) = /.exec(prelude[k]);
    const names = m ? prelude[k].match(/\b[a-z]\d+(?= =)/g) ?? [m[1]] : [];
    if (m && !names.some((nm) => new RegExp(`\\b${nm}\\b`).test(text))) continue;
    keep.unshift(prelude[k]);
    text = `${prelude[k]}\n${text}`;
  }
  let all = [...keep, ...body].join('\n');
  const hoisted = new Map<string, string>();
  all = all.replace(/\b(P|PV|IV)\[(\d+)\]/g, (_, a: string, i: string) => {
    const key = `${a.toLowerCase()}_${i}`;
    hoisted.set(key, `${a}[${i}]`);
    return key;
  });
  const decl = [...hoisted].map(([k, v]) => `  const ${k} = ${v};`).join('\n');
  return `function ${sig} {\n${decl}\n${all}\n}`;
}

/** All model-specific functions of a kernel. */
export function emitModel(job: EnsembleJob, L: KernelLayout, pool: ConstPool): string {
  const parts = [emitPopulation(job, L, pool), emitIndividual(job.model, L), emitInit(job.model, L),
    emitDosing(job, L, pool), emitRhsOuts(job.model, L, 'Full')];
  if (L.lin.length) parts.push(emitRhsOuts(job.model, L, 'Cf'));
  return parts.join('\n');
}
