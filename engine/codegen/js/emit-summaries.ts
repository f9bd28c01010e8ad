/**
 * Emits the summary hooks of a CPU kernel (docs/KERNEL.md §4): extrema with their times, time
 * below/above a threshold with crossings bisected on the dense output, value_at from the dense
 * output, AUC read from its aux state. Numbers (windows, thresholds, times) are runtime data in SP:
 * SP[3s] = from, SP[3s+1] = to, SP[3s+2] = threshold or time. Accumulators live in SA[2s], SA[2s+1].
 */
import { DOSING_STATS, type EnsembleJob, type SummarySpec } from '../../common/job.js';

/** Result columns per summary: extrema get a second `${name}.time` column. */
export function summaryColumns(summaries: SummarySpec[]): string[] {
  const cols: string[] = [];
  for (const s of summaries) {
    cols.push(s.name);
    if (s.kind === 'max' || s.kind === 'min') cols.push(`${s.name}.time`);
  }
  return cols;
}

export function emitSummaries(job: EnsembleJob): string {
  const outIdx = new Map(job.model.outputs.map((o, j) => [o.name, j]));
  const reset: string[] = [], point: string[] = [], start: string[] = [], step: string[] = [];
  const refine: string[] = [];
  const at: string[] = [], atEnd: string[] = [], write: string[] = [], fail: string[] = [], win: string[] = [];
  let col = 0, auc = 0;
  job.summaries.forEach((s, k) => {
    if (s.kind === 'value_at' && s.dosing !== undefined) {
      // A dose-delivery counter of the rules machinery (emit-rules.ts), read at the end of the run.
      write.push(`SUMS[r][i * NC + ${col}] = dosingStat(r, ${DOSING_STATS.indexOf(s.dosing)});`);
      fail.push(`SUMS[r][i * NC + ${col}] = NaN;`);
      col++;
      return;
    }
    const o = outIdx.get(s.output);
    if (o === undefined) throw new Error(`codegen: summary '${s.name}' names unknown output '${s.output}'`);
    const v = (src: string): string => `${src}[${o}] * SC[${o}]`;
    const w = `SUMS[r][i * NC + ${col}]`;
    switch (s.kind) {
      case 'max': case 'min': {
        const cmp = s.kind === 'max' ? '>' : '<';
        reset.push(`SA[${2 * k}] = ${s.kind === 'max' ? '-Infinity' : 'Infinity'}; SA[${2 * k + 1}] = NaN;`);
        point.push(`if (t >= SP[${3 * k}] && t <= SP[${3 * k + 1}]) { const v = ${v('O')}; if (v ${cmp} SA[${2 * k}]) { SA[${2 * k}] = v; SA[${2 * k + 1}] = t; } }`);
        const sg = s.kind === 'max' ? -1 : 1, e = 6 * k;
        start.push(`EX[${e + 2}] = T; EX[${e + 3}] = ${sg} * ${v('O')}; EX[${e + 4}] = 1;`);
        reset.push(`EX[${e + 5}] = NaN;`);
        refine.push(`{ const te = SA[${2 * k + 1}], best = ${sg} * SA[${2 * k}], w1 = ${sg} * ${v('O')}, wm = EX[${e + 3}];
    const recent = te >= EX[${e}] && te < t1 && te !== EX[${e + 5}];
    const turn = wm <= EX[${e + 1}] && wm < w1 && wm - best <= 1e-2 * Math.abs(best) && EX[${e + 2}] !== EX[${e + 5}];
    if (EX[${e + 4}] === 2 && (recent || turn)) {
      GV = best; GT = te;
      golden(densePrev, ${o}, ${sg}, Math.max(EX[${e}], SP[${3 * k}]), Math.min(EX[${e + 2}], SP[${3 * k + 1}]));
      golden(dense, ${o}, ${sg}, Math.max(EX[${e + 2}], SP[${3 * k}]), Math.min(t1, SP[${3 * k + 1}]));
      SA[${2 * k}] = ${sg} * GV; SA[${2 * k + 1}] = GT; EX[${e + 5}] = GT;
    }
    EX[${e}] = EX[${e + 2}]; EX[${e + 1}] = wm; EX[${e + 2}] = t1; EX[${e + 3}] = w1; EX[${e + 4}] = 2; }`);
        // A per-cycle window the regimen never reached (empty) reports NaN, not ±Infinity.
        write.push(s.cycle !== undefined
          ? `if (Number.isFinite(SA[${2 * k}])) { ${w} = SA[${2 * k}]; SUMS[r][i * NC + ${col + 1}] = SA[${2 * k + 1}]; } else { ${w} = NaN; SUMS[r][i * NC + ${col + 1}] = NaN; }`
          : `${w} = SA[${2 * k}]; SUMS[r][i * NC + ${col + 1}] = SA[${2 * k + 1}];`);
        fail.push(`${w} = NaN; SUMS[r][i * NC + ${col + 1}] = NaN;`);
        col += 2;
        break;
      }
      case 'auc':
        win.push(`AUCON[${auc}] = (T >= SP[${3 * k}] && T < SP[${3 * k + 1}]) ? 1 : 0;`);
        write.push(`${w} = Y[aux + ${auc}] * SC[${o}];`);
        fail.push(`${w} = NaN;`);
        auc++; col++;
        break;
      case 'time_below': case 'time_above': {
        const cmp = s.kind === 'time_below' ? '<' : '>';
        reset.push(`SA[${2 * k}] = 0;`);
        start.push(`SA[${2 * k + 1}] = ${v('O')};`);
        step.push(`{ const thr = SP[${3 * k + 2}], v0 = SA[${2 * k + 1}], v1 = ${v('O')};
    const b0 = v0 ${cmp} thr, b1 = v1 ${cmp} thr;
    if (b0 && b1) SA[${2 * k}] += t1 - t0;
    else if (b0 !== b1) { const tc = crossing(${o}, thr, t0, t1, b0, dense, ${cmp === '<' ? 1 : 0}); SA[${2 * k}] += b0 ? tc - t0 : t1 - tc; }
    SA[${2 * k + 1}] = v1; }`);
        write.push(`${w} = SA[${2 * k}];`);
        fail.push(`${w} = NaN;`);
        col++;
        break;
      }
      case 'value_at':
        reset.push(`SA[${2 * k}] = NaN;`);
        at.push(`{ const tv = SP[${3 * k + 2}]; if (tv >= t0 && tv < t1) { dense(tv, OV); SA[${2 * k}] = ${v('OV')}; } }`);
        atEnd.push(`if (SP[${3 * k + 2}] >= HORIZON) SA[${2 * k}] = ${v('O')};`);
        write.push(`${w} = SA[${2 * k}];`);
        fail.push(`${w} = NaN;`);
        col++;
        break;
    }
  });
  return `const NC = ${col};
function sumReset() { ${reset.join(' ')} }
function sumPoint(O) {
  const t = SV[10]; ${point.join('\n  ')} }
function sumStart(T, O) { ${start.join(' ')} }
function sumStep(O, dense) {
  const t0 = SV[8], t1 = SV[9];
  ${step.join('\n  ')}
}
// The true extremum lies between sampled points. Refine on the dense output of the last two steps
// (golden section) when the running extreme was set inside them, or when the step ends turn there
// within 1% of the running extreme (a later, nearly equal extremum); once per point.
function sumRefine(O, dense, densePrev) {
  const t1 = SV[9];
  ${refine.join('\n  ')}
}
function sumValueAt(dense) {
  const t0 = SV[8], t1 = SV[9]; ${at.join('\n  ')} }
function sumValueAtEnd(O) { ${atEnd.join(' ')} }
function setWindows(T) { ${win.join(' ')} }
function sumWrite(r, i, code, aux) {
  if (code !== 0) { ${fail.join(' ')} return; }
  ${write.join('\n  ')}
}
// Golden-section search for the smallest sg·output on [a, b] (to 1e-6 of the interval); improves GT, GV.
function golden(dense, o, sg, a, b) {
  if (!(b > a)) return;
  const R = 0.6180339887498949, tol = 1e-6 * (b - a);
  let x1 = b - R * (b - a), x2 = a + R * (b - a);
  dense(x1, OV); let f1 = sg * OV[o] * SC[o];
  dense(x2, OV); let f2 = sg * OV[o] * SC[o];
  while (b - a > tol) {
    if (f1 <= f2) { b = x2; x2 = x1; f2 = f1; x1 = b - R * (b - a); dense(x1, OV); f1 = sg * OV[o] * SC[o]; }
    else { a = x1; x1 = x2; f1 = f2; x2 = a + R * (b - a); dense(x2, OV); f2 = sg * OV[o] * SC[o]; }
  }
  if (f1 < GV) { GV = f1; GT = x1; }
  if (f2 < GV) { GV = f2; GT = x2; }
}
// Bisection on the dense output for the time the output crosses thr in (t0, t1), to 1e-9 of the step.
function crossing(o, thr, t0, t1, b0, dense, below) {
  let lo = t0, hi = t1;
  const tol = 1e-9 * (t1 - t0);
  while (hi - lo > tol) {
    const mid = 0.5 * (lo + hi);
    dense(mid, OV);
    const v = OV[o] * SC[o];
    const b = below ? v < thr : v > thr;
    if (b === b0) lo = mid; else hi = mid;
  }
  return 0.5 * (lo + hi);
}`;
}
