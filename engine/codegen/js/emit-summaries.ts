/**
 * Emits the summary hooks of a CPU kernel (docs/KERNEL.md §4): extrema with their times, time
 * below/above a threshold with crossings bisected on the dense output, value_at from the dense
 * output, AUC read from its aux state. Numbers (windows, thresholds, times) are runtime data in SP:
 * SP[3s] = from, SP[3s+1] = to, SP[3s+2] = threshold or time. Accumulators live in SA[2s], SA[2s+1].
 */
import type { EnsembleJob, SummarySpec } from '../../common/job.js';

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
  const at: string[] = [], atEnd: string[] = [], write: string[] = [], fail: string[] = [], win: string[] = [];
  let col = 0, auc = 0;
  job.summaries.forEach((s, k) => {
    const o = outIdx.get(s.output);
    if (o === undefined) throw new Error(`codegen: summary '${s.name}' names unknown output '${s.output}'`);
    const v = (src: string): string => `${src}[${o}] * SC[${o}]`;
    const w = `SUMS[r][i * NC + ${col}]`;
    switch (s.kind) {
      case 'max': case 'min': {
        const cmp = s.kind === 'max' ? '>' : '<';
        reset.push(`SA[${2 * k}] = ${s.kind === 'max' ? '-Infinity' : 'Infinity'}; SA[${2 * k + 1}] = NaN;`);
        point.push(`if (t >= SP[${3 * k}] && t <= SP[${3 * k + 1}]) { const v = ${v('O')}; if (v ${cmp} SA[${2 * k}]) { SA[${2 * k}] = v; SA[${2 * k + 1}] = t; } }`);
        write.push(`${w} = SA[${2 * k}]; SUMS[r][i * NC + ${col + 1}] = SA[${2 * k + 1}];`);
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
function sumPoint(t, O) { ${point.join('\n  ')} }
function sumStart(O) { ${start.join(' ')} }
function sumStep(t0, t1, O, dense) {
  ${step.join('\n  ')}
}
function sumValueAt(t0, t1, dense) { ${at.join('\n  ')} }
function sumValueAtEnd(O) { ${atEnd.join(' ')} }
function setWindows(T) { ${win.join(' ')} }
function sumWrite(r, i, code, aux) {
  if (code !== 0) { ${fail.join(' ')} return; }
  ${write.join('\n  ')}
}
// Bisection on the dense output for the time the output crosses thr in (t0, t1), to 1e-6 of the step.
function crossing(o, thr, t0, t1, b0, dense, below) {
  let lo = t0, hi = t1;
  const tol = 1e-6 * (t1 - t0);
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
